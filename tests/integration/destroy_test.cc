// SPDX-License-Identifier: Apache-2.0
// Destroying containers that still have processes: forced destroy kills
// everything (even a process that keeps forking) and removes every cgroup;
// an unforced destroy refuses and changes nothing.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

// Starts a background sleep every 20 ms, forever.
constexpr char kForkLoop[] =
    "while :; do /bin/sleep 100 & /bin/sleep 0.02; done";

// Every pid in the cgroup.procs files of `container` and its descendants in
// the freezer hierarchy.
std::vector<pid_t> PidsBelow(const std::string& container) {
  std::vector<pid_t> pids;
  for (const std::string& dir : AllCgroupDirs()) {
    const std::string prefix = "freezer:" + container;
    if (dir != prefix && dir.rfind(prefix + "/", 0) != 0) continue;
    const std::string path = CgroupDir("freezer", dir.substr(8));
    for (pid_t pid : ReadPids(path + "/cgroup.procs")) pids.push_back(pid);
  }
  return pids;
}

using DestroyTest = IntegrationTest;

TEST_F(DestroyTest, ForcedDestroyKillsForkingProcessesAndRemovesCgroups) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/doomed", "memory { limit: 67108864 } cpu { limit: 500 }"));
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/doomed/sub", "memory { }"));
  ASSERT_GT(RunInBackground("/doomed", {"/bin/sh", "-c", kForkLoop}), 0);
  ASSERT_GT(RunInBackground("/doomed/sub", {"/bin/sleep", "100"}), 0);
  ASSERT_TRUE(WaitUntil([] { return PidsBelow("/doomed").size() >= 5; }))
      << "the fork loop did not get going";
  const std::vector<pid_t> seen = PidsBelow("/doomed");

  const CommandResult destroyed = RunCli({"destroy", "-f", "/doomed"});

  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  for (pid_t pid : seen) {
    EXPECT_TRUE(WaitUntil([pid] { return ProcessGone(pid); }, absl::Seconds(5)))
        << "pid " << pid << " is still alive";
  }
  EXPECT_THAT(HierarchiesWith("/doomed"), IsEmpty());
  EXPECT_THAT(HierarchiesWith("/doomed/sub"), IsEmpty());
  // Nothing escaped to the root either: it holds only this test process.
  EXPECT_THAT(ReadPids(CgroupDir("freezer", "/") + "/cgroup.procs"),
              ::testing::ElementsAre(getpid()));
}

TEST_F(DestroyTest, UnforcedDestroyOfBusyContainerFailsAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/busy", "memory { limit: 67108864 }"));
  const pid_t pid = RunInBackground("/busy", {"/bin/sleep", "100"});
  ASSERT_GT(pid, 0);
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult destroyed = RunCli({"destroy", "/busy"});

  EXPECT_EQ(destroyed.exit_code, 9) << destroyed;
  EXPECT_EQ(AllCgroupDirs(), before);
  EXPECT_FALSE(ProcessGone(pid));
  EXPECT_THAT(ReadPids(CgroupDir("memory", "/busy") + "/cgroup.procs"),
              Contains(pid));
}

TEST_F(DestroyTest, UnforcedDestroyOfContainerWithChildrenFails) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/parent", ""));
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/parent/child", ""));

  const CommandResult destroyed = RunCli({"destroy", "/parent"});

  EXPECT_EQ(destroyed.exit_code, 9) << destroyed;
  EXPECT_TRUE(CgroupExists("freezer", "/parent/child"));
}

TEST_F(DestroyTest, UnforcedDestroyOfEmptyContainerRemovesIt) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/idle", "memory { }"));

  const CommandResult destroyed = RunCli({"destroy", "/idle"});

  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  EXPECT_THAT(HierarchiesWith("/idle"), IsEmpty());
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
