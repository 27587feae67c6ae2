// SPDX-License-Identifier: Apache-2.0
// CPU enforcement on the real kernel: a hard cap throttles a busy loop, a
// mask keeps busy processes on the chosen CPU, and bad masks change nothing.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A shell loop that never sleeps.
const std::vector<std::string> kBusyLoop = {"/bin/sh", "-c",
                                            "while :; do :; done"};
// One process with two busy threads.
const std::vector<std::string> kTwoBusyThreads = {LMCTFY_SPINNER_PATH, "2"};

// The CPU each thread of `pid` last ran on (field 39 of its stat file).
std::vector<int> ThreadCpus(pid_t pid) {
  std::vector<int> cpus;
  const std::string tasks = absl::StrCat("/proc/", pid, "/task");
  for (const auto& entry : std::filesystem::directory_iterator(tasks)) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the command name, which ends with the last ')'.
    std::vector<std::string> fields =
        absl::StrSplit(line.substr(line.rfind(')') + 2), ' ');
    int cpu = -1;
    // Field 39 overall is the 37th after pid and comm.
    if (fields.size() > 36 && absl::SimpleAtoi(fields[36], &cpu)) {
      cpus.push_back(cpu);
    }
  }
  return cpus;
}

// The per-CPU nanoseconds of a cpuacct cgroup.
std::vector<int64_t> PerCpuUsage(const std::string& container) {
  std::vector<int64_t> usage;
  for (absl::string_view word : absl::StrSplit(
           ReadCgroupFile("cpuacct", container, "cpuacct.usage_percpu"), ' ',
           absl::SkipEmpty())) {
    int64_t value = 0;
    EXPECT_TRUE(absl::SimpleAtoi(word, &value)) << word;
    usage.push_back(value);
  }
  return usage;
}

using CpuTest = IntegrationTest;

TEST_F(CpuTest, MaxLimitHoldsABusyLoopNearItsQuota) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/capped", "cpu { max_limit: 200 }"));
  ASSERT_GT(RunInBackground("/capped", kBusyLoop), 0);
  const std::string stat_file = CgroupDir("cpu", "/capped") + "/cpu.stat";
  // Let the loop run into its first throttled periods.
  absl::SleepFor(absl::Milliseconds(500));

  const int64_t usage_before =
      ReadCgroupInt("cpuacct", "/capped", "cpuacct.usage");
  const int64_t throttled_before = ReadKeyedValue(stat_file, "nr_throttled");
  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Milliseconds(2500));
  const int64_t usage_after =
      ReadCgroupInt("cpuacct", "/capped", "cpuacct.usage");
  const int64_t throttled_after = ReadKeyedValue(stat_file, "nr_throttled");
  const absl::Duration wall = absl::Now() - start;

  const double share = static_cast<double>(usage_after - usage_before) /
                       absl::ToDoubleNanoseconds(wall);
  std::cout << "[ measured ] busy loop under max_limit 200: " << share * 100
            << "% of one CPU, nr_throttled +"
            << throttled_after - throttled_before << "\n";
  RecordProperty("cpu_share_percent", static_cast<int>(share * 100));
  // 200 milliCPU is 20% of one CPU; the bounds only show the cap is there.
  EXPECT_GT(share, 0.10);
  EXPECT_LT(share, 0.30);
  EXPECT_GT(throttled_after, throttled_before);
}

TEST_F(CpuTest, MaskKeepsATwoThreadBusyProcessOnTheChosenCpu) {
  const std::string root_cpus = ReadCgroupFile("cpuset", "/", "cpuset.cpus");
  if (!absl::StartsWith(root_cpus, "0-")) {
    GTEST_SKIP() << "needs CPUs 0 and 1 in the root cpuset, have \""
                 << root_cpus << "\"";
  }
  // Bit 1: CPU 1 only.
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/pinned", "cpu { mask { data: 2 } }"));
  EXPECT_EQ(ReadCgroupFile("cpuset", "/pinned", "cpuset.cpus"), "1");
  const pid_t pid = RunInBackground("/pinned", kTwoBusyThreads);
  ASSERT_GT(pid, 0);
  absl::SleepFor(absl::Milliseconds(300));

  const std::vector<int64_t> before = PerCpuUsage("/pinned");
  absl::SleepFor(absl::Milliseconds(1500));
  const std::vector<int64_t> after = PerCpuUsage("/pinned");
  ASSERT_GE(before.size(), 2u);
  ASSERT_EQ(after.size(), before.size());

  const int64_t on_cpu0 = after[0] - before[0];
  const int64_t on_cpu1 = after[1] - before[1];
  std::cout << "[ measured ] mask {data: 2}: cpu0 +" << on_cpu0 / 1000000
            << " ms, cpu1 +" << on_cpu1 / 1000000 << " ms\n";
  EXPECT_GT(on_cpu1, 100 * 1000000LL);
  // Nothing measurable ran on CPU 0 (allow 1% for accounting noise).
  EXPECT_LT(on_cpu0, on_cpu1 / 100);
  // Both threads (plus the main one, waiting) last ran on CPU 1.
  const std::vector<int> cpus = ThreadCpus(pid);
  EXPECT_EQ(cpus.size(), 3u);
  for (int cpu : cpus) EXPECT_EQ(cpu, 1);
}

TEST_F(CpuTest, MaskOutsideParentsCpusIsRefusedBeforeAnyMkdir) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/narrow", "cpu { mask { data: 1 } }"));
  DestroyAtTearDown("/narrow/wide");

  const CommandResult refused =
      RunCli({"create", "/narrow/wide", "cpu { mask { data: 3 } }"});
  EXPECT_EQ(refused.exit_code, 3) << refused;
  EXPECT_THAT(refused.err, HasSubstr("/narrow/wide"));
  EXPECT_THAT(HierarchiesWith("/narrow/wide"), IsEmpty());
}

TEST_F(CpuTest, EmptyMaskIsRefusedAndTheOldMaskStays) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/masked", "cpu { mask { data: 1 } }"));

  const CommandResult refused =
      RunCli({"update", "diff", "/masked", "cpu { mask { } }"});
  EXPECT_EQ(refused.exit_code, 3) << refused;
  EXPECT_THAT(refused.err, HasSubstr("mask"));
  EXPECT_EQ(ReadCgroupFile("cpuset", "/masked", "cpuset.cpus"), "0");

  const CommandResult created_empty =
      RunCli({"create", "/empty_mask", "cpu { mask { } }"});
  DestroyAtTearDown("/empty_mask");
  EXPECT_EQ(created_empty.exit_code, 3) << created_empty;
  EXPECT_THAT(HierarchiesWith("/empty_mask"), IsEmpty());
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
