// SPDX-License-Identifier: Apache-2.0
// Tests of the CpuSpec rules: shares conversion, quota, mask and latency
// planning, and the order and undo of the writes.

#include "lmctfy/resources/cpu_settings.h"

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/controllers/cpu_controller.h"
#include "lmctfy/controllers/cpuset_controller.h"
#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Optional;
using ::testing::Return;
using ::testing::StrictMock;

constexpr uint64_t kNoCap = std::numeric_limits<uint64_t>::max();
constexpr char kCpuDir[] = "/cg/cpu/web";
constexpr char kCpusetDir[] = "/cg/cpuset/web";

// ---------------------------------------------------------------------------
// MilliCpuToShares / SharesToMilliCpu

struct SharesCase {
  uint64_t milli_cpu;
  uint64_t shares;
  uint64_t read_back;
};

class SharesConversionTest : public ::testing::TestWithParam<SharesCase> {};

TEST_P(SharesConversionTest, MilliCpuMapsToSharesAndBack) {
  const SharesCase& c = GetParam();
  EXPECT_EQ(MilliCpuToShares(c.milli_cpu), c.shares);
  EXPECT_EQ(SharesToMilliCpu(c.shares), c.read_back);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SharesConversionTest,
    ::testing::Values(SharesCase{1000, 1024, 1000}, SharesCase{500, 512, 500},
                      SharesCase{2000, 2048, 2000}, SharesCase{0, 2, 1},
                      SharesCase{1, 2, 1}, SharesCase{2, 2, 1},
                      SharesCase{3, 3, 2}, SharesCase{256000, 262144, 256000}));

TEST(SharesToMilliCpuTest, SharesBelowTwoReadBackAsZero) {
  EXPECT_EQ(SharesToMilliCpu(0), 0u);
  EXPECT_EQ(SharesToMilliCpu(1), 0u);
}

// ---------------------------------------------------------------------------
// PlanCpu

CpuFacts UpdateFacts() {
  CpuFacts facts;
  facts.creating = false;
  facts.has_cfs_bandwidth = true;
  facts.has_latency_file = false;
  facts.cpuset_mounted = true;
  facts.parent_cpus = []() -> absl::StatusOr<std::set<int>> {
    return std::set<int>{0, 1, 2, 3, 8, 9};
  };
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    return PRIORITY;
  };
  return facts;
}

CpuFacts CreateFacts() {
  CpuFacts facts = UpdateFacts();
  facts.creating = true;
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    ADD_FAILURE() << "a new container has no current latency";
    return PRIORITY;
  };
  return facts;
}

CpuSpec::Mask MaskOf(std::initializer_list<uint64_t> words) {
  CpuSpec::Mask mask;
  for (uint64_t word : words) mask.add_data(word);
  return mask;
}

TEST(PlanCpuTest, LimitIsWrittenAsShares) {
  CpuSpec spec;
  spec.set_limit(1500);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(1536u));
}

// Found by fuzz/container_spec_fuzzer: a failed update restored cpu from the
// limit Spec() reported (743 for 761 shares), which rewrote the shares as
// 760.
TEST(PlanCpuTest, LimitTheCurrentSharesReadBackAsWritesNothing) {
  CpuFacts facts = UpdateFacts();
  facts.current_shares = []() -> absl::StatusOr<uint64_t> { return 761; };
  CpuSpec spec;
  spec.set_limit(743);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->shares, std::nullopt);
  spec.set_limit(744);
  plan = PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(761u));
}

TEST(PlanCpuTest, LimitAtKernelMaximumIsAccepted) {
  CpuSpec spec;
  spec.set_limit(256000);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(262144u));
}

TEST(PlanCpuTest, LimitAboveKernelMaximumIsRefusedNamingValue) {
  CpuSpec spec;
  spec.set_limit(256001);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("256001"));
  EXPECT_THAT(plan.status().message(), HasSubstr("/web"));
}

TEST(PlanCpuTest, MaxLimitBecomesQuotaOfTheFixedPeriod) {
  for (auto [max_limit, quota] : {std::pair<uint64_t, int64_t>{1000, 250000},
                                  {500, 125000},
                                  {4, 1000},
                                  {2500, 625000}}) {
    CpuSpec spec;
    spec.set_max_limit(max_limit);

    absl::StatusOr<CpuPlan> plan =
        PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_THAT(plan->quota_us, Optional(quota)) << "max_limit " << max_limit;
  }
  EXPECT_EQ(kCfsPeriodUs, 250000);
}

TEST(PlanCpuTest, MaxLimitBelowFourIsRefusedNamingValue) {
  CpuSpec spec;
  spec.set_max_limit(3);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("max_limit 3"));
}

TEST(PlanCpuTest, MaxLimitZeroIsRefused) {
  CpuSpec spec;
  spec.set_max_limit(0);

  EXPECT_TRUE(absl::IsInvalidArgument(
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts()).status()));
}

TEST(PlanCpuTest, MaxLimitOfAllOnesMeansNoCap) {
  CpuSpec spec;
  spec.set_max_limit(kNoCap);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->quota_us, Optional(-1));
}

TEST(PlanCpuTest, MaxLimitTooLargeForQuotaIsRefused) {
  CpuSpec spec;
  spec.set_max_limit(kNoCap - 1);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("18446744073709551614"));
}

TEST(PlanCpuTest, MaxLimitWithoutCfsBandwidthIsUnimplemented) {
  CpuFacts facts = UpdateFacts();
  facts.has_cfs_bandwidth = false;
  CpuSpec spec;
  spec.set_max_limit(1000);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  EXPECT_TRUE(absl::IsUnimplemented(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("cpu.cfs_quota_us"));
}

TEST(PlanCpuTest, MaskIsWrittenAsAscendingRanges) {
  CpuSpec spec;
  *spec.mutable_mask() = MaskOf({0x30f});  // CPUs 0-3, 8, 9

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->cpus, Optional(std::string("0-3,8-9")));
}

TEST(PlanCpuTest, MaskOutsideParentsCpusIsRefusedNamingThem) {
  CpuSpec spec;
  *spec.mutable_mask() = MaskOf({0x13});  // CPUs 0, 1, 4

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("0-1,4"));
  EXPECT_THAT(plan.status().message(), HasSubstr("CPUs 4 "));
  EXPECT_THAT(plan.status().message(), HasSubstr("0-3,8-9"));
}

TEST(PlanCpuTest, MaskInAHigherWordOutsideParentIsRefused) {
  CpuSpec spec;
  *spec.mutable_mask() = MaskOf({1, 1});  // CPUs 64 and 0

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("64"));
}

TEST(PlanCpuTest, EmptyMaskIsRefused) {
  for (const CpuSpec::Mask& mask : {MaskOf({}), MaskOf({0, 0})}) {
    CpuSpec spec;
    *spec.mutable_mask() = mask;

    absl::StatusOr<CpuPlan> plan =
        PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

    EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr("cpu.mask"));
  }
}

TEST(PlanCpuTest, MaskWithoutCpusetIsFailedPrecondition) {
  CpuFacts facts = UpdateFacts();
  facts.cpuset_mounted = false;
  facts.parent_cpus = []() -> absl::StatusOr<std::set<int>> {
    ADD_FAILURE() << "cpuset is not mounted";
    return std::set<int>{};
  };
  CpuSpec spec;
  *spec.mutable_mask() = MaskOf({1});

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  EXPECT_TRUE(absl::IsFailedPrecondition(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("cpuset"));
}

TEST(PlanCpuTest, UnreadableParentCpusAreReported) {
  CpuFacts facts = UpdateFacts();
  facts.parent_cpus = []() -> absl::StatusOr<std::set<int>> {
    return absl::NotFoundError("/cg/cpuset/cpuset.cpus: No such file");
  };
  CpuSpec spec;
  *spec.mutable_mask() = MaskOf({1});

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  EXPECT_TRUE(absl::IsNotFound(plan.status())) << plan.status();
}

TEST(PlanCpuTest, DiffLeavesUnsetFieldsAlone) {
  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_DIFF, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->shares.has_value());
  EXPECT_FALSE(plan->quota_us.has_value());
  EXPECT_FALSE(plan->cpus.has_value());
  EXPECT_FALSE(plan->latency.has_value());
}

TEST(PlanCpuTest, ReplaceResetsUnsetFieldsToNewCgroupDefaults) {
  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_REPLACE, UpdateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(1024u));
  EXPECT_THAT(plan->quota_us, Optional(-1));
  EXPECT_THAT(plan->cpus, Optional(std::string("0-3,8-9")));
  EXPECT_FALSE(plan->latency.has_value());
}

TEST(PlanCpuTest, ReplaceSkipsDefaultsTheKernelCannotHold) {
  CpuFacts facts = UpdateFacts();
  facts.has_cfs_bandwidth = false;
  facts.cpuset_mounted = false;

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_REPLACE, facts);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(1024u));
  EXPECT_FALSE(plan->quota_us.has_value());
  EXPECT_FALSE(plan->cpus.has_value());
}

TEST(PlanCpuTest, CreatePlansOnlyWhatDiffersFromANewCgroup) {
  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_REPLACE, CreateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->shares.has_value());
  EXPECT_FALSE(plan->quota_us.has_value());
  EXPECT_FALSE(plan->cpus.has_value());
  EXPECT_FALSE(plan->latency.has_value());
}

TEST(PlanCpuTest, CreatePlansTheFieldsTheSpecSets) {
  CpuSpec spec;
  spec.set_limit(500);
  spec.set_max_limit(2000);
  *spec.mutable_mask() = MaskOf({0x3});

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_REPLACE, CreateFacts());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->shares, Optional(512u));
  EXPECT_THAT(plan->quota_us, Optional(500000));
  EXPECT_THAT(plan->cpus, Optional(std::string("0-1")));
}

TEST(PlanCpuTest, CreateWritesLatencyClassWhereCpuLatExists) {
  CpuFacts facts = CreateFacts();
  facts.has_latency_file = true;
  for (auto [latency, value] :
       {std::pair<SchedulingLatency, int64_t>{PREMIER, 25},
        {PRIORITY, 50},
        {NORMAL, 100},
        {BEST_EFFORT, -1}}) {
    CpuSpec spec;
    spec.set_scheduling_latency(latency);

    absl::StatusOr<CpuPlan> plan =
        PlanCpu("/web", spec, Container::UPDATE_REPLACE, facts);

    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_THAT(plan->latency, Optional(value))
        << SchedulingLatency_Name(latency);
  }
}

TEST(PlanCpuTest, CreateWritesPriorityLatencyWhenUnsetAndCpuLatExists) {
  CpuFacts facts = CreateFacts();
  facts.has_latency_file = true;

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_REPLACE, facts);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->latency, Optional(50));
}

TEST(PlanCpuTest, CreateWithPriorityOrPremierWithoutCpuLatIsUnimplemented) {
  for (SchedulingLatency latency : {PRIORITY, PREMIER}) {
    CpuSpec spec;
    spec.set_scheduling_latency(latency);

    absl::StatusOr<CpuPlan> plan =
        PlanCpu("/web", spec, Container::UPDATE_REPLACE, CreateFacts());

    EXPECT_TRUE(absl::IsUnimplemented(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr("cpu.lat"));
    EXPECT_THAT(plan.status().message(),
                HasSubstr(SchedulingLatency_Name(latency)));
  }
}

TEST(PlanCpuTest, CreateWithBatchLatencyWithoutCpuLatIsAccepted) {
  for (SchedulingLatency latency : {NORMAL, BEST_EFFORT}) {
    CpuSpec spec;
    spec.set_scheduling_latency(latency);

    absl::StatusOr<CpuPlan> plan =
        PlanCpu("/web", spec, Container::UPDATE_REPLACE, CreateFacts());

    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_FALSE(plan->latency.has_value());
  }
}

TEST(PlanCpuTest, UpdateChangingLatencyIsInvalidArgument) {
  CpuSpec spec;
  spec.set_scheduling_latency(NORMAL);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, UpdateFacts());

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("NORMAL"));
  EXPECT_THAT(plan.status().message(), HasSubstr("PRIORITY"));
}

TEST(PlanCpuTest, UpdateKeepingLatencyIsAcceptedAndWritesNoLatency) {
  CpuFacts facts = UpdateFacts();
  facts.has_latency_file = true;
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    return NORMAL;
  };
  CpuSpec spec;
  spec.set_scheduling_latency(NORMAL);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->latency.has_value());
}

TEST(PlanCpuTest, ReplaceWithoutLatencyOfABatchContainerIsInvalidArgument) {
  CpuFacts facts = UpdateFacts();
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    return BEST_EFFORT;
  };

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", CpuSpec(), Container::UPDATE_REPLACE, facts);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("BEST_EFFORT"));
}

TEST(PlanCpuTest, DiffWithoutLatencyDoesNotLookAtTheCurrentOne) {
  CpuFacts facts = UpdateFacts();
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    ADD_FAILURE() << "current latency read without a reason";
    return NORMAL;
  };
  CpuSpec spec;
  spec.set_limit(100);

  EXPECT_TRUE(PlanCpu("/web", spec, Container::UPDATE_DIFF, facts).ok());
}

TEST(PlanCpuTest, UnreadableCurrentLatencyIsReported) {
  CpuFacts facts = UpdateFacts();
  facts.current_latency = []() -> absl::StatusOr<SchedulingLatency> {
    return absl::InternalError("/cg/cpu/web/cpu.lat: expected a class");
  };
  CpuSpec spec;
  spec.set_scheduling_latency(PRIORITY);

  absl::StatusOr<CpuPlan> plan =
      PlanCpu("/web", spec, Container::UPDATE_DIFF, facts);

  EXPECT_TRUE(absl::IsInternal(plan.status())) << plan.status();
}

// ---------------------------------------------------------------------------
// ApplyCpuPlan

class ApplyCpuPlanTest : public ::testing::Test {
 protected:
  static std::string Cpu(const std::string& file) {
    return std::string(kCpuDir) + "/" + file;
  }
  static std::string Cpuset(const std::string& file) {
    return std::string(kCpusetDir) + "/" + file;
  }
  void ExpectWrite(const std::string& path, const std::string& value,
                   absl::Status result = absl::OkStatus()) {
    EXPECT_CALL(kernel_, WriteFile(Eq(path), Eq(value)))
        .WillOnce(Return(result));
  }
  void ExpectRead(const std::string& path, const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(path)))
        .WillOnce(Return(absl::StatusOr<std::string>(text)));
  }

  static CpuPlan FullPlan() {
    CpuPlan plan;
    plan.latency = 100;
    plan.shares = 512;
    plan.quota_us = 125000;
    plan.cpus = "0-1";
    return plan;
  }

  StrictMock<MockKernelApi> kernel_;
  CpuController cpu_{kCpuDir, kernel_};
  CpusetController cpuset_{kCpusetDir, kernel_};
};

TEST_F(ApplyCpuPlanTest, FreshCgroupsGetEachValueOnceInOrderWithoutReads) {
  InSequence in_order;
  ExpectWrite(Cpu("cpu.lat"), "100");
  ExpectWrite(Cpu("cpu.shares"), "512");
  ExpectWrite(Cpu("cpu.cfs_period_us"), "250000");
  ExpectWrite(Cpu("cpu.cfs_quota_us"), "125000");
  ExpectWrite(Cpuset("cpuset.cpus"), "0-1");

  EXPECT_TRUE(ApplyCpuPlan(cpu_, &cpuset_, FullPlan(), true).ok());
}

TEST_F(ApplyCpuPlanTest, NoCapWritesQuotaWithoutPeriod) {
  CpuPlan plan;
  plan.quota_us = -1;
  ExpectWrite(Cpu("cpu.cfs_quota_us"), "-1");

  EXPECT_TRUE(ApplyCpuPlan(cpu_, &cpuset_, plan, true).ok());
}

TEST_F(ApplyCpuPlanTest, EmptyPlanWritesNothing) {
  EXPECT_TRUE(ApplyCpuPlan(cpu_, &cpuset_, CpuPlan(), false).ok());
}

TEST_F(ApplyCpuPlanTest, MaskIsSkippedWithoutCpuset) {
  CpuPlan plan;
  plan.cpus = "0-1";

  EXPECT_TRUE(ApplyCpuPlan(cpu_, nullptr, plan, true).ok());
}

TEST_F(ApplyCpuPlanTest, ExistingCgroupsAreReadBeforeEachWrite) {
  CpuPlan plan;
  plan.shares = 512;
  plan.cpus = "0-1";
  InSequence in_order;
  ExpectRead(Cpu("cpu.shares"), "1024\n");
  ExpectWrite(Cpu("cpu.shares"), "512");
  ExpectRead(Cpuset("cpuset.cpus"), "0-3\n");
  ExpectWrite(Cpuset("cpuset.cpus"), "0-1");

  EXPECT_TRUE(ApplyCpuPlan(cpu_, &cpuset_, plan, false).ok());
}

TEST_F(ApplyCpuPlanTest, UnchangedValuesAreNotRewritten) {
  CpuPlan plan;
  plan.shares = 1024;
  plan.quota_us = -1;
  ExpectRead(Cpu("cpu.shares"), "1024\n");
  ExpectRead(Cpu("cpu.cfs_quota_us"), "-1\n");

  EXPECT_TRUE(ApplyCpuPlan(cpu_, &cpuset_, plan, false).ok());
}

TEST_F(ApplyCpuPlanTest, FailedWriteRestoresEarlierWritesNewestFirst) {
  CpuPlan plan;
  plan.shares = 512;
  plan.quota_us = 125000;
  plan.cpus = "0-1";
  absl::Status busy = absl::InvalidArgumentError(
      "writing \"125000\" to /cg/cpu/web/cpu.cfs_quota_us: Invalid argument");
  InSequence in_order;
  ExpectRead(Cpu("cpu.shares"), "2048\n");
  ExpectWrite(Cpu("cpu.shares"), "512");
  ExpectRead(Cpu("cpu.cfs_period_us"), "100000\n");
  ExpectWrite(Cpu("cpu.cfs_period_us"), "250000");
  ExpectRead(Cpu("cpu.cfs_quota_us"), "-1\n");
  ExpectWrite(Cpu("cpu.cfs_quota_us"), "125000", busy);
  ExpectWrite(Cpu("cpu.cfs_period_us"), "100000");
  ExpectWrite(Cpu("cpu.shares"), "2048");

  absl::Status status = ApplyCpuPlan(cpu_, &cpuset_, plan, false);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("cpu.cfs_quota_us"));
}

TEST_F(ApplyCpuPlanTest, FailedReadStopsBeforeAnyWrite) {
  CpuPlan plan;
  plan.shares = 512;
  EXPECT_CALL(kernel_, ReadFile(Eq(Cpu("cpu.shares"))))
      .WillOnce(Return(absl::NotFoundError("/cg/cpu/web/cpu.shares")));

  EXPECT_TRUE(absl::IsNotFound(ApplyCpuPlan(cpu_, &cpuset_, plan, false)));
}

TEST_F(ApplyCpuPlanTest, FreshCgroupsAreNotRestoredAfterAFailedWrite) {
  InSequence in_order;
  ExpectWrite(Cpu("cpu.lat"), "100");
  ExpectWrite(Cpu("cpu.shares"), "512",
              absl::PermissionDeniedError("cpu.shares: Permission denied"));

  absl::Status status = ApplyCpuPlan(cpu_, &cpuset_, FullPlan(), true);

  EXPECT_TRUE(absl::IsPermissionDenied(status)) << status;
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
