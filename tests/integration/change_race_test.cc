// SPDX-License-Identifier: Apache-2.0
// Two lmctfy processes changing one container at once: racing updates,
// pauses and resumes, and kills all succeed (no wrong error), and the kernel
// ends in the state one of them asked for, never a mix of both.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::Each;

constexpr char kName[] = "/changed";

// `lmctfy args...` `times` times; the first failing exit code, else 0.
int Repeat(int times, const std::vector<std::string>& args) {
  for (int i = 0; i < times; ++i) {
    const CommandResult result = RunCli(args);
    if (result.exit_code != 0) {
      std::fprintf(stderr, "%s: exit %d: %s\n", args[0].c_str(),
                   result.exit_code, result.err.c_str());
      return result.exit_code;
    }
  }
  return 0;
}

// One spec's values as the kernel holds them.
struct Values {
  int64_t limit;
  int64_t soft_limit;
  int64_t shares;
  int64_t quota;
  bool operator==(const Values& other) const {
    return limit == other.limit && soft_limit == other.soft_limit &&
           shares == other.shares && quota == other.quota;
  }
};

std::ostream& operator<<(std::ostream& os, const Values& values) {
  return os << "limit " << values.limit << ", soft limit " << values.soft_limit
            << ", shares " << values.shares << ", quota " << values.quota;
}

Values KernelValues() {
  return {ReadCgroupInt("memory", kName, "memory.limit_in_bytes"),
          ReadCgroupInt("memory", kName, "memory.soft_limit_in_bytes"),
          ReadCgroupInt("cpu", kName, "cpu.shares"),
          ReadCgroupInt("cpu", kName, "cpu.cfs_quota_us")};
}

using ChangeRaceTest = IntegrationTest;

TEST_F(ChangeRaceTest, RacingUpdatesEachApplyWholly) {
  constexpr int kRounds = 12;
  constexpr int kUpdatesPerRound = 4;
  // Replace updates that differ in every file they write.
  const std::string spec_a =
      "memory { limit: 100663296 reservation: 33554432 } "
      "cpu { limit: 500 max_limit: 500 }";
  const std::string spec_b =
      "memory { limit: 50331648 reservation: 16777216 } "
      "cpu { limit: 1500 max_limit: 1500 }";
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(kName, spec_a));
  const Values a = KernelValues();
  ASSERT_EQ(Repeat(1, {"update", "replace", kName, spec_b}), 0);
  const Values b = KernelValues();
  ASSERT_FALSE(a == b);

  for (int round = 0; round < kRounds; ++round) {
    const std::vector<int> codes =
        InParallel({[&] {
                      return Repeat(kUpdatesPerRound,
                                    {"update", "replace", kName, spec_a});
                    },
                    [&] {
                      return Repeat(kUpdatesPerRound,
                                    {"update", "replace", kName, spec_b});
                    }});
    EXPECT_THAT(codes, Each(0)) << "round " << round;
    const Values now = KernelValues();
    EXPECT_TRUE(now == a || now == b)
        << "round " << round << ": a mix of both updates: " << now;
  }
}

TEST_F(ChangeRaceTest, RacingPausesAndResumesNeverTimeOutOrMix) {
  constexpr int kRounds = 8;
  constexpr int kPerRound = 6;
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(kName, "memory { limit: 67108864 }"));
  const pid_t pid = RunInBackground(kName, {"/bin/sleep", "1000"});
  ASSERT_GT(pid, 0);

  for (int round = 0; round < kRounds; ++round) {
    const std::vector<int> codes =
        InParallel({[&] {
                      return Repeat(kPerRound, {"pause", kName});
                    },
                    [&] {
                      return Repeat(kPerRound, {"resume", kName});
                    },
                    [&] {
                      return Repeat(kPerRound, {"update", "diff", kName,
                                                "memory { limit: 33554432 }"});
                    }});
    EXPECT_THAT(codes, Each(0)) << "round " << round;
    const std::string state = ReadCgroupFile("freezer", kName, "freezer.state");
    EXPECT_TRUE(state == "FROZEN" || state == "THAWED")
        << "round " << round << ": " << state;
    // Whatever the order, the process is still there and thaws.
    ASSERT_EQ(Repeat(1, {"resume", kName}), 0);
    EXPECT_EQ(ReadCgroupFile("freezer", kName, "freezer.state"), "THAWED");
    EXPECT_EQ(kill(pid, 0), 0) << "round " << round;
  }
}

TEST_F(ChangeRaceTest, KillAllRacingPauseLeavesNoTaskAndAThawableContainer) {
  constexpr int kRounds = 5;
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(kName, "memory { limit: 67108864 }"));
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < 3; ++i) {
      ASSERT_GT(RunInBackground(kName, {"/bin/sleep", "1000"}), 0);
    }
    const std::vector<int> codes =
        InParallel({[&] {
                      return Repeat(1, {"killall", kName});
                    },
                    [&] {
                      return Repeat(3, {"pause", kName});
                    }});
    EXPECT_THAT(codes, Each(0)) << "round " << round;
    ASSERT_EQ(Repeat(1, {"resume", kName}), 0);
    // KillAll ran whole: nothing it found survived, even if a pause came
    // before or after it.
    EXPECT_TRUE(WaitUntil([] {
      return ReadPids(CgroupDir("freezer", kName) + "/cgroup.procs").empty();
    })) << "round "
        << round;
  }
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
