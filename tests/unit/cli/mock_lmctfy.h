// SPDX-License-Identifier: Apache-2.0
// GoogleMock stand-ins for the public ContainerApi and Container, used by the
// command-line tool's tests.

#ifndef LMCTFY_TESTS_UNIT_CLI_MOCK_LMCTFY_H_
#define LMCTFY_TESTS_UNIT_CLI_MOCK_LMCTFY_H_

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {

class MockContainerApi : public ContainerApi {
 public:
  MOCK_METHOD(absl::StatusOr<std::unique_ptr<Container>>, Get,
              (absl::string_view name), (const, override));
  MOCK_METHOD(absl::StatusOr<std::unique_ptr<Container>>, Create,
              (absl::string_view name, const ContainerSpec& spec),
              (const, override));
  MOCK_METHOD(absl::Status, Destroy, (Container * container),
              (const, override));
  MOCK_METHOD(absl::Status, Destroy,
              (Container * container, DestroyPolicy policy), (const, override));
  MOCK_METHOD(absl::StatusOr<bool>, Exists, (absl::string_view name),
              (const, override));
  MOCK_METHOD(absl::Status, RemoveRemnants, (absl::string_view name),
              (const, override));
  MOCK_METHOD(absl::StatusOr<std::string>, Detect, (pid_t tid),
              (const, override));
};

class MockContainer : public Container {
 public:
  MOCK_METHOD(absl::Status, Update,
              (const ContainerSpec& spec, UpdatePolicy policy), (override));
  MOCK_METHOD(absl::Status, Enter, (const std::vector<pid_t>& tids),
              (override));
  MOCK_METHOD(absl::StatusOr<pid_t>, Run,
              (const std::vector<std::string>& argv, const RunSpec& spec),
              (override));
  MOCK_METHOD(absl::Status, Exec, (const std::vector<std::string>& argv),
              (override));
  MOCK_METHOD(absl::StatusOr<ContainerSpec>, Spec, (), (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<std::unique_ptr<Container>>>,
              ListSubcontainers, (ListPolicy policy), (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<pid_t>>, ListThreads,
              (ListPolicy policy), (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<pid_t>>, ListProcesses,
              (ListPolicy policy), (const, override));
  MOCK_METHOD(absl::Status, Pause, (), (override));
  MOCK_METHOD(absl::Status, Resume, (), (override));
  MOCK_METHOD(absl::StatusOr<ContainerStats>, Stats, (StatsType type),
              (const, override));
  MOCK_METHOD(absl::StatusOr<NotificationId>, RegisterNotification,
              (const EventSpec& spec, EventCallback callback), (override));
  MOCK_METHOD(absl::Status, UnregisterNotification, (NotificationId id),
              (override));
  MOCK_METHOD(absl::Status, KillAll, (), (override));
  MOCK_METHOD(absl::StatusOr<pid_t>, GetInitPid, (), (const, override));
  MOCK_METHOD(const std::string&, name, (), (const, override));
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_UNIT_CLI_MOCK_LMCTFY_H_
