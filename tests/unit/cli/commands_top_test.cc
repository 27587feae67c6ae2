// SPDX-License-Identifier: Apache-2.0
// Tests of `lmctfy top` driven through the tool against a mocked API, without
// a terminal (so frames follow each other instead of redrawing a screen).

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/lmctfy.pb.h"
#include "tests/unit/cli/cli_fixture.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

ContainerStats CpuStats(uint64_t total_ns) {
  ContainerStats stats;
  stats.mutable_cpu()->mutable_usage()->set_total(total_ns);
  return stats;
}

class TopCommandTest : public CliFixture {
 protected:
  // A container /c with no subcontainers and one process.
  MockContainer* ExpectLoneContainer() {
    MockContainer* container = ExpectGet("/c");
    ON_CALL(*container, ListSubcontainers(Container::LIST_RECURSIVE))
        .WillByDefault([](Container::ListPolicy) {
          return std::vector<std::unique_ptr<Container>>();
        });
    ON_CALL(*container, ListProcesses(Container::LIST_SELF))
        .WillByDefault(Return(std::vector<pid_t>{42}));
    return container;
  }
};

TEST_F(TopCommandTest, JsonPrintsOneRowLinePerContainerPerFrame) {
  MockContainer* container = ExpectLoneContainer();
  EXPECT_CALL(*container, Stats(Container::STATS_SUMMARY))
      .WillOnce(Return(CpuStats(0)))
      .WillOnce(Return(CpuStats(1000)))
      .WillOnce(Return(CpuStats(2000)));

  EXPECT_EQ(Run({"-j", "top", "-w", "0.001", "--lmctfy_watch_count=2", "/c"}),
            0);

  const std::string out = out_.str();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
  EXPECT_THAT(out, HasSubstr("\"name\":\"/c\""));
  EXPECT_THAT(out, HasSubstr("\"tasks\":1"));
  EXPECT_THAT(out, HasSubstr("\"cpu_percent\""));
}

TEST_F(TopCommandTest, WithoutATerminalFramesAreTablesApartByABlankLine) {
  MockContainer* container = ExpectLoneContainer();
  EXPECT_CALL(*container, Stats(_)).WillRepeatedly(Return(CpuStats(5)));

  EXPECT_EQ(Run({"top", "-w", "0.001", "--lmctfy_watch_count=2",
                 "--lmctfy_top_sort=name", "/c"}),
            0);

  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("sorted by name"));
  EXPECT_THAT(out, HasSubstr("TASKS\n/c "));
  EXPECT_THAT(out, HasSubstr("\n\nlmctfy top: /c"));
  EXPECT_EQ(out.find("\x1b["), std::string::npos);
}

TEST_F(TopCommandTest, UnknownSortColumnIsRefusedBeforeSampling) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_)).Times(0);

  EXPECT_EQ(Run({"top", "--lmctfy_top_sort=disk", "/c"}), 3);

  EXPECT_THAT(err_.str(), HasSubstr("\"disk\""));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(TopCommandTest, NegativeRefreshIsRefused) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_)).Times(0);

  EXPECT_EQ(Run({"top", "--lmctfy_watch_seconds=-1", "/c"}), 3);

  EXPECT_THAT(err_.str(), HasSubstr("-w -1"));
}

TEST_F(TopCommandTest, AMissingContainerExitsNotFound) {
  EXPECT_CALL(*api_, Get(_))
      .WillOnce(Return(absl::NotFoundError("container /nope does not exist")));

  EXPECT_EQ(Run({"top", "/nope"}), 5);

  EXPECT_THAT(err_.str(), HasSubstr("/nope"));
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
