// SPDX-License-Identifier: Apache-2.0
// A test fixture that runs the lmctfy tool against a mocked ContainerApi and
// captures what it prints.

#ifndef LMCTFY_TESTS_UNIT_CLI_CLI_FIXTURE_H_
#define LMCTFY_TESTS_UNIT_CLI_CLI_FIXTURE_H_

#include <sys/types.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "cli/cli_environment.h"
#include "cli/cli_runner.h"
#include "tests/unit/cli/mock_lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {

class CliFixture : public ::testing::Test {
 protected:
  // What the fake getppid() returns.
  static constexpr pid_t kParentPid = 4242;

  CliFixture() : owned_api_(new ::testing::NiceMock<MockContainerApi>()) {
    api_ = owned_api_.get();
    env_.new_api = [this]() -> absl::StatusOr<std::unique_ptr<ContainerApi>> {
      ++new_api_calls_;
      if (!new_api_status_.ok()) return new_api_status_;
      return std::unique_ptr<ContainerApi>(std::move(owned_api_));
    };
    env_.init_machine = [this](const InitSpec& spec) {
      init_specs_.push_back(spec);
      return init_status_;
    };
    env_.parent_pid = [] { return kParentPid; };
    env_.out = &out_;
    env_.err = &err_;
  }

  // Runs "lmctfy <words...>" and returns the exit status.
  int Run(std::vector<std::string> words) {
    words.insert(words.begin(), "lmctfy");
    return RunCli(words, env_);
  }

  // Makes api_->Get(name) hand out a new mock container, returned here for
  // setting expectations. The tool owns it once Get is called.
  MockContainer* ExpectGet(const std::string& name) {
    MockContainer* container = NewContainer(name);
    EXPECT_CALL(*api_, Get(::testing::Eq(std::string(name))))
        .WillOnce([this, container](absl::string_view) {
          return absl::StatusOr<std::unique_ptr<Container>>(Take(container));
        });
    return container;
  }

  // A mock container whose name() is `name`, owned by the fixture until
  // Take() hands it out.
  MockContainer* NewContainer(const std::string& name) {
    auto container = std::make_unique<::testing::NiceMock<MockContainer>>();
    names_.push_back(std::make_unique<std::string>(name));
    ON_CALL(*container, name())
        .WillByDefault(::testing::ReturnRef(*names_.back()));
    MockContainer* raw = container.get();
    pending_.push_back(std::move(container));
    return raw;
  }

  std::unique_ptr<Container> Take(MockContainer* container) {
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [container](const std::unique_ptr<Container>& c) {
                             return c.get() == container;
                           });
    std::unique_ptr<Container> taken = std::move(*it);
    pending_.erase(it);
    return taken;
  }

  std::ostringstream out_;
  std::ostringstream err_;
  CliEnvironment env_;
  // Valid until a command takes the API (at most once per fixture).
  MockContainerApi* api_;
  int new_api_calls_ = 0;
  absl::Status new_api_status_;
  std::vector<InitSpec> init_specs_;
  absl::Status init_status_;

 private:
  std::unique_ptr<MockContainerApi> owned_api_;
  std::vector<std::unique_ptr<std::string>> names_;
  std::vector<std::unique_ptr<Container>> pending_;
};

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_UNIT_CLI_CLI_FIXTURE_H_
