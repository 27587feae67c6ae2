// SPDX-License-Identifier: Apache-2.0
// Tests of FillMemoryStats: counters, memory.stat parsing into container and
// hierarchical data, and the working set.

#include "lmctfy/resources/memory_stats.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/controllers/memory_controller.h"
#include "system_api/mock_kernel_api.h"
#include "tests/unit/resources/fake_cgroup_fs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;
using ::testing::NiceMock;
using testing_fs::FakeCgroupFs;

constexpr char kDir[] = "/cg/memory/web";

class MemoryStatsTest : public ::testing::Test {
 protected:
  MemoryStatsTest() {
    fs_.AddDir(kDir);
    Set("memory.limit_in_bytes", "8000000\n");
    Set("memory.soft_limit_in_bytes", "1000000\n");
    Set("memory.usage_in_bytes", "5000000\n");
    Set("memory.max_usage_in_bytes", "6000000\n");
    Set("memory.failcnt", "3\n");
    Set("memory.stat", "");
  }

  void Set(const std::string& file, const std::string& contents) {
    fs_.AddFile(std::string(kDir) + "/" + file, contents);
  }

  absl::StatusOr<MemoryStats> Fill() {
    MemoryStats stats;
    absl::Status status = FillMemoryStats(controller_, &stats);
    if (!status.ok()) return status;
    return stats;
  }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  MemoryController controller_{kDir, kernel_};
};

TEST_F(MemoryStatsTest, CountersComeFromTheirFiles) {
  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->limit(), 8000000);
  EXPECT_EQ(stats->reservation(), 1000000);
  EXPECT_EQ(stats->usage(), 5000000);
  EXPECT_EQ(stats->max_usage(), 6000000);
  EXPECT_EQ(stats->fail_count(), 3);
}

TEST_F(MemoryStatsTest, PlainKeysFillContainerDataAndTotalKeysHierarchical) {
  Set("memory.stat",
      "cache 100\nrss 200\nrss_huge 0\nmapped_file 300\npgpgin 400\n"
      "pgpgout 500\npgfault 600\npgmajfault 7\ndirty 8\nwriteback 9\n"
      "inactive_anon 10\nactive_anon 11\ninactive_file 12\nactive_file 13\n"
      "unevictable 14\ntotal_cache 1100\ntotal_rss 1200\n"
      "total_pgpgout 1500\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  const MemoryStats::MemoryData& own = stats->container_data();
  EXPECT_EQ(own.cache(), 100);
  EXPECT_EQ(own.rss(), 200);
  EXPECT_TRUE(own.has_rss_huge());
  EXPECT_EQ(own.mapped_file(), 300);
  EXPECT_EQ(own.pgpgin(), 400);
  EXPECT_EQ(own.pgpgout(), 500);
  EXPECT_EQ(own.pgfault(), 600);
  EXPECT_EQ(own.pgmajfault(), 7);
  EXPECT_EQ(own.dirty(), 8);
  EXPECT_EQ(own.writeback(), 9);
  EXPECT_EQ(own.inactive_anon(), 10);
  EXPECT_EQ(own.active_anon(), 11);
  EXPECT_EQ(own.inactive_file(), 12);
  EXPECT_EQ(own.active_file(), 13);
  EXPECT_EQ(own.unevictable(), 14);
  const MemoryStats::MemoryData& all = stats->hierarchical_data();
  EXPECT_EQ(all.cache(), 1100);
  EXPECT_EQ(all.rss(), 1200);
  EXPECT_EQ(all.pgpgout(), 1500);
  EXPECT_FALSE(all.has_pgpgin());
}

TEST_F(MemoryStatsTest, PrefixedKeysFillSubMessages) {
  Set("memory.stat",
      "thp_fault_alloc 1\nthp_split 2\nkernel_slab_memory 3\n"
      "kernel_noncharged_memory 4\ntotal_thp_collapse_alloc 5\n"
      "total_kernel_noncharged_stack_memory 6\ntotal_kernel_memory 7\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  const MemoryStats::MemoryData& own = stats->container_data();
  EXPECT_EQ(own.thp().fault_alloc(), 1);
  EXPECT_EQ(own.thp().split(), 2);
  EXPECT_EQ(own.kernel().slab_memory(), 3);
  EXPECT_EQ(own.kernel_noncharged().memory(), 4);
  EXPECT_FALSE(own.kernel().has_memory());
  const MemoryStats::MemoryData& all = stats->hierarchical_data();
  EXPECT_EQ(all.thp().collapse_alloc(), 5);
  EXPECT_EQ(all.kernel_noncharged().stack_memory(), 6);
  EXPECT_EQ(all.kernel().memory(), 7);
}

TEST_F(MemoryStatsTest, UnknownKeysAreIgnoredWithoutEmptySubMessages) {
  Set("memory.stat",
      "shmem 1\nswap 2\nworkingset_refault_anon 3\nkernel_stack 4\n"
      "thp_unknown 5\nhierarchical_memsw_limit 6\ntotal_shmem 7\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_FALSE(stats->container_data().has_kernel());
  EXPECT_FALSE(stats->container_data().has_thp());
  EXPECT_EQ(stats->container_data().ByteSizeLong(), 0u);
  EXPECT_EQ(stats->hierarchical_data().ByteSizeLong(), 0u);
}

TEST_F(MemoryStatsTest, HierarchicalLimitIsAlsoTheEffectiveLimit) {
  Set("memory.stat", "hierarchical_memory_limit 4000000\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->hierarchical_memory_limit(), 4000000);
  EXPECT_EQ(stats->effective_limit(), 4000000);
}

TEST_F(MemoryStatsTest, WorkingSetIsUsageLessInactiveHierarchicalMemory) {
  Set("memory.stat",
      "inactive_anon 999\ninactive_file 999\n"
      "total_inactive_anon 1000000\ntotal_inactive_file 500000\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->working_set(), 3500000);
}

TEST_F(MemoryStatsTest, WorkingSetIsNeverNegative) {
  Set("memory.stat",
      "total_inactive_anon 4000000\ntotal_inactive_file 4000000\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->working_set(), 0);
}

TEST_F(MemoryStatsTest, WorkingSetWithoutInactiveKeysIsTheUsage) {
  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->working_set(), 5000000);
}

TEST_F(MemoryStatsTest, HugeValuesSaturate) {
  Set("memory.limit_in_bytes", "18446744073709551615\n");
  Set("memory.stat", "rss 18446744073709551615\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->limit(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(stats->container_data().rss(), std::numeric_limits<int64_t>::max());
}

TEST_F(MemoryStatsTest, UnreadableStatFileIsReported) {
  Set("memory.stat", "cache lots\n");

  absl::StatusOr<MemoryStats> stats = Fill();

  EXPECT_TRUE(absl::IsInternal(stats.status())) << stats.status();
  EXPECT_THAT(stats.status().message(), HasSubstr("memory.stat"));
}

TEST_F(MemoryStatsTest, MissingUsageFileIsReported) {
  MemoryController elsewhere("/cg/memory/gone", kernel_);
  MemoryStats stats;

  absl::Status status = FillMemoryStats(elsewhere, &stats);

  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/cg/memory/gone"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
