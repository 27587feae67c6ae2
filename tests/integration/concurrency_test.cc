// SPDX-License-Identifier: Apache-2.0
// Several lmctfy processes working on the same containers at once: one of
// two racing creates wins and the other gets ALREADY_EXISTS, and a bounded
// stress run of create, run, list and destroy leaves every container whole or
// absent, with `list containers -r /` agreeing with the kernel.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Every container below gets cgroups in all of these, so "whole" is easy to
// tell from "half-made".
constexpr char kSpec[] = "memory { limit: 67108864 } cpu { limit: 100 }";
const std::set<std::string> kWholeHierarchies = {"cpu", "cpuacct", "cpuset",
                                                 "freezer", "memory"};

std::set<std::string> HierarchySet(const std::string& name) {
  const std::vector<std::string> with = HierarchiesWith(name);
  return std::set<std::string>(with.begin(), with.end());
}

bool Whole(const std::string& name) {
  return HierarchySet(name) == kWholeHierarchies;
}

// Container names with a freezer cgroup, from the kernel directories.
std::set<std::string> KernelContainers() {
  std::set<std::string> names;
  for (const std::string& dir : AllCgroupDirs()) {
    if (absl::StartsWith(dir, "freezer:")) names.insert(dir.substr(8));
  }
  return names;
}

using ConcurrencyTest = IntegrationTest;

TEST_F(ConcurrencyTest, OfRacingCreatesOfOneNameExactlyOneWins) {
  constexpr int kRounds = 8;
  constexpr int kRacers = 4;
  DestroyAtTearDown("/race");
  for (int round = 0; round < kRounds; ++round) {
    const std::vector<int> codes = InParallel(kRacers, [](int) {
      return RunCli({"create", "/race", kSpec}).exit_code;
    });

    int won = 0;
    for (int code : codes) {
      if (code == 0) ++won;
      // 6 is ALREADY_EXISTS; anything else is a wrong error.
      EXPECT_TRUE(code == 0 || code == 6) << "round " << round << ": " << code;
    }
    EXPECT_EQ(won, 1) << "round " << round;
    EXPECT_TRUE(Whole("/race"))
        << "round " << round << ": /race has cgroups in "
        << absl::StrJoin(HierarchiesWith("/race"), ", ");
    const CommandResult destroyed = RunCli({"destroy", "-f", "/race"});
    ASSERT_EQ(destroyed.exit_code, 0) << destroyed;
  }
}

TEST_F(ConcurrencyTest, RacingDestroysOfOneNameLeaveNothingAndOneWins) {
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/gone", kSpec));
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/gone/child", kSpec));

    const std::vector<int> codes = InParallel(3, [](int) {
      return RunCli({"destroy", "-f", "/gone"}).exit_code;
    });

    EXPECT_THAT(codes, UnorderedElementsAre(0, 5, 5)) << "round " << round;
    EXPECT_THAT(HierarchiesWith("/gone"), ElementsAre()) << "round " << round;
    EXPECT_THAT(HierarchiesWith("/gone/child"), ElementsAre());
  }
}

// What one stress worker does with each pick, and the exit codes it accepts.
int StressWorker(int worker, absl::Time deadline) {
  const std::vector<std::string> names = {"/s0",    "/s1",    "/s2",
                                          "/s0/c0", "/s1/c0", "/s0/c0/d0"};
  unsigned int seed = 2654435761u * static_cast<unsigned int>(worker + 1);
  int failures = 0;
  auto complain = [&](const std::string& what, const CommandResult& result) {
    std::fprintf(stderr, "worker %d: %s: %s\n", worker, what.c_str(),
                 absl::StrCat(result.exit_code, " ", result.err).c_str());
    ++failures;
  };
  int commands = 0;
  int succeeded = 0;
  auto count = [&](const CommandResult& result) {
    ++commands;
    if (result.exit_code == 0) ++succeeded;
  };
  while (absl::Now() < deadline) {
    seed = seed * 1103515245u + 12345u;
    const std::string& name = names[(seed >> 8) % names.size()];
    switch ((seed >> 16) % 4) {
      case 0: {
        // 5: the parent is missing; 6: someone else made it.
        const CommandResult r = RunCli({"create", name, kSpec});
        count(r);
        if (r.exit_code != 0 && r.exit_code != 5 && r.exit_code != 6) {
          complain("create " + name, r);
        }
        break;
      }
      case 1: {
        // 5: it does not exist (or vanished while the command started).
        const CommandResult r = RunCli({"destroy", "-f", name});
        count(r);
        if (r.exit_code != 0 && r.exit_code != 5) {
          complain("destroy -f " + name, r);
        }
        break;
      }
      case 2: {
        // Run is not serialised against destroy: a destroy may remove the
        // container (5) or kill the command (137) between the steps.
        const CommandResult r = RunCli({"run", name, "/bin/true"});
        count(r);
        if (r.exit_code != 0 && r.exit_code != 5 && r.exit_code != 137) {
          complain("run " + name, r);
        }
        break;
      }
      default: {
        // Listing is not atomic (INTERFACE.md 4.11): a subtree removed while
        // it is walked may answer NOT_FOUND.
        const CommandResult r = RunCli({"list", "containers", "-r", "/"});
        count(r);
        if (r.exit_code != 0 && r.exit_code != 5) {
          complain("list containers -r /", r);
        }
        break;
      }
    }
  }
  // For the log only: how much work the run did.
  std::fprintf(stderr, "worker %d: %d commands, %d succeeded\n", worker,
               commands, succeeded);
  return failures == 0 ? 0 : 1;
}

TEST_F(ConcurrencyTest, StressLeavesEveryContainerWholeOrAbsent) {
  constexpr int kWorkers = 4;
  const absl::Duration kDuration = absl::Seconds(10);
  for (const char* name : {"/s0", "/s1", "/s2"}) DestroyAtTearDown(name);
  const std::set<std::string> before = KernelContainers();

  const absl::Time deadline = absl::Now() + kDuration;
  const std::vector<int> codes = InParallel(kWorkers, [deadline](int worker) {
    return StressWorker(worker, deadline);
  });

  EXPECT_THAT(codes, Each(0)) << "a worker saw an unexpected exit code";
  for (const char* name :
       {"/s0", "/s1", "/s2", "/s0/c0", "/s1/c0", "/s0/c0/d0"}) {
    const std::set<std::string> with = HierarchySet(name);
    EXPECT_TRUE(with.empty() || with == kWholeHierarchies)
        << name << " is half-made: cgroups in " << absl::StrJoin(with, ", ");
  }
  const CommandResult listed = RunCli({"-v", "list", "containers", "-r", "/"});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  std::set<std::string> in_list(before);
  for (absl::string_view line :
       absl::StrSplit(listed.out, '\n', absl::SkipEmpty())) {
    in_list.insert(std::string(line));
  }
  EXPECT_EQ(in_list, KernelContainers());
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
