// SPDX-License-Identifier: Apache-2.0
// Tests for cgroup mount detection from /proc/self/mountinfo text.

#include "util/mount_table.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A mountinfo line for a cgroup v1 mount of `options` at `path`.
std::string CgroupLine(int id, const std::string& path,
                       const std::string& options,
                       const std::string& root = "/") {
  return absl::StrCat(id, " 20 0:", id, " ", root, " ", path,
                      " rw,nosuid,nodev,noexec,relatime shared:", id,
                      " - cgroup cgroup rw,", options, "\n");
}

std::string TmpfsLine(int id, const std::string& path) {
  return absl::StrCat(id, " 20 0:", id, " / ", path,
                      " rw,nosuid,nodev - tmpfs tmpfs rw,mode=755\n");
}

std::vector<std::string> Paths(const std::vector<CgroupMountPoint>& mounts) {
  std::vector<std::string> paths;
  for (const CgroupMountPoint& mount : mounts)
    paths.push_back(mount.mount_path);
  return paths;
}

TEST(MountTableTest, FindsSeparatelyMountedHierarchies) {
  const std::string mountinfo =
      "20 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n" +
      TmpfsLine(21, "/sys/fs/cgroup") +
      CgroupLine(22, "/sys/fs/cgroup/cpu", "cpu") +
      CgroupLine(23, "/sys/fs/cgroup/memory", "memory") +
      CgroupLine(24, "/sys/fs/cgroup/freezer", "freezer");
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts(mountinfo);
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 3u);
  EXPECT_EQ((*mounts)[0].mount_path, "/sys/fs/cgroup/cpu");
  EXPECT_EQ((*mounts)[0].mount_root, "/");
  EXPECT_THAT((*mounts)[0].hierarchies, ElementsAre(CGROUP_CPU));
  EXPECT_THAT((*mounts)[1].hierarchies, ElementsAre(CGROUP_MEMORY));
  EXPECT_THAT((*mounts)[2].hierarchies, ElementsAre(CGROUP_FREEZER));
}

TEST(MountTableTest, CoMountedHierarchiesAreSortedByEnumValue) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/sys/fs/cgroup/cpu,cpuacct", "cpuacct,cpu"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_THAT((*mounts)[0].hierarchies,
              ElementsAre(CGROUP_CPU, CGROUP_CPUACCT));
}

TEST(MountTableTest, UnknownSubsystemsAndOptionsAreIgnored) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/sys/fs/cgroup/net", "net_cls,net_prio") +
      CgroupLine(23, "/sys/fs/cgroup/systemd",
                 "xattr,name=systemd,release_agent=/x") +
      CgroupLine(24, "/sys/fs/cgroup/pids", "pids") +
      CgroupLine(25, "/sys/fs/cgroup/devices", "devices,noprefix"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_EQ((*mounts)[0].mount_path, "/sys/fs/cgroup/devices");
  EXPECT_THAT((*mounts)[0].hierarchies, ElementsAre(CGROUP_DEVICE));
}

TEST(MountTableTest, CgroupVersionTwoIsIgnored) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      "30 20 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 "
      "rw,nsdelegate\n");
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(*mounts, IsEmpty());
}

TEST(MountTableTest, LaterMountOnParentPathHidesEarlierCgroupMounts) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts(CgroupLine(22, "/sys/fs/cgroup/cpu", "cpu") +
                        CgroupLine(23, "/sys/fs/cgroup/freezer", "freezer") +
                        TmpfsLine(24, "/sys/fs/cgroup") +
                        CgroupLine(25, "/sys/fs/cgroup/memory", "memory"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(Paths(*mounts), ElementsAre("/sys/fs/cgroup/memory"));
}

TEST(MountTableTest, LaterMountOnSamePathHidesEarlierOne) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/cg/cpu", "cpu") + CgroupLine(23, "/cg/cpu", "cpuacct"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_THAT((*mounts)[0].hierarchies, ElementsAre(CGROUP_CPUACCT));
}

TEST(MountTableTest, LaterMountOnRootHidesEverythingBefore) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts(CgroupLine(22, "/cg/cpu", "cpu") + TmpfsLine(23, "/"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(*mounts, IsEmpty());
}

TEST(MountTableTest, LaterMountOnSiblingOrPrefixNameDoesNotHide) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/cg/cpu", "cpu") + TmpfsLine(23, "/cg/cpuacct") +
      TmpfsLine(24, "/cg/cp") + TmpfsLine(25, "/cg/cpu/child"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(Paths(*mounts), ElementsAre("/cg/cpu"));
}

TEST(MountTableTest, OctalEscapesInPathsAreDecoded) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts(CgroupLine(22, "/my\\040cgroups/back\\134slash",
                                   "memory", "/sub\\011dir"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_EQ((*mounts)[0].mount_path, "/my cgroups/back\\slash");
  EXPECT_EQ((*mounts)[0].mount_root, "/sub\tdir");
}

TEST(MountTableTest, IncompleteEscapeIsKeptLiterally) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts(CgroupLine(22, "/a\\04", "memory"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_EQ((*mounts)[0].mount_path, "/a\\04");
}

TEST(MountTableTest, MountRootIsReported) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/sys/fs/cgroup/freezer", "freezer", "/lmctfy/test"));
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 1u);
  EXPECT_EQ((*mounts)[0].mount_root, "/lmctfy/test");
}

TEST(MountTableTest, NoOptionalFieldsAndSeveralOptionalFieldsBothParse) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      "22 20 0:22 / /cg/cpu rw - cgroup cgroup rw,cpu\n"
      "23 20 0:23 / /cg/memory rw shared:4 master:2 propagate_from:1 - "
      "cgroup cgroup rw,memory\n");
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(Paths(*mounts), ElementsAre("/cg/cpu", "/cg/memory"));
}

TEST(MountTableTest, EmptyInputHasNoMounts) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts("");
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  EXPECT_THAT(*mounts, IsEmpty());
}

TEST(MountTableTest, LineWithoutSeparatorIsRefusedWithItsNumber) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts = ParseCgroupMounts(
      CgroupLine(22, "/cg/cpu", "cpu") + "23 20 0:23 / /x rw cgroup cgroup\n");
  EXPECT_EQ(mounts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mounts.status().message(),
              HasSubstr("malformed mountinfo line 2: \"23 20 0:23 / /x rw"));
}

TEST(MountTableTest, LineTooShortBeforeSeparatorIsRefused) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts("22 20 / /x - cgroup cgroup rw,cpu\n");
  EXPECT_EQ(mounts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mounts.status().message(), HasSubstr("line 1"));
}

TEST(MountTableTest, LineMissingSuperOptionsIsRefused) {
  absl::StatusOr<std::vector<CgroupMountPoint>> mounts =
      ParseCgroupMounts("22 20 0:22 / /x rw - cgroup cgroup\n");
  EXPECT_EQ(mounts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mounts.status().message(), HasSubstr("/x"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
