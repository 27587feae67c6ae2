// SPDX-License-Identifier: Apache-2.0
// Tests for the CgroupHierarchy <-> kernel name mapping.

#include "util/hierarchy_names.h"

#include <optional>

#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

TEST(HierarchyNamesTest, EveryKnownHierarchyHasItsKernelName) {
  EXPECT_EQ(HierarchyName(CGROUP_CPU), "cpu");
  EXPECT_EQ(HierarchyName(CGROUP_CPUACCT), "cpuacct");
  EXPECT_EQ(HierarchyName(CGROUP_CPUSET), "cpuset");
  EXPECT_EQ(HierarchyName(CGROUP_FREEZER), "freezer");
  EXPECT_EQ(HierarchyName(CGROUP_JOB), "job");
  EXPECT_EQ(HierarchyName(CGROUP_MEMORY), "memory");
  EXPECT_EQ(HierarchyName(CGROUP_NET), "net");
  EXPECT_EQ(HierarchyName(CGROUP_PERF_EVENT), "perf_event");
  EXPECT_EQ(HierarchyName(CGROUP_RLIMIT), "rlimit");
  EXPECT_EQ(HierarchyName(CGROUP_DEVICE), "devices");
  EXPECT_EQ(HierarchyName(CGROUP_BLOCKIO), "blkio");
}

TEST(HierarchyNamesTest, UnknownHierarchyHasEmptyName) {
  EXPECT_EQ(HierarchyName(CGROUP_UNKNOWN), "");
  EXPECT_EQ(HierarchyName(static_cast<CgroupHierarchy>(5)), "");
}

TEST(HierarchyNamesTest, NamesMapBackToTheirHierarchy) {
  for (int value = CgroupHierarchy_MIN; value <= CgroupHierarchy_MAX; ++value) {
    if (!CgroupHierarchy_IsValid(value) || value == CGROUP_UNKNOWN) continue;
    const auto hierarchy = static_cast<CgroupHierarchy>(value);
    EXPECT_EQ(HierarchyFromName(HierarchyName(hierarchy)), hierarchy)
        << CgroupHierarchy_Name(hierarchy);
  }
}

TEST(HierarchyNamesTest, ForeignSubsystemsAreUnknown) {
  for (const char* name : {"", "pids", "net_cls", "net_prio", "hugetlb",
                           "name=systemd", "CPU", "device", "memory "}) {
    EXPECT_EQ(HierarchyFromName(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
