// SPDX-License-Identifier: Apache-2.0
// Tests of CpuResourceHandler: updates (diff, replace, latency rules, undo),
// spec read-back, statistics, delegation and removal.

#include "lmctfy/resources/cpu_resource_handler.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/cgroup_layout.h"
#include "system_api/mock_kernel_api.h"
#include "tests/unit/resources/fake_cgroup_fs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using testing_fs::AddVanillaHierarchies;
using testing_fs::FakeCgroupFs;
using testing_fs::LoadLayout;
using testing_fs::SeparateMounts;
using testing_fs::StandardMachine;

constexpr uint64_t kNoCap = std::numeric_limits<uint64_t>::max();

ContainerSpec CpuOnly(const CpuSpec& cpu) {
  ContainerSpec spec;
  *spec.mutable_cpu() = cpu;
  return spec;
}

ContainerSpec WithLatency(SchedulingLatency latency) {
  CpuSpec cpu;
  cpu.set_scheduling_latency(latency);
  return CpuOnly(cpu);
}

ContainerSpec WithLimit(uint64_t limit) {
  CpuSpec cpu;
  cpu.set_limit(limit);
  return CpuOnly(cpu);
}

// Container /web exists with shares 512, a 500 milliCPU cap and CPUs 0-1.
class CpuHandlerTest : public ::testing::Test {
 protected:
  CpuHandlerTest() {
    AddVanillaHierarchies(fs_);
    fs_.AddCgroup("/cg/cpu/web");
    fs_.AddCgroup("/cg/cpuacct/web");
    fs_.AddCgroup("/cg/cpuset/web");
    fs_.AddFile("/cg/cpu/web/cpu.shares", "512\n");
    fs_.AddFile("/cg/cpu/web/cpu.cfs_period_us", "250000\n");
    fs_.AddFile("/cg/cpu/web/cpu.cfs_quota_us", "125000\n");
    fs_.AddFile("/cg/cpuset/web/cpuset.cpus", "0-1\n");
    fs_.AddFile("/cg/cpuset/web/cpuset.mems", "0\n");
  }

  // The handler of `name`, which must isolate cpu.
  std::unique_ptr<ResourceHandler> Handler(const std::string& name = "/web") {
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory_.Get(name);
    EXPECT_TRUE(handler.ok()) << handler.status();
    return handler.ok() ? std::move(*handler) : nullptr;
  }

  // A top-level batch container /job in /batch.
  void AddBatchContainer(const std::string& idle) {
    fs_.AddCgroup("/cg/cpu/batch");
    fs_.AddCgroup("/cg/cpuacct/batch");
    fs_.AddCgroup("/cg/cpu/batch/job");
    fs_.AddCgroup("/cg/cpuacct/batch/job");
    fs_.AddCgroup("/cg/cpuset/job");
    fs_.AddFile("/cg/cpu/batch/job/cpu.idle", idle);
  }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, StandardMachine());
  CpuResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(CpuHandlerTest, ReplaceResetsUnsetFieldsToNewCgroupDefaults) {
  ASSERT_TRUE(
      Handler()->Update(CpuOnly(CpuSpec()), Container::UPDATE_REPLACE).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/web/cpu.shares=1024",
                                        "/cg/cpu/web/cpu.cfs_quota_us=-1",
                                        "/cg/cpuset/web/cpuset.cpus=0-7"));
}

TEST_F(CpuHandlerTest, ReplaceWritesNothingThatAlreadyHoldsTheDefault) {
  fs_.AddFile("/cg/cpu/web/cpu.shares", "1024\n");
  fs_.AddFile("/cg/cpu/web/cpu.cfs_quota_us", "-1\n");
  fs_.AddFile("/cg/cpuset/web/cpuset.cpus", "0-7\n");

  ASSERT_TRUE(
      Handler()->Update(CpuOnly(CpuSpec()), Container::UPDATE_REPLACE).ok());

  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuHandlerTest, DiffWritesOnlyTheFieldsSet) {
  ASSERT_TRUE(Handler()->Update(WithLimit(2000), Container::UPDATE_DIFF).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/web/cpu.shares=2048"));
}

TEST_F(CpuHandlerTest, MaxLimitWritesThePeriodBeforeTheQuota) {
  fs_.AddFile("/cg/cpu/web/cpu.cfs_period_us", "100000\n");
  CpuSpec cpu;
  cpu.set_max_limit(1000);

  ASSERT_TRUE(Handler()->Update(CpuOnly(cpu), Container::UPDATE_DIFF).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/web/cpu.cfs_period_us=250000",
                                        "/cg/cpu/web/cpu.cfs_quota_us=250000"));
}

TEST_F(CpuHandlerTest, MaxLimitOfAllOnesLiftsTheCap) {
  CpuSpec cpu;
  cpu.set_max_limit(kNoCap);

  ASSERT_TRUE(Handler()->Update(CpuOnly(cpu), Container::UPDATE_DIFF).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/web/cpu.cfs_quota_us=-1"));
}

TEST_F(CpuHandlerTest, MaskIsWrittenToCpuset) {
  CpuSpec cpu;
  cpu.mutable_mask()->add_data(0xf0);

  ASSERT_TRUE(Handler()->Update(CpuOnly(cpu), Container::UPDATE_DIFF).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpuset/web/cpuset.cpus=4-7"));
}

TEST_F(CpuHandlerTest, MaskOutsideParentIsRefusedBeforeAnyWrite) {
  CpuSpec cpu;
  cpu.set_limit(2000);
  cpu.mutable_mask()->add_data(0x100);  // CPU 8; the root has 0-7

  absl::Status status = Handler()->Update(CpuOnly(cpu), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("8"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuHandlerTest, FailedWriteRestoresTheValuesChangedBefore) {
  fs_.FailWrite("/cg/cpuset/web/cpuset.cpus",
                absl::InvalidArgumentError("cpuset.cpus: Invalid argument"));

  absl::Status status =
      Handler()->Update(CpuOnly(CpuSpec()), Container::UPDATE_REPLACE);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/cg/cpuset/web/cpuset.cpus"));
  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/web/cpu.shares=1024",
                                        "/cg/cpu/web/cpu.cfs_quota_us=-1",
                                        "/cg/cpu/web/cpu.cfs_quota_us=125000",
                                        "/cg/cpu/web/cpu.shares=512"));
  EXPECT_EQ(fs_.Contents("/cg/cpu/web/cpu.shares"), "512");
}

TEST_F(CpuHandlerTest, ValidateUpdateChecksWithoutWriting) {
  std::unique_ptr<ResourceHandler> handler = Handler();

  EXPECT_TRUE(
      handler->ValidateUpdate(WithLimit(1000), Container::UPDATE_DIFF).ok());
  absl::Status status =
      handler->ValidateUpdate(WithLimit(300000), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("300000"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuHandlerTest, UpdateCannotChangeTheLatencyClass) {
  absl::Status status =
      Handler()->Update(WithLatency(NORMAL), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/web"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuHandlerTest, UpdateRepeatingTheLatencyClassIsAccepted) {
  EXPECT_TRUE(
      Handler()->Update(WithLatency(PRIORITY), Container::UPDATE_DIFF).ok());
}

TEST_F(CpuHandlerTest, BatchContainerIsNormalUnlessIdle) {
  AddBatchContainer("0\n");
  std::unique_ptr<ResourceHandler> handler = Handler("/job");

  EXPECT_TRUE(
      handler->ValidateUpdate(WithLatency(NORMAL), Container::UPDATE_DIFF)
          .ok());
  EXPECT_TRUE(absl::IsInvalidArgument(handler->ValidateUpdate(
      WithLatency(BEST_EFFORT), Container::UPDATE_DIFF)));
}

TEST_F(CpuHandlerTest, IdleBatchContainerIsBestEffort) {
  AddBatchContainer("1\n");
  std::unique_ptr<ResourceHandler> handler = Handler("/job");

  EXPECT_TRUE(
      handler->ValidateUpdate(WithLatency(BEST_EFFORT), Container::UPDATE_DIFF)
          .ok());
  absl::Status status =
      handler->ValidateUpdate(WithLatency(NORMAL), Container::UPDATE_DIFF);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("BEST_EFFORT"));
}

TEST_F(CpuHandlerTest, ReplaceWithoutLatencyOfABatchContainerIsRefused) {
  AddBatchContainer("0\n");

  absl::Status status =
      Handler("/job")->Update(CpuOnly(CpuSpec()), Container::UPDATE_REPLACE);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuHandlerTest, LatencyIsReadFromCpuLatWhereItExists) {
  fs_.AddFile("/cg/cpu/web/cpu.lat", "25\n");
  std::unique_ptr<ResourceHandler> handler = Handler();

  EXPECT_TRUE(
      handler->ValidateUpdate(WithLatency(PREMIER), Container::UPDATE_DIFF)
          .ok());
  absl::Status status =
      handler->ValidateUpdate(WithLatency(PRIORITY), Container::UPDATE_DIFF);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("PREMIER"));
}

TEST_F(CpuHandlerTest, UnknownCpuLatValueIsInternal) {
  fs_.AddFile("/cg/cpu/web/cpu.lat", "7\n");

  absl::Status status =
      Handler()->ValidateUpdate(WithLatency(PRIORITY), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInternal(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/cg/cpu/web/cpu.lat"));
}

TEST_F(CpuHandlerTest, SpecReportsLimitCapAndMask) {
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  EXPECT_EQ(spec.cpu().limit(), 500u);
  EXPECT_EQ(spec.cpu().max_limit(), 500u);
  EXPECT_THAT(spec.cpu().mask().data(), ElementsAre(0x3u));
  EXPECT_FALSE(spec.cpu().has_scheduling_latency());
}

TEST_F(CpuHandlerTest, SpecDividesQuotaByTheActualPeriod) {
  fs_.AddFile("/cg/cpu/web/cpu.cfs_period_us", "100000\n");
  fs_.AddFile("/cg/cpu/web/cpu.cfs_quota_us", "150000\n");
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  EXPECT_EQ(spec.cpu().max_limit(), 1500u);
}

TEST_F(CpuHandlerTest, SpecReportsNoCapAsAllOnes) {
  fs_.AddFile("/cg/cpu/web/cpu.cfs_quota_us", "-1\n");
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  EXPECT_EQ(spec.cpu().max_limit(), kNoCap);
}

TEST_F(CpuHandlerTest, SpecOmitsWhatTheKernelLacks) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_CPU, "/cg/cpu"},
                                          {CGROUP_CPUACCT, "/cg/cpuacct"}}));
  CpuResourceHandlerFactory factory(kernel_, layout);
  fs_.AddDir("/cg/cpu/bare");
  fs_.AddDir("/cg/cpuacct/bare");
  fs_.AddFile("/cg/cpu/bare/cpu.shares", "2048\n");
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory.Get("/bare");
  ASSERT_TRUE(handler.ok()) << handler.status();
  ContainerSpec spec;

  ASSERT_TRUE((*handler)->FillSpec(&spec).ok());

  EXPECT_EQ(spec.cpu().limit(), 2000u);
  EXPECT_FALSE(spec.cpu().has_max_limit());
  EXPECT_FALSE(spec.cpu().has_mask());
}

TEST_F(CpuHandlerTest, SummaryStatsReportUsageWithoutThrottling) {
  fs_.AddFile("/cg/cpuacct/web/cpuacct.usage", "123456789\n");
  fs_.AddFile("/cg/cpuacct/web/cpuacct.usage_percpu", "100 200 \n");
  fs_.AddFile("/cg/cpuacct/web/cpuacct.stat", "user 3\nsystem 4\n");
  ContainerStats stats;

  ASSERT_TRUE(Handler()->FillStats(Container::STATS_SUMMARY, &stats).ok());

  EXPECT_EQ(stats.cpu().usage().total(), 123456789u);
  EXPECT_THAT(stats.cpu().usage().per_cpu(), ElementsAre(100, 200));
  EXPECT_EQ(stats.cpu().usage().user(), 30000000);
  EXPECT_EQ(stats.cpu().usage().system(), 40000000);
  EXPECT_FALSE(stats.cpu().has_throttling_data());
}

TEST_F(CpuHandlerTest, FullStatsAddThrottlingData) {
  fs_.AddFile("/cg/cpu/web/cpu.stat",
              "nr_periods 10\nnr_throttled 3\nthrottled_time 9000\n"
              "nr_bursts 0\nburst_time 0\n");
  ContainerStats stats;

  ASSERT_TRUE(Handler()->FillStats(Container::STATS_FULL, &stats).ok());

  EXPECT_EQ(stats.cpu().throttling_data().periods(), 10);
  EXPECT_EQ(stats.cpu().throttling_data().throttled_periods(), 3);
  EXPECT_EQ(stats.cpu().throttling_data().throttled_time(), 9000);
}

TEST_F(CpuHandlerTest, FullStatsWithoutCpuStatOmitThrottling) {
  // A bare cpu directory: no cpu.stat inside.
  fs_.AddDir("/cg/cpu/bare");
  fs_.AddCgroup("/cg/cpuacct/bare");
  ContainerStats stats;

  ASSERT_TRUE(Handler("/bare")->FillStats(Container::STATS_FULL, &stats).ok());

  EXPECT_TRUE(stats.cpu().has_usage());
  EXPECT_FALSE(stats.cpu().has_throttling_data());
}

TEST_F(CpuHandlerTest, UnreadableUsageIsReported) {
  fs_.AddFile("/cg/cpuacct/web/cpuacct.usage", "lots\n");
  ContainerStats stats;

  absl::Status status = Handler()->FillStats(Container::STATS_SUMMARY, &stats);

  EXPECT_TRUE(absl::IsInternal(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("cpuacct.usage"));
}

TEST_F(CpuHandlerTest, DestroyRemovesEveryCgroupNewestFirst) {
  ASSERT_TRUE(Handler()->Destroy().ok());

  EXPECT_THAT(fs_.removed_dirs(),
              ElementsAre("/cg/cpuset/web", "/cg/cpuacct/web", "/cg/cpu/web"));
}

TEST_F(CpuHandlerTest, DelegateHandsOverEachCgroupAndItsTaskFiles) {
  ASSERT_TRUE(Handler()->Delegate(1000, -1).ok());

  EXPECT_THAT(
      fs_.chowned(),
      ElementsAre("/cg/cpu/web", "/cg/cpu/web/tasks",
                  "/cg/cpu/web/cgroup.procs", "/cg/cpuacct/web",
                  "/cg/cpuacct/web/tasks", "/cg/cpuacct/web/cgroup.procs",
                  "/cg/cpuset/web", "/cg/cpuset/web/tasks",
                  "/cg/cpuset/web/cgroup.procs"));
}

TEST_F(CpuHandlerTest, ResourceNameIsCpu) {
  EXPECT_EQ(Handler()->resource_name(), "cpu");
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
