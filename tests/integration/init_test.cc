// SPDX-License-Identifier: Apache-2.0
// `lmctfy init` on the real kernel: repeating it changes nothing, and a
// co-mount lmctfy does not support is refused.

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

// Number of cgroup v1 mounts in this mount namespace.
int CgroupMountCount() {
  std::ifstream mountinfo("/proc/self/mountinfo");
  int count = 0;
  for (std::string line; std::getline(mountinfo, line);) {
    if (line.find(" - cgroup ") != std::string::npos) ++count;
  }
  return count;
}

using InitTest = IntegrationTest;

TEST_F(InitTest, RepeatingTheSameInitSucceedsAndMountsNothingNew) {
  const char* spec = std::getenv("LMCTFY_INIT_SPEC");
  ASSERT_NE(spec, nullptr) << "confine.sh exports LMCTFY_INIT_SPEC";
  const int mounts_before = CgroupMountCount();

  const CommandResult first = RunCli({"init", spec});
  const CommandResult second = RunCli({"init", spec});

  EXPECT_EQ(first.exit_code, 0) << first;
  EXPECT_EQ(second.exit_code, 0) << second;
  EXPECT_EQ(CgroupMountCount(), mounts_before);
}

TEST_F(InitTest, EmptyInitSpecDetectsTheMountedHierarchies) {
  const int mounts_before = CgroupMountCount();

  const CommandResult init = RunCli({"init", ""});

  EXPECT_EQ(init.exit_code, 0) << init;
  EXPECT_EQ(CgroupMountCount(), mounts_before);
}

TEST_F(InitTest, CpuCoMountedWithMemoryIsRefused) {
  const int mounts_before = CgroupMountCount();

  const CommandResult init =
      RunCli({"init",
              "cgroup_mount { mount_path: \"/sys/fs/cgroup/cpu-and-memory\" "
              "hierarchy: CGROUP_CPU hierarchy: CGROUP_MEMORY }"});

  EXPECT_EQ(init.exit_code, 3) << init;
  EXPECT_EQ(CgroupMountCount(), mounts_before);
}

TEST_F(InitTest, HierarchyMountedElsewhereIsRefused) {
  const int mounts_before = CgroupMountCount();

  const CommandResult init =
      RunCli({"init",
              "cgroup_mount { mount_path: \"/sys/fs/cgroup/freezer-again\" "
              "hierarchy: CGROUP_FREEZER }"});

  EXPECT_EQ(init.exit_code, 3) << init;
  EXPECT_EQ(CgroupMountCount(), mounts_before);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
