// SPDX-License-Identifier: Apache-2.0
// Tests of detect, list, spec and stats through the tool.

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/unit/cli/cli_fixture.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

class QueryCommandsTest : public CliFixture {
 protected:
  // Expects self to be looked up: Detect(parent) is "/self".
  MockContainer* ExpectSelf() {
    EXPECT_CALL(*api_, Detect(kParentPid))
        .WillOnce(Return(std::string("/self")));
    return ExpectGet("/self");
  }
};

TEST_F(QueryCommandsTest, DetectDefaultsToTheParent) {
  EXPECT_CALL(*api_, Detect(kParentPid)).WillOnce(Return(std::string("/p")));
  EXPECT_EQ(Run({"detect"}), 0);
  EXPECT_EQ(out_.str(), "name=\"/p\"\n");
}

TEST_F(QueryCommandsTest, DetectParsesTheGivenPid) {
  EXPECT_CALL(*api_, Detect(77)).WillOnce(Return(std::string("/a/b")));
  EXPECT_EQ(Run({"detect", "77"}), 0);
  EXPECT_EQ(out_.str(), "name=\"/a/b\"\n");
}

TEST_F(QueryCommandsTest, DetectWithBadPidIsInvalid) {
  EXPECT_CALL(*api_, Detect(_)).Times(0);
  EXPECT_EQ(Run({"detect", "7x"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("\"7x\""));
}

TEST_F(QueryCommandsTest, ListContainersPrintsSortedNames) {
  MockContainer* container = ExpectGet("/c");
  MockContainer* b = NewContainer("/c/b");
  MockContainer* a = NewContainer("/c/a");
  EXPECT_CALL(*container, ListSubcontainers(Container::LIST_SELF))
      .WillOnce([this, a, b](Container::ListPolicy) {
        std::vector<std::unique_ptr<Container>> children;
        children.push_back(Take(b));
        children.push_back(Take(a));
        return absl::StatusOr<std::vector<std::unique_ptr<Container>>>(
            std::move(children));
      });
  EXPECT_EQ(Run({"list", "containers", "/c"}), 0);
  EXPECT_EQ(out_.str(), "name=\"/c/a\"\nname=\"/c/b\"\n");
}

TEST_F(QueryCommandsTest, ListContainersRecursiveOfSelf) {
  MockContainer* self = ExpectSelf();
  EXPECT_CALL(*self, ListSubcontainers(Container::LIST_RECURSIVE))
      .WillOnce(Return(std::vector<std::unique_ptr<Container>>()));
  EXPECT_EQ(Run({"list", "containers", "-r"}), 0);
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(QueryCommandsTest, ListPidsPrintsOnePairPerPid) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, ListProcesses(Container::LIST_SELF))
      .WillOnce(Return(std::vector<pid_t>{3, 1, 2}));
  EXPECT_EQ(Run({"list", "pids", "/c"}), 0);
  EXPECT_EQ(out_.str(), "pid=\"3\"\npid=\"1\"\npid=\"2\"\n");
}

TEST_F(QueryCommandsTest, ListTidsRecursiveInValuesStyle) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, ListThreads(Container::LIST_RECURSIVE))
      .WillOnce(Return(std::vector<pid_t>{5, 6}));
  EXPECT_EQ(Run({"list", "tids", "-r", "-v", "/c"}), 0);
  EXPECT_EQ(out_.str(), "5\n6\n");
}

TEST_F(QueryCommandsTest, ListTidsInLongStyle) {
  MockContainer* self = ExpectSelf();
  EXPECT_CALL(*self, ListThreads(Container::LIST_SELF))
      .WillOnce(Return(std::vector<pid_t>{5}));
  EXPECT_EQ(Run({"-l", "list", "tids"}), 0);
  EXPECT_EQ(out_.str(), "tid                  | 5\n\n");
}

TEST_F(QueryCommandsTest, SelfDetectionFailureIsReported) {
  EXPECT_CALL(*api_, Detect(kParentPid))
      .WillOnce(Return(absl::NotFoundError("thread 4242 is outside")));
  EXPECT_EQ(Run({"list", "pids"}), 5);
  EXPECT_EQ(err_.str(), "lmctfy: 5: thread 4242 is outside\n");
}

TEST_F(QueryCommandsTest, SpecPrintsTextFormat) {
  MockContainer* container = ExpectGet("/c");
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(100);
  spec.mutable_cpu()->set_scheduling_latency(NORMAL);
  EXPECT_CALL(*container, Spec()).WillOnce(Return(spec));
  EXPECT_EQ(Run({"-l", "spec", "/c"}), 0);
  EXPECT_EQ(out_.str(),
            "cpu {\n  scheduling_latency: NORMAL\n}\n"
            "memory {\n  limit: 100\n}\n");
}

TEST_F(QueryCommandsTest, SpecOfSelfInBinaryIsWrittenInFull) {
  MockContainer* self = ExpectSelf();
  ContainerSpec spec;
  spec.set_owner(0);
  spec.mutable_cpu()->set_limit(0);
  EXPECT_CALL(*self, Spec()).WillOnce(Return(spec));
  EXPECT_EQ(Run({"spec", "-b"}), 0);
  EXPECT_EQ(out_.str(), spec.SerializeAsString());
  EXPECT_EQ(out_.str().size(), 6u);
}

TEST_F(QueryCommandsTest, StatsSummaryPrintsTextFormat) {
  MockContainer* container = ExpectGet("/c");
  ContainerStats stats;
  stats.mutable_memory()->set_usage(4096);
  EXPECT_CALL(*container, Stats(Container::STATS_SUMMARY))
      .WillOnce(Return(stats));
  EXPECT_EQ(Run({"stats", "summary", "/c"}), 0);
  EXPECT_EQ(out_.str(), "memory {\n  usage: 4096\n}\n");
}

TEST_F(QueryCommandsTest, StatsFullOfSelfInBinary) {
  MockContainer* self = ExpectSelf();
  ContainerStats stats;
  stats.mutable_memory()->set_usage(0);
  EXPECT_CALL(*self, Stats(Container::STATS_FULL)).WillOnce(Return(stats));
  EXPECT_EQ(Run({"stats", "full", "--lmctfy_binary"}), 0);
  EXPECT_EQ(out_.str(), stats.SerializeAsString());
}

TEST_F(QueryCommandsTest, StatsFailureExitsWithItsCode) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_))
      .WillOnce(Return(absl::UnimplementedError("not yet")));
  EXPECT_EQ(Run({"stats", "full", "/c"}), 12);
  EXPECT_THAT(out_.str(), IsEmpty());
}

ContainerStats StatsWithUsage(int64_t usage) {
  ContainerStats stats;
  stats.mutable_memory()->set_usage(usage);
  return stats;
}

TEST_F(QueryCommandsTest, StatsWatchPrintsEveryRoundAsAJsonLine) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(Container::STATS_SUMMARY))
      .WillOnce(Return(StatsWithUsage(1)))
      .WillOnce(Return(StatsWithUsage(2)))
      .WillOnce(Return(StatsWithUsage(3)));
  EXPECT_EQ(Run({"-j", "stats", "summary", "-w", "0.001",
                 "--lmctfy_watch_count=3", "/c"}),
            0);
  EXPECT_EQ(out_.str(),
            "{\"memory\":{\"usage\":\"1\"}}\n"
            "{\"memory\":{\"usage\":\"2\"}}\n"
            "{\"memory\":{\"usage\":\"3\"}}\n");
}

TEST_F(QueryCommandsTest, StatsWatchSeparatesTextBlocksWithABlankLine) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(Container::STATS_FULL))
      .Times(2)
      .WillRepeatedly(Return(StatsWithUsage(5)));
  EXPECT_EQ(
      Run({"stats", "full", "-w", "0.001", "--lmctfy_watch_count=2", "/c"}), 0);
  EXPECT_EQ(out_.str(), "memory {\n  usage: 5\n}\n\nmemory {\n  usage: 5\n}\n");
}

TEST_F(QueryCommandsTest, StatsWatchStopsWhenTheContainerGoes) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_))
      .WillOnce(Return(StatsWithUsage(1)))
      .WillOnce(Return(absl::NotFoundError("container /c does not exist")));
  EXPECT_EQ(Run({"-j", "stats", "summary", "-w", "0.001", "/c"}), 5);
  EXPECT_EQ(out_.str(), "{\"memory\":{\"usage\":\"1\"}}\n");
  EXPECT_THAT(err_.str(), HasSubstr("/c does not exist"));
}

TEST_F(QueryCommandsTest, StatsWatchRefusesBinaryOutput) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_)).Times(0);
  EXPECT_EQ(Run({"stats", "summary", "-b", "-w", "1", "/c"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("-b cannot be combined with -w"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(QueryCommandsTest, StatsWatchRefusesNegativeSeconds) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Stats(_)).Times(0);
  EXPECT_EQ(Run({"stats", "summary", "--lmctfy_watch_seconds=-2", "/c"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("-w -2"));
}

TEST_F(QueryCommandsTest, WatchFlagWithoutSecondsIsAFlagError) {
  EXPECT_EQ(Run({"stats", "summary", "-w"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("a number of seconds"));
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
