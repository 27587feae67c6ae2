// SPDX-License-Identifier: Apache-2.0
// Stats on the real kernel: a process holding 100 MiB shows up in the memory
// numbers, which agree with the cgroup files, and a busy loop makes the CPU
// usage grow.

#include <signal.h>

#include <cstdint>
#include <memory>
#include <numeric>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr int64_t kMiB = 1 << 20;
constexpr int64_t kHogBytes = 100 * kMiB;
// A busy loop that never sleeps.
constexpr char kBusyLoop[] = "while :; do :; done";

using StatsTest = IntegrationTest;

absl::StatusOr<ContainerStats> StatsOf(ContainerApi& api,
                                       const std::string& name) {
  absl::StatusOr<std::unique_ptr<Container>> container = api.Get(name);
  if (!container.ok()) return container.status();
  return (*container)->Stats(Container::STATS_FULL);
}

TEST_F(StatsTest, MemoryOfA100MiBProcessMatchesTheKernelFiles) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/s_mem", "memory { limit: 536870912 }"));
  ASSERT_GT(RunInBackground("/s_mem", {LMCTFY_MEMHOG_PATH, "100", "120"}), 0);
  ASSERT_TRUE(WaitUntil(
      [] {
        return ReadCgroupInt("memory", "/s_mem", "memory.usage_in_bytes") >=
               kHogBytes;
      },
      absl::Seconds(30)))
      << "memhog never reached 100 MiB";
  // memhog holds its memory once it has touched it all.
  absl::SleepFor(absl::Milliseconds(200));

  absl::StatusOr<ContainerStats> stats = StatsOf(api(), "/s_mem");
  const int64_t usage_file =
      ReadCgroupInt("memory", "/s_mem", "memory.usage_in_bytes");
  ASSERT_TRUE(stats.ok()) << stats.status();
  const MemoryStats& memory = stats->memory();

  EXPECT_GE(memory.usage(), kHogBytes);
  // Read a moment apart, so allow a little drift.
  EXPECT_NEAR(memory.usage(), usage_file, 2 * kMiB);
  EXPECT_EQ(memory.limit(), 536870912);
  EXPECT_EQ(memory.limit(),
            ReadCgroupInt("memory", "/s_mem", "memory.limit_in_bytes"));
  EXPECT_GE(memory.max_usage(), memory.usage());
  EXPECT_LE(memory.max_usage(),
            ReadCgroupInt("memory", "/s_mem", "memory.max_usage_in_bytes"));
  EXPECT_EQ(memory.fail_count(),
            ReadCgroupInt("memory", "/s_mem", "memory.failcnt"));
  const std::string stat_file = CgroupDir("memory", "/s_mem") + "/memory.stat";
  EXPECT_GE(memory.container_data().rss(), kHogBytes - 2 * kMiB);
  EXPECT_NEAR(memory.container_data().rss(), ReadKeyedValue(stat_file, "rss"),
              2 * kMiB);
  EXPECT_EQ(memory.hierarchical_memory_limit(),
            ReadKeyedValue(stat_file, "hierarchical_memory_limit"));
  EXPECT_GE(memory.working_set(), 0);
  EXPECT_LE(memory.working_set(), memory.usage());
}

TEST_F(StatsTest, CpuUsageOfABusyLoopGrows) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/s_cpu", "cpu { limit: 1000 }"));
  absl::StatusOr<ContainerStats> idle = StatsOf(api(), "/s_cpu");
  ASSERT_TRUE(idle.ok()) << idle.status();
  EXPECT_EQ(idle->cpu().usage().total(), 0u) << "no process ran yet";

  ASSERT_GT(RunInBackground("/s_cpu", {"/bin/sh", "-c", kBusyLoop}), 0);
  // 200 ms of CPU time, however long the shared machine takes to give it.
  uint64_t total = 0;
  ASSERT_TRUE(WaitUntil(
      [this, &total] {
        absl::StatusOr<ContainerStats> stats = StatsOf(api(), "/s_cpu");
        total = stats.ok() ? stats->cpu().usage().total() : 0;
        return total >= 200'000'000u;
      },
      absl::Seconds(30)))
      << "cpu usage stayed at " << total << " ns";

  absl::StatusOr<ContainerStats> stats = StatsOf(api(), "/s_cpu");
  ASSERT_TRUE(stats.ok()) << stats.status();
  const CpuStats::Usage& usage = stats->cpu().usage();
  EXPECT_GE(usage.total(), total);
  // The kernel's counter, read afterwards, cannot be behind ours.
  EXPECT_GE(ReadCgroupInt("cpuacct", "/s_cpu", "cpuacct.usage"),
            static_cast<int64_t>(usage.total()));
  ASSERT_GT(usage.per_cpu_size(), 0);
  const int64_t per_cpu_sum = std::accumulate(
      usage.per_cpu().begin(), usage.per_cpu().end(), int64_t{0});
  // per_cpu and total are separate reads of a growing counter.
  EXPECT_NEAR(static_cast<double>(per_cpu_sum),
              static_cast<double>(usage.total()), 100'000'000.0);
  EXPECT_GT(usage.user() + usage.system(), 0);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
