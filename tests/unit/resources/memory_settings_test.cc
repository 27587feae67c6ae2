// SPDX-License-Identifier: Apache-2.0
// Tests of the MemorySpec rules (byte values, swap, Google-kernel fields,
// replace defaults) and of the memory/memsw write order and undo.

#include "lmctfy/resources/memory_settings.h"

#include <unistd.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/controllers/memory_controller.h"
#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::Return;
using ::testing::StrictMock;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr char kDir[] = "/cg/memory/web";
constexpr char kSwapFile[] = "memory.memsw.limit_in_bytes";

// ---------------------------------------------------------------------------
// PlanMemory

// Which optional files exist, and what the current limit is.
struct Kernel {
  std::set<std::string> files = {kSwapFile};
  int current_limit_reads = 0;
  int64_t current_limit = kInt64Max;

  HasMemoryFileFn HasFile() {
    return [this](absl::string_view file) {
      return files.count(std::string(file)) > 0;
    };
  }
  std::function<absl::StatusOr<int64_t>()> CurrentLimit() {
    return [this]() -> absl::StatusOr<int64_t> {
      ++current_limit_reads;
      return current_limit;
    };
  }
};

class PlanMemoryTest : public ::testing::Test {
 protected:
  absl::StatusOr<MemoryPlan> Plan(
      const MemorySpec& spec,
      Container::UpdatePolicy policy = Container::UPDATE_DIFF,
      bool creating = false) {
    return PlanMemory("/web", spec, policy, creating, kernel_.HasFile(),
                      kernel_.CurrentLimit());
  }

  // Every Google-kernel file present.
  void AddGoogleFiles() {
    for (const char* file :
         {"memory.oom_score_badness", "memory.compression_sampling_ratio",
          "memory.stale_page_age", "memory.dirty_ratio",
          "memory.dirty_background_ratio", "memory.dirty_limit_in_bytes",
          "memory.dirty_background_limit_in_bytes",
          "memory.kmem_charge_usage"}) {
      kernel_.files.insert(file);
    }
  }

  Kernel kernel_;
};

TEST_F(PlanMemoryTest, LimitIsWrittenInBytes) {
  MemorySpec spec;
  spec.set_limit(100 << 20);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->limit, Optional(int64_t{100} << 20));
  EXPECT_FALSE(plan->reservation.has_value());
  EXPECT_FALSE(plan->swap_limit.has_value());
}

TEST_F(PlanMemoryTest, HugeByteValuesMeanUnlimited) {
  for (int64_t huge : {kInt64Max, int64_t{-1}}) {
    MemorySpec spec;
    spec.set_limit(huge);
    spec.set_reservation(huge);
    spec.set_swap_limit(huge);

    absl::StatusOr<MemoryPlan> plan = Plan(spec);

    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_THAT(plan->limit, Optional(-1));
    EXPECT_THAT(plan->reservation, Optional(-1));
    EXPECT_THAT(plan->swap_limit, Optional(-1));
  }
}

TEST_F(PlanMemoryTest, NegativeByteValuesOtherThanMinusOneAreRefused) {
  for (auto set : std::vector<std::function<void(MemorySpec*)>>{
           [](MemorySpec* s) { s->set_limit(-2); },
           [](MemorySpec* s) { s->set_reservation(-2); },
           [](MemorySpec* s) { s->set_swap_limit(-2); }}) {
    MemorySpec spec;
    set(&spec);

    absl::StatusOr<MemoryPlan> plan = Plan(spec);

    EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr("-2"));
  }
}

TEST_F(PlanMemoryTest, ZeroLimitIsRefused) {
  MemorySpec spec;
  spec.set_limit(0);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("memory.limit 0"));
}

TEST_F(PlanMemoryTest, LimitBelowOnePageIsRefused) {
  // The kernel would round 1000 bytes down to 0 and kill every task.
  MemorySpec spec;
  spec.set_limit(1000);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(),
              HasSubstr("memory.limit 1000 is below one page"));

  spec.set_limit(sysconf(_SC_PAGESIZE));
  EXPECT_TRUE(Plan(spec).ok());
}

TEST_F(PlanMemoryTest, ZeroReservationIsAccepted) {
  MemorySpec spec;
  spec.set_reservation(0);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->reservation, Optional(0));
}

TEST_F(PlanMemoryTest, SwapBelowTheLimitIsRefusedNamingBoth) {
  MemorySpec spec;
  spec.set_limit(2000000);
  spec.set_swap_limit(1000000);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("1000000"));
  EXPECT_THAT(plan.status().message(), HasSubstr("2000000"));
}

TEST_F(PlanMemoryTest, SwapEqualToTheLimitIsAccepted) {
  MemorySpec spec;
  spec.set_limit(2000000);
  spec.set_swap_limit(2000000);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->swap_limit, Optional(2000000));
  EXPECT_EQ(kernel_.current_limit_reads, 0);
}

TEST_F(PlanMemoryTest, FiniteSwapWithAnUnlimitedLimitIsRefused) {
  MemorySpec spec;
  spec.set_limit(-1);
  spec.set_swap_limit(1000000);

  EXPECT_TRUE(absl::IsInvalidArgument(Plan(spec).status()));
}

TEST_F(PlanMemoryTest, SwapIsComparedWithTheCurrentLimitWhenLimitIsUnset) {
  kernel_.current_limit = 3000000;
  MemorySpec spec;
  spec.set_swap_limit(2000000);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("3000000"));
  EXPECT_EQ(kernel_.current_limit_reads, 1);

  kernel_.current_limit = 1000000;
  EXPECT_TRUE(Plan(spec).ok());
}

TEST_F(PlanMemoryTest, UnlimitedSwapNeedsNoComparison) {
  MemorySpec spec;
  spec.set_swap_limit(-1);

  ASSERT_TRUE(Plan(spec).ok());
  EXPECT_EQ(kernel_.current_limit_reads, 0);
}

TEST_F(PlanMemoryTest, ReplaceWithoutLimitComparesSwapWithUnlimited) {
  MemorySpec spec;
  spec.set_swap_limit(1000000);

  EXPECT_TRUE(
      absl::IsInvalidArgument(Plan(spec, Container::UPDATE_REPLACE).status()));
}

TEST_F(PlanMemoryTest, SwapWithoutSwapAccountingIsUnimplemented) {
  kernel_.files.clear();
  MemorySpec spec;
  spec.set_swap_limit(-1);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsUnimplemented(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr(kSwapFile));
}

TEST_F(PlanMemoryTest, DiffPlansNothingForUnsetFields) {
  AddGoogleFiles();

  absl::StatusOr<MemoryPlan> plan = Plan(MemorySpec());

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->limit.has_value());
  EXPECT_FALSE(plan->reservation.has_value());
  EXPECT_FALSE(plan->swap_limit.has_value());
  EXPECT_THAT(plan->extra, IsEmpty());
}

TEST_F(PlanMemoryTest, ReplaceResetsUnsetFieldsOfVanillaKernel) {
  absl::StatusOr<MemoryPlan> plan =
      Plan(MemorySpec(), Container::UPDATE_REPLACE);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->limit, Optional(-1));
  EXPECT_THAT(plan->reservation, Optional(0));
  EXPECT_THAT(plan->swap_limit, Optional(-1));
  EXPECT_THAT(plan->extra, IsEmpty());
}

TEST_F(PlanMemoryTest, ReplaceSkipsSwapDefaultWithoutSwapAccounting) {
  kernel_.files.clear();

  absl::StatusOr<MemoryPlan> plan =
      Plan(MemorySpec(), Container::UPDATE_REPLACE);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->swap_limit.has_value());
}

TEST_F(PlanMemoryTest, ReplaceResetsGoogleFieldsWhereTheirFilesExist) {
  AddGoogleFiles();

  absl::StatusOr<MemoryPlan> plan =
      Plan(MemorySpec(), Container::UPDATE_REPLACE);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->extra,
              ElementsAre(Pair("memory.oom_score_badness", 5000),
                          Pair("memory.compression_sampling_ratio", 0),
                          Pair("memory.stale_page_age", 1),
                          Pair("memory.dirty_ratio", 75),
                          Pair("memory.dirty_background_ratio", 10),
                          Pair("memory.kmem_charge_usage", 0)));
}

TEST_F(PlanMemoryTest, ReplaceWithDirtyLimitsZeroesTheOtherLimit) {
  AddGoogleFiles();
  MemorySpec spec;
  spec.mutable_dirty()->set_limit(4096);

  absl::StatusOr<MemoryPlan> plan = Plan(spec, Container::UPDATE_REPLACE);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->extra,
              ElementsAre(Pair("memory.oom_score_badness", 5000),
                          Pair("memory.compression_sampling_ratio", 0),
                          Pair("memory.stale_page_age", 1),
                          Pair("memory.dirty_limit_in_bytes", 4096),
                          Pair("memory.dirty_background_limit_in_bytes", 0),
                          Pair("memory.kmem_charge_usage", 0)));
}

TEST_F(PlanMemoryTest, CreateLeavesNewCgroupDefaultsButZeroesReservation) {
  absl::StatusOr<MemoryPlan> plan =
      Plan(MemorySpec(), Container::UPDATE_REPLACE, true);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->limit.has_value());
  EXPECT_THAT(plan->reservation, Optional(0));
  EXPECT_FALSE(plan->swap_limit.has_value());
}

TEST_F(PlanMemoryTest, GoogleFieldsAreWrittenAsGiven) {
  AddGoogleFiles();
  MemorySpec spec;
  spec.set_eviction_priority(9000);
  spec.set_compression_sampling_ratio(20);
  spec.set_stale_page_age(5);
  spec.mutable_dirty()->set_ratio(40);
  spec.mutable_dirty()->set_background_ratio(5);
  spec.set_kmem_charge_usage(true);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->extra,
              ElementsAre(Pair("memory.oom_score_badness", 9000),
                          Pair("memory.compression_sampling_ratio", 20),
                          Pair("memory.stale_page_age", 5),
                          Pair("memory.dirty_ratio", 40),
                          Pair("memory.dirty_background_ratio", 5),
                          Pair("memory.kmem_charge_usage", 1)));
}

struct GoogleField {
  std::function<void(MemorySpec*)> set;
  const char* file;
};

TEST_F(PlanMemoryTest, GoogleFieldSetWithoutItsFileIsUnimplementedNamingIt) {
  const GoogleField fields[] = {
      {[](MemorySpec* s) { s->set_eviction_priority(100); },
       "memory.oom_score_badness"},
      {[](MemorySpec* s) { s->set_compression_sampling_ratio(1); },
       "memory.compression_sampling_ratio"},
      {[](MemorySpec* s) { s->set_stale_page_age(2); },
       "memory.stale_page_age"},
      {[](MemorySpec* s) { s->mutable_dirty()->set_ratio(20); },
       "memory.dirty_ratio"},
      {[](MemorySpec* s) { s->mutable_dirty()->set_background_ratio(20); },
       "memory.dirty_background_ratio"},
      {[](MemorySpec* s) { s->mutable_dirty()->set_limit(4096); },
       "memory.dirty_limit_in_bytes"},
      {[](MemorySpec* s) { s->mutable_dirty()->set_background_limit(4096); },
       "memory.dirty_background_limit_in_bytes"},
      {[](MemorySpec* s) { s->set_kmem_charge_usage(false); },
       "memory.kmem_charge_usage"},
  };
  for (const GoogleField& field : fields) {
    MemorySpec spec;
    field.set(&spec);

    absl::StatusOr<MemoryPlan> plan = Plan(spec, Container::UPDATE_REPLACE);

    EXPECT_TRUE(absl::IsUnimplemented(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr(field.file));
  }
}

TEST_F(PlanMemoryTest, EvictionPriorityOutsideRangeIsRefused) {
  AddGoogleFiles();
  for (int32_t priority : {-1, 10001}) {
    MemorySpec spec;
    spec.set_eviction_priority(priority);

    absl::StatusOr<MemoryPlan> plan = Plan(spec);

    EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr(std::to_string(priority)));
  }
}

TEST_F(PlanMemoryTest, EvictionPriorityBoundsAreAccepted) {
  AddGoogleFiles();
  for (int32_t priority : {0, 10000}) {
    MemorySpec spec;
    spec.set_eviction_priority(priority);

    EXPECT_TRUE(Plan(spec).ok()) << priority;
  }
}

TEST_F(PlanMemoryTest, DirtyRatioMixedWithDirtyLimitIsRefused) {
  AddGoogleFiles();
  MemorySpec spec;
  spec.mutable_dirty()->set_ratio(20);
  spec.mutable_dirty()->set_background_limit(4096);

  absl::StatusOr<MemoryPlan> plan = Plan(spec);

  EXPECT_TRUE(absl::IsInvalidArgument(plan.status())) << plan.status();
  EXPECT_THAT(plan.status().message(), HasSubstr("memory.dirty"));
}

TEST_F(PlanMemoryTest, FieldsTheProjectLacksAreUnimplementedNamingThem) {
  const std::pair<std::function<void(MemorySpec*)>, const char*> fields[] = {
      {[](MemorySpec* s) { s->set_max_limit(1 << 30); }, "max_limit"},
      {[](MemorySpec* s) { s->set_hugetlbfs_path("/huge"); }, "hugetlbfs_path"},
      {[](MemorySpec* s) { s->mutable_tmpfs()->add_path("/tmp"); }, "tmpfs"},
  };
  for (const auto& [set, name] : fields) {
    MemorySpec spec;
    set(&spec);

    absl::StatusOr<MemoryPlan> plan = Plan(spec);

    EXPECT_TRUE(absl::IsUnimplemented(plan.status())) << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr(name));
  }
}

// ---------------------------------------------------------------------------
// ApplyMemoryPlan

class ApplyMemoryPlanTest : public ::testing::Test {
 protected:
  static std::string Path(const std::string& file) {
    return std::string(kDir) + "/" + file;
  }
  void ExpectRead(const std::string& file, const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(Path(file))))
        .WillOnce(Return(absl::StatusOr<std::string>(text)));
  }
  void ExpectWrite(const std::string& file, const std::string& value,
                   absl::Status result = absl::OkStatus()) {
    EXPECT_CALL(kernel_, WriteFile(Eq(Path(file)), Eq(value)))
        .WillOnce(Return(result));
  }
  static absl::Status Busy(const std::string& file) {
    return absl::FailedPreconditionError(Path(file) +
                                         ": Device or resource busy");
  }

  StrictMock<MockKernelApi> kernel_;
  MemoryController controller_{kDir, kernel_};
};

TEST_F(ApplyMemoryPlanTest, FreshCgroupGetsMemoryBeforeSwapAndNoReads) {
  MemoryPlan plan;
  plan.limit = 1000000;
  plan.swap_limit = 2000000;
  plan.reservation = 0;
  plan.extra = {{"memory.stale_page_age", 1}};
  InSequence in_order;
  ExpectWrite("memory.limit_in_bytes", "1000000");
  ExpectWrite(kSwapFile, "2000000");
  ExpectWrite("memory.soft_limit_in_bytes", "0");
  ExpectWrite("memory.stale_page_age", "1");

  EXPECT_TRUE(ApplyMemoryPlan(controller_, plan, true).ok());
}

TEST_F(ApplyMemoryPlanTest, RaisingBothWritesSwapFirst) {
  MemoryPlan plan;
  plan.limit = 4000000;
  plan.swap_limit = 8000000;
  InSequence in_order;
  ExpectRead(kSwapFile, "2000000\n");
  ExpectRead(kSwapFile, "2000000\n");
  ExpectWrite(kSwapFile, "8000000");
  ExpectRead("memory.limit_in_bytes", "1000000\n");
  ExpectWrite("memory.limit_in_bytes", "4000000");

  EXPECT_TRUE(ApplyMemoryPlan(controller_, plan, false).ok());
}

TEST_F(ApplyMemoryPlanTest, LiftingSwapToUnlimitedWritesSwapFirst) {
  MemoryPlan plan;
  plan.limit = -1;
  plan.swap_limit = -1;
  InSequence in_order;
  ExpectRead(kSwapFile, "9223372036854771712\n");
  ExpectRead(kSwapFile, "9223372036854771712\n");
  ExpectWrite(kSwapFile, "-1");
  ExpectRead("memory.limit_in_bytes", "1000000\n");
  ExpectWrite("memory.limit_in_bytes", "-1");

  EXPECT_TRUE(ApplyMemoryPlan(controller_, plan, false).ok());
}

TEST_F(ApplyMemoryPlanTest, LoweringBothWritesMemoryFirst) {
  MemoryPlan plan;
  plan.limit = 1000000;
  plan.swap_limit = 2000000;
  InSequence in_order;
  ExpectRead(kSwapFile, "8000000\n");
  ExpectRead("memory.limit_in_bytes", "4000000\n");
  ExpectWrite("memory.limit_in_bytes", "1000000");
  ExpectRead(kSwapFile, "8000000\n");
  ExpectWrite(kSwapFile, "2000000");

  EXPECT_TRUE(ApplyMemoryPlan(controller_, plan, false).ok());
}

TEST_F(ApplyMemoryPlanTest,
       BusyWhileLoweringLimitIsFailedPreconditionAndKeepsOld) {
  MemoryPlan plan;
  plan.limit = 1000000;
  plan.reservation = 0;
  InSequence in_order;
  ExpectRead("memory.limit_in_bytes", "4000000\n");
  ExpectWrite("memory.limit_in_bytes", "1000000",
              Busy("memory.limit_in_bytes"));
  ExpectRead("memory.usage_in_bytes", "3000000\n");

  absl::Status status = ApplyMemoryPlan(controller_, plan, false);

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(),
              HasSubstr("memory.limit 1000000 is below current usage 3000000"));
  EXPECT_THAT(status.message(), HasSubstr("memory.limit_in_bytes"));
}

TEST_F(ApplyMemoryPlanTest, BusySwapAfterLoweredLimitRestoresTheLimit) {
  MemoryPlan plan;
  plan.limit = 1000000;
  plan.swap_limit = 2000000;
  InSequence in_order;
  ExpectRead(kSwapFile, "8000000\n");
  ExpectRead("memory.limit_in_bytes", "4000000\n");
  ExpectWrite("memory.limit_in_bytes", "1000000");
  ExpectRead(kSwapFile, "8000000\n");
  ExpectWrite(kSwapFile, "2000000", Busy(kSwapFile));
  ExpectRead("memory.usage_in_bytes", "1500000\n");
  ExpectWrite("memory.limit_in_bytes", "4000000");

  absl::Status status = ApplyMemoryPlan(controller_, plan, false);

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("memory.swap_limit 2000000"));
  EXPECT_THAT(status.message(), HasSubstr(kSwapFile));
}

TEST_F(ApplyMemoryPlanTest, OtherWriteErrorsKeepTheirCode) {
  MemoryPlan plan;
  plan.limit = 1000000;
  InSequence in_order;
  ExpectRead("memory.limit_in_bytes", "4000000\n");
  ExpectWrite("memory.limit_in_bytes", "1000000",
              absl::InvalidArgumentError("memory.limit_in_bytes: Invalid"));

  EXPECT_TRUE(
      absl::IsInvalidArgument(ApplyMemoryPlan(controller_, plan, false)));
}

TEST_F(ApplyMemoryPlanTest, FailedExtraWriteRestoresEverythingNewestFirst) {
  MemoryPlan plan;
  plan.limit = 4000000;
  plan.reservation = 1000;
  plan.extra = {{"memory.oom_score_badness", 9000}};
  InSequence in_order;
  ExpectRead("memory.limit_in_bytes", "1000000\n");
  ExpectWrite("memory.limit_in_bytes", "4000000");
  ExpectRead("memory.soft_limit_in_bytes", "0\n");
  ExpectWrite("memory.soft_limit_in_bytes", "1000");
  ExpectRead("memory.oom_score_badness", "5000\n");
  ExpectWrite("memory.oom_score_badness", "9000",
              absl::InvalidArgumentError("Invalid argument"));
  ExpectWrite("memory.soft_limit_in_bytes", "0");
  ExpectWrite("memory.limit_in_bytes", "1000000");

  EXPECT_TRUE(
      absl::IsInvalidArgument(ApplyMemoryPlan(controller_, plan, false)));
}

TEST_F(ApplyMemoryPlanTest, FreshCgroupIsNotRestoredAfterAFailedWrite) {
  MemoryPlan plan;
  plan.limit = 1000000;
  plan.reservation = 0;
  InSequence in_order;
  ExpectWrite("memory.limit_in_bytes", "1000000");
  ExpectWrite("memory.soft_limit_in_bytes", "0",
              absl::PermissionDeniedError("Permission denied"));

  EXPECT_TRUE(
      absl::IsPermissionDenied(ApplyMemoryPlan(controller_, plan, true)));
}

TEST_F(ApplyMemoryPlanTest, EmptyPlanTouchesNothing) {
  EXPECT_TRUE(ApplyMemoryPlan(controller_, MemoryPlan(), false).ok());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
