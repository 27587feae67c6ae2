// SPDX-License-Identifier: Apache-2.0
// Tests of CgroupLayout: mount detection, co-mount ownership, virtual roots
// and the translation of /proc/<tid>/cgroup paths.

#include "lmctfy/cgroup_layout.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;

constexpr char kMountInfo[] = "/proc/self/mountinfo";

std::string CgroupLine(int id, const std::string& path,
                       const std::string& options) {
  return absl::StrCat(id, " 20 0:", id, " / ", path,
                      " rw,nosuid,nodev,noexec,relatime shared:", id,
                      " - cgroup cgroup rw,", options, "\n");
}

std::string TmpfsLine(int id, const std::string& path) {
  return absl::StrCat(id, " 20 0:", id, " / ", path,
                      " rw,nosuid,nodev - tmpfs tmpfs rw,mode=755\n");
}

MachineSpec ParseMachine(const std::string& text) {
  MachineSpec machine;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &machine))
      << text;
  return machine;
}

class CgroupLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ON_CALL(kernel_, IsDirectory(_)).WillByDefault(Return(true));
  }

  // Loads a layout from mountinfo text.
  CgroupLayout FromMountInfo(const std::string& mountinfo,
                             const MachineSpec& machine = MachineSpec()) {
    EXPECT_CALL(kernel_, ReadFile(Eq(kMountInfo))).WillOnce(Return(mountinfo));
    absl::StatusOr<CgroupLayout> layout = CgroupLayout::Load(kernel_, machine);
    EXPECT_TRUE(layout.ok()) << layout.status();
    return layout.ok() ? *layout : CgroupLayout();
  }

  // Loads a layout from a machine spec with mounts.
  CgroupLayout FromMachine(const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(_)).Times(0);
    absl::StatusOr<CgroupLayout> layout =
        CgroupLayout::Load(kernel_, ParseMachine(text));
    EXPECT_TRUE(layout.ok()) << layout.status();
    return layout.ok() ? *layout : CgroupLayout();
  }

  NiceMock<MockKernelApi> kernel_;
};

const char kSeparateMounts[] =
    "cgroup_mount { mount_path: \"/cg/cpu\" hierarchy: CGROUP_CPU } "
    "cgroup_mount { mount_path: \"/cg/cpuacct\" hierarchy: CGROUP_CPUACCT } "
    "cgroup_mount { mount_path: \"/cg/freezer/\" hierarchy: CGROUP_FREEZER } "
    "cgroup_mount { mount_path: \"/cg/memory\" hierarchy: CGROUP_MEMORY } ";

// ---- Detection and ownership ----

TEST_F(CgroupLayoutTest, DetectsVisibleCgroupMounts) {
  CgroupLayout layout = FromMountInfo(
      TmpfsLine(24, "/sys/fs/cgroup") +
      CgroupLine(25, "/sys/fs/cgroup/systemd", "xattr,name=systemd") +
      CgroupLine(26, "/sys/fs/cgroup/cpu,cpuacct", "cpu,cpuacct") +
      CgroupLine(27, "/sys/fs/cgroup/freezer", "freezer") +
      CgroupLine(28, "/sys/fs/cgroup/pids", "pids"));
  EXPECT_TRUE(layout.IsMounted(CGROUP_CPU));
  EXPECT_TRUE(layout.IsMounted(CGROUP_CPUACCT));
  EXPECT_TRUE(layout.IsMounted(CGROUP_FREEZER));
  EXPECT_FALSE(layout.IsMounted(CGROUP_MEMORY));
  EXPECT_EQ(layout.MountPath(CGROUP_CPUACCT), "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(layout.MountPath(CGROUP_MEMORY), "");
}

TEST_F(CgroupLayoutTest, MountHiddenByLaterMountIsIgnored) {
  CgroupLayout layout =
      FromMountInfo(CgroupLine(25, "/sys/fs/cgroup/memory", "memory") +
                    TmpfsLine(26, "/sys/fs/cgroup") +
                    CgroupLine(27, "/sys/fs/cgroup/freezer", "freezer"));
  EXPECT_FALSE(layout.IsMounted(CGROUP_MEMORY));
  EXPECT_TRUE(layout.IsMounted(CGROUP_FREEZER));
}

TEST_F(CgroupLayoutTest, FirstVisibleMountOfHierarchyWins) {
  CgroupLayout layout =
      FromMountInfo(CgroupLine(25, "/first/memory", "memory") +
                    CgroupLine(26, "/second/memory", "memory"));
  EXPECT_EQ(layout.MountPath(CGROUP_MEMORY), "/first/memory");
  EXPECT_EQ(layout.CgroupDir(CGROUP_MEMORY, "/a"), "/first/memory/a");
}

TEST_F(CgroupLayoutTest, LowestHierarchyOwnsCoMountedDirectories) {
  CgroupLayout layout = FromMountInfo(
      CgroupLine(26, "/sys/fs/cgroup/cpu,cpuacct", "cpuacct,cpu"));
  EXPECT_TRUE(layout.OwnsDirectories(CGROUP_CPU));
  EXPECT_FALSE(layout.OwnsDirectories(CGROUP_CPUACCT));
  EXPECT_EQ(layout.CgroupDir(CGROUP_CPU, "/a"),
            layout.CgroupDir(CGROUP_CPUACCT, "/a"));
}

TEST_F(CgroupLayoutTest, CoMountOwnershipIgnoresOrderInMachineSpec) {
  CgroupLayout layout = FromMachine(
      "cgroup_mount { mount_path: \"/cg/cc\" hierarchy: CGROUP_CPUACCT "
      "hierarchy: CGROUP_CPU }");
  EXPECT_TRUE(layout.OwnsDirectories(CGROUP_CPU));
  EXPECT_FALSE(layout.OwnsDirectories(CGROUP_CPUACCT));
}

TEST_F(CgroupLayoutTest, SeparatelyMountedHierarchiesEachOwnTheirs) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  EXPECT_TRUE(layout.OwnsDirectories(CGROUP_CPU));
  EXPECT_TRUE(layout.OwnsDirectories(CGROUP_CPUACCT));
  EXPECT_TRUE(layout.OwnsDirectories(CGROUP_FREEZER));
  EXPECT_FALSE(layout.OwnsDirectories(CGROUP_DEVICE));
}

TEST_F(CgroupLayoutTest, MachineSpecMountsReplaceDetection) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  EXPECT_TRUE(layout.IsMounted(CGROUP_MEMORY));
  EXPECT_FALSE(layout.IsMounted(CGROUP_CPUSET));
  // A trailing slash on the mount path is dropped.
  EXPECT_EQ(layout.MountPath(CGROUP_FREEZER), "/cg/freezer");
  EXPECT_EQ(layout.CgroupDir(CGROUP_FREEZER, "/a/b"), "/cg/freezer/a/b");
}

TEST_F(CgroupLayoutTest, RootCgroupDirIsTheMount) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  EXPECT_EQ(layout.CgroupDir(CGROUP_MEMORY, "/"), "/cg/memory");
  EXPECT_EQ(layout.CgroupDir(CGROUP_MEMORY, ""), "/cg/memory");
}

TEST_F(CgroupLayoutTest, UnreadableMountTableIsReturned) {
  EXPECT_CALL(kernel_, ReadFile(Eq(kMountInfo)))
      .WillOnce(Return(absl::PermissionDeniedError("denied")));
  EXPECT_EQ(CgroupLayout::Load(kernel_, MachineSpec()).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(CgroupLayoutTest, MalformedMountTableIsInvalidArgument) {
  EXPECT_CALL(kernel_, ReadFile(Eq(kMountInfo)))
      .WillOnce(Return(std::string("not a mountinfo line\n")));
  EXPECT_EQ(CgroupLayout::Load(kernel_, MachineSpec()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- Virtual roots ----

TEST_F(CgroupLayoutTest, VirtualRootBecomesContainerRoot) {
  CgroupLayout layout = FromMachine(
      absl::StrCat(kSeparateMounts,
                   "virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_FREEZER root: \"jail/x/\" } }"));
  EXPECT_EQ(layout.CgroupDir(CGROUP_FREEZER, "/"), "/cg/freezer/jail/x");
  EXPECT_EQ(layout.CgroupDir(CGROUP_FREEZER, "/a"), "/cg/freezer/jail/x/a");
  // Other hierarchies keep their mount as the root.
  EXPECT_EQ(layout.CgroupDir(CGROUP_MEMORY, "/a"), "/cg/memory/a");
  EXPECT_EQ(layout.MountPath(CGROUP_FREEZER), "/cg/freezer");
}

TEST_F(CgroupLayoutTest, SlashVirtualRootIsTheMount) {
  CgroupLayout layout = FromMachine(
      absl::StrCat(kSeparateMounts,
                   "virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_MEMORY root: \"/\" } }"));
  EXPECT_EQ(layout.CgroupDir(CGROUP_MEMORY, "/a"), "/cg/memory/a");
}

TEST_F(CgroupLayoutTest, VirtualRootAppliesToDetectedMounts) {
  CgroupLayout layout = FromMountInfo(
      CgroupLine(27, "/sys/fs/cgroup/freezer", "freezer"),
      ParseMachine("virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_FREEZER root: \"/jail\" } }"));
  EXPECT_EQ(layout.CgroupDir(CGROUP_FREEZER, "/a"),
            "/sys/fs/cgroup/freezer/jail/a");
}

TEST_F(CgroupLayoutTest, MissingVirtualRootIsNotFound) {
  EXPECT_CALL(kernel_, IsDirectory(Eq("/cg/memory/jail")))
      .WillOnce(Return(false));
  absl::Status status =
      CgroupLayout::Load(kernel_,
                         ParseMachine(absl::StrCat(
                             kSeparateMounts,
                             "virtual_root { cgroup_virtual_root { hierarchy: "
                             "CGROUP_MEMORY root: \"/jail\" } }")))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/cg/memory/jail"));
}

TEST_F(CgroupLayoutTest, VirtualRootOfUnmountedHierarchyIsIgnored) {
  EXPECT_CALL(kernel_, IsDirectory(_)).Times(0);
  CgroupLayout layout = FromMachine(
      absl::StrCat(kSeparateMounts,
                   "virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_CPUSET root: \"/jail\" } }"));
  EXPECT_FALSE(layout.IsMounted(CGROUP_CPUSET));
}

// ---- FromKernelPath ----

TEST_F(CgroupLayoutTest, KernelPathsWithoutVirtualRootAreUnchanged) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  EXPECT_EQ(*layout.FromKernelPath(CGROUP_FREEZER, "/"), "/");
  EXPECT_EQ(*layout.FromKernelPath(CGROUP_FREEZER, "/a/b"), "/a/b");
}

TEST_F(CgroupLayoutTest, KernelPathsLoseTheVirtualRoot) {
  CgroupLayout layout = FromMachine(
      absl::StrCat(kSeparateMounts,
                   "virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_FREEZER root: \"/jail\" } }"));
  EXPECT_EQ(*layout.FromKernelPath(CGROUP_FREEZER, "/jail"), "/");
  EXPECT_EQ(*layout.FromKernelPath(CGROUP_FREEZER, "/jail/a/b"), "/a/b");
}

TEST_F(CgroupLayoutTest, KernelPathsOutsideVirtualRootAreNotFound) {
  CgroupLayout layout = FromMachine(
      absl::StrCat(kSeparateMounts,
                   "virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_FREEZER root: \"/jail\" } }"));
  for (const char* path : {"/", "/other", "/jailbreak", "/jailbreak/a"}) {
    absl::Status status = layout.FromKernelPath(CGROUP_FREEZER, path).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << path;
    EXPECT_THAT(std::string(status.message()), HasSubstr(path));
    EXPECT_THAT(std::string(status.message()), HasSubstr("/jail"));
  }
}

TEST_F(CgroupLayoutTest, KernelPathsAboveCgroupNamespaceAreNotFound) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  for (const char* path : {"/..", "/../sibling", "/../../a/b"}) {
    EXPECT_EQ(layout.FromKernelPath(CGROUP_FREEZER, path).status().code(),
              absl::StatusCode::kNotFound)
        << path;
  }
}

TEST_F(CgroupLayoutTest, KernelPathOfUnmountedHierarchyIsFailedPrecondition) {
  CgroupLayout layout = FromMachine(kSeparateMounts);
  absl::Status status = layout.FromKernelPath(CGROUP_CPUSET, "/a").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cpuset"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
