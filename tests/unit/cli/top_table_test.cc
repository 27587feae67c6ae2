// SPDX-License-Identifier: Apache-2.0
// Tests of the rows of `lmctfy top`: sampling through the Container API, CPU
// percentages between samples, sorting and layout.

#include "cli/top_table.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

#include "include/lmctfy.pb.h"
#include "tests/unit/cli/mock_lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::ReturnRef;

ContainerSample Sample(std::string name, std::optional<uint64_t> cpu_ns,
                       std::optional<int64_t> usage, int64_t tasks) {
  ContainerSample sample;
  sample.name = std::move(name);
  sample.cpu_ns = cpu_ns;
  sample.memory_usage = usage;
  sample.memory_limit =
      usage ? std::optional<int64_t>(int64_t{1} << 30) : std::nullopt;
  sample.tasks = tasks;
  return sample;
}

std::vector<std::string> Names(const std::vector<TopRow>& rows) {
  std::vector<std::string> names;
  for (const TopRow& row : rows) names.push_back(row.sample.name);
  return names;
}

// A mock container named `name` reporting the given usage figures.
class SampledContainer : public NiceMock<MockContainer> {
 public:
  SampledContainer(std::string name, uint64_t cpu_ns, int64_t memory,
                   std::vector<pid_t> pids)
      : name_(std::move(name)) {
    ON_CALL(*this, name()).WillByDefault(ReturnRef(name_));
    ContainerStats stats;
    stats.mutable_cpu()->mutable_usage()->set_total(cpu_ns);
    stats.mutable_memory()->set_usage(memory);
    stats.mutable_memory()->set_limit(memory * 2);
    ON_CALL(*this, Stats(Container::STATS_SUMMARY))
        .WillByDefault(Return(stats));
    ON_CALL(*this, ListProcesses(Container::LIST_SELF))
        .WillByDefault(Return(pids));
  }

 private:
  std::string name_;
};

TEST(SampleContainersTest, SamplesTheRootFirstThenEverySubcontainer) {
  SampledContainer root("/", 100, 4096, {1, 2});
  auto child =
      std::make_unique<SampledContainer>("/a", 50, 2048, std::vector<pid_t>{7});
  EXPECT_CALL(root, ListSubcontainers(Container::LIST_RECURSIVE))
      .WillOnce([&child](Container::ListPolicy) {
        std::vector<std::unique_ptr<Container>> below;
        below.push_back(std::move(child));
        return below;
      });

  absl::StatusOr<std::vector<ContainerSample>> samples = SampleContainers(root);

  ASSERT_TRUE(samples.ok()) << samples.status();
  ASSERT_EQ(samples->size(), 2u);
  EXPECT_EQ((*samples)[0].name, "/");
  EXPECT_EQ((*samples)[0].cpu_ns, 100u);
  EXPECT_EQ((*samples)[0].memory_usage, 4096);
  EXPECT_EQ((*samples)[0].memory_limit, 8192);
  EXPECT_EQ((*samples)[0].tasks, 2);
  EXPECT_EQ((*samples)[1].name, "/a");
  EXPECT_EQ((*samples)[1].tasks, 1);
}

TEST(SampleContainersTest, LeavesOutAContainerDestroyedDuringTheWalk) {
  SampledContainer root("/", 1, 1, {});
  auto gone =
      std::make_unique<SampledContainer>("/gone", 1, 1, std::vector<pid_t>{});
  ON_CALL(*gone, Stats(Container::STATS_SUMMARY))
      .WillByDefault(Return(absl::NotFoundError("container /gone is gone")));
  EXPECT_CALL(root, ListSubcontainers(Container::LIST_RECURSIVE))
      .WillOnce([&gone](Container::ListPolicy) {
        std::vector<std::unique_ptr<Container>> below;
        below.push_back(std::move(gone));
        return below;
      });

  absl::StatusOr<std::vector<ContainerSample>> samples = SampleContainers(root);

  ASSERT_TRUE(samples.ok()) << samples.status();
  ASSERT_EQ(samples->size(), 1u);
  EXPECT_EQ((*samples)[0].name, "/");
}

TEST(SampleContainersTest, OtherStatsFailuresReachTheCaller) {
  SampledContainer root("/", 1, 1, {});
  ON_CALL(root, Stats(Container::STATS_SUMMARY))
      .WillByDefault(Return(absl::PermissionDeniedError("reading / denied")));
  ON_CALL(root, ListSubcontainers(Container::LIST_RECURSIVE))
      .WillByDefault([](Container::ListPolicy) {
        return std::vector<std::unique_ptr<Container>>();
      });

  absl::StatusOr<std::vector<ContainerSample>> samples = SampleContainers(root);

  EXPECT_EQ(samples.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(samples.status().message(), HasSubstr("reading / denied"));
}

TEST(ComputeRowsTest, CpuPercentIsUsageGrowthOverElapsedTime) {
  std::vector<TopRow> rows =
      ComputeRows({Sample("/a", 1'000'000'000, 1, 1)},
                  {Sample("/a", 1'500'000'000, 1, 1)}, absl::Seconds(2));

  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].cpu_percent.has_value());
  EXPECT_DOUBLE_EQ(*rows[0].cpu_percent, 25.0);
}

TEST(ComputeRowsTest, NoCpuPercentWithoutAnEarlierSampleOrCpuFigures) {
  std::vector<TopRow> rows = ComputeRows(
      {Sample("/old", 1, 1, 1), Sample("/nocpu", std::nullopt, 1, 1)},
      {Sample("/new", 5, 1, 1), Sample("/nocpu", std::nullopt, 1, 1)},
      absl::Seconds(1));

  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].cpu_percent.has_value());
  EXPECT_FALSE(rows[1].cpu_percent.has_value());
}

TEST(ComputeRowsTest, CounterThatWentBackwardsGivesNoCpuPercent) {
  std::vector<TopRow> rows = ComputeRows(
      {Sample("/a", 900, 1, 1)}, {Sample("/a", 100, 1, 1)}, absl::Seconds(1));

  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].cpu_percent.has_value());
}

std::vector<TopRow> ThreeRows() {
  return ComputeRows({Sample("/b", 0, 10, 3), Sample("/a", 0, 30, 1),
                      Sample("/c", 0, std::nullopt, 2)},
                     {Sample("/b", 300, 10, 3), Sample("/a", 100, 30, 1),
                      Sample("/c", 200, std::nullopt, 2)},
                     absl::Nanoseconds(1000));
}

TEST(SortRowsTest, CpuSortsLargestFirst) {
  std::vector<TopRow> rows = ThreeRows();
  SortRows(TopSort::kCpu, &rows);
  EXPECT_THAT(Names(rows), ElementsAre("/b", "/c", "/a"));
}

TEST(SortRowsTest, MemorySortsLargestFirstAndUnsetLast) {
  std::vector<TopRow> rows = ThreeRows();
  SortRows(TopSort::kMemory, &rows);
  EXPECT_THAT(Names(rows), ElementsAre("/a", "/b", "/c"));
}

TEST(SortRowsTest, TasksSortsLargestFirst) {
  std::vector<TopRow> rows = ThreeRows();
  SortRows(TopSort::kTasks, &rows);
  EXPECT_THAT(Names(rows), ElementsAre("/b", "/c", "/a"));
}

TEST(SortRowsTest, NameSortsAscending) {
  std::vector<TopRow> rows = ThreeRows();
  SortRows(TopSort::kName, &rows);
  EXPECT_THAT(Names(rows), ElementsAre("/a", "/b", "/c"));
}

TEST(SortRowsTest, TiesKeepNameOrder) {
  std::vector<TopRow> rows = ComputeRows(
      {}, {Sample("/z", 0, 5, 1), Sample("/m", 0, 5, 1)}, absl::Seconds(1));
  SortRows(TopSort::kMemory, &rows);
  EXPECT_THAT(Names(rows), ElementsAre("/m", "/z"));
}

TEST(ParseTopSortTest, KnowsEveryColumnAndNamesItBack) {
  for (absl::string_view name : {"cpu", "memory", "tasks", "name"}) {
    absl::StatusOr<TopSort> sort = ParseTopSort(name);
    ASSERT_TRUE(sort.ok()) << name;
    EXPECT_EQ(TopSortName(*sort), name);
  }
}

TEST(ParseTopSortTest, RefusesAnUnknownColumnByName) {
  absl::StatusOr<TopSort> sort = ParseTopSort("disk");
  EXPECT_EQ(sort.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(sort.status().message(), HasSubstr("\"disk\""));
}

TEST(HumanBytesTest, UsesBinaryUnitsAndNamesTheUnlimitedValue) {
  EXPECT_EQ(HumanBytes(512), "512");
  EXPECT_EQ(HumanBytes(1536), "1.5Ki");
  EXPECT_EQ(HumanBytes(int64_t{64} << 20), "64.0Mi");
  EXPECT_EQ(HumanBytes(int64_t{3} << 30), "3.0Gi");
  EXPECT_EQ(HumanBytes(int64_t{1} << 62), "unlimited");
}

TEST(RenderTableTest, ShowsHeaderColumnsAndOneLinePerRow) {
  std::vector<TopRow> rows =
      ComputeRows({Sample("/web", 0, 1, 1)},
                  {Sample("/web", 500'000'000, int64_t{64} << 20, 4),
                   Sample("/batch/job", std::nullopt, std::nullopt, 0)},
                  absl::Seconds(1));

  const std::string table =
      RenderTable("/", TopSort::kMemory, absl::Seconds(2), rows);

  EXPECT_THAT(table, HasSubstr("lmctfy top: /, 2 containers, every 2s, "
                               "sorted by memory"));
  EXPECT_THAT(table, HasSubstr("CONTAINER     CPU%        MEM      LIMIT  "
                               "TASKS\n"));
  EXPECT_THAT(table, HasSubstr("\n/web          50.0     64.0Mi      1.0Gi  "
                               "    4\n"));
  EXPECT_THAT(table, HasSubstr("\n/batch/job       -          -          -  "
                               "    0\n"));
}

// Parses one line of RenderJsonRows back (key order is not fixed).
google::protobuf::Struct ParseRow(const std::string& line) {
  google::protobuf::Struct row;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &row).ok())
      << line;
  return row;
}

TEST(RenderJsonRowsTest, OneObjectPerRowWithOnlyTheKnownFigures) {
  std::vector<TopRow> rows = ComputeRows(
      {Sample("/a", 0, 1, 1)},
      {Sample("/a", 250, 2048, 3), Sample("/b", std::nullopt, std::nullopt, 0)},
      absl::Nanoseconds(1000));

  std::vector<std::string> lines =
      absl::StrSplit(RenderJsonRows(rows), '\n', absl::SkipEmpty());

  ASSERT_EQ(lines.size(), 2u);
  const auto a = ParseRow(lines[0]).fields();
  EXPECT_EQ(a.at("name").string_value(), "/a");
  EXPECT_DOUBLE_EQ(a.at("cpu_percent").number_value(), 25);
  EXPECT_DOUBLE_EQ(a.at("memory_usage").number_value(), 2048);
  EXPECT_DOUBLE_EQ(a.at("memory_limit").number_value(), 1073741824);
  EXPECT_DOUBLE_EQ(a.at("tasks").number_value(), 3);
  const auto b = ParseRow(lines[1]).fields();
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.at("name").string_value(), "/b");
  EXPECT_DOUBLE_EQ(b.at("tasks").number_value(), 0);
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
