// SPDX-License-Identifier: Apache-2.0
// Tests of `lmctfy init`'s steps: mount checks and mounting, virtual roots
// and machine-wide resource setup.

#include "lmctfy/machine_init.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

constexpr char kMountInfo[] = "/proc/self/mountinfo";
constexpr char kRootLine[] =
    "20 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";

// A mountinfo line for a cgroup v1 mount of `options` at `path`.
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

template <typename Message>
Message Parse(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

class MountHierarchiesTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    fs_.AddDir("/sys/fs/cgroup");
    SetMountInfo("");
    ON_CALL(kernel_, Mount(_, _, _, _, _))
        .WillByDefault([this](absl::string_view source,
                              absl::string_view target, absl::string_view type,
                              unsigned long flags, absl::string_view data) {
          fs_.AppendLog(absl::StrCat("mount ", source, " ", target, " ", type,
                                     " ", flags, " ", data));
          return absl::OkStatus();
        });
  }

  void SetMountInfo(const std::string& cgroup_lines) {
    fs_.SetFile(kMountInfo, absl::StrCat(kRootLine, cgroup_lines));
  }

  absl::Status MountAll(const std::string& spec) {
    return MountHierarchies(kernel_, Parse<InitSpec>(spec));
  }

  // The mkdir and mount entries of the log.
  std::vector<std::string> Changes() const {
    std::vector<std::string> changes;
    for (const std::string& entry : fs_.log()) {
      if (entry.rfind("write ", 0) != 0) changes.push_back(entry);
    }
    return changes;
  }
};

TEST_F(MountHierarchiesTest, SpecWithoutMountsReadsAndChangesNothing) {
  EXPECT_CALL(kernel_, ReadFile(_)).Times(0);
  EXPECT_CALL(kernel_, Mount(_, _, _, _, _)).Times(0);
  EXPECT_TRUE(MountAll("").ok());
}

TEST_F(MountHierarchiesTest, MakesMountPointDirectoriesThenMounts) {
  ASSERT_TRUE(MountAll("cgroup_mount { mount_path: \"/sys/fs/cgroup/x/memory\" "
                       "hierarchy: CGROUP_MEMORY }")
                  .ok());
  EXPECT_THAT(
      Changes(),
      ElementsAre("mkdir /sys/fs/cgroup/x", "mkdir /sys/fs/cgroup/x/memory",
                  "mount cgroup /sys/fs/cgroup/x/memory cgroup 0 "
                  "memory"));
}

TEST_F(MountHierarchiesTest, CpuAndCpuacctShareOneMount) {
  ASSERT_TRUE(MountAll("cgroup_mount { mount_path: \"/sys/fs/cgroup/cpu\" "
                       "hierarchy: CGROUP_CPU hierarchy: CGROUP_CPUACCT }")
                  .ok());
  EXPECT_THAT(fs_.LogOf("mount "),
              ElementsAre("mount cgroup /sys/fs/cgroup/cpu cgroup 0 "
                          "cpu,cpuacct"));
}

TEST_F(MountHierarchiesTest, OtherCoMountIsInvalidArgument) {
  absl::Status status = MountAll(
      "cgroup_mount { mount_path: \"/sys/fs/cgroup/mf\" "
      "hierarchy: CGROUP_MEMORY hierarchy: CGROUP_FREEZER }");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("memory,freezer"));
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, HierarchyMountedElsewhereIsInvalidArgument) {
  SetMountInfo(CgroupLine(30, "/sys/fs/cgroup/memory", "memory"));
  absl::Status status = MountAll(
      "cgroup_mount { mount_path: \"/cg/memory\" hierarchy: CGROUP_MEMORY }");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/sys/fs/cgroup/memory"));
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, MountPointHoldingUnlistedHierarchyIsRefused) {
  SetMountInfo(CgroupLine(30, "/sys/fs/cgroup/cpu", "cpu,cpuacct"));
  absl::Status status = MountAll(
      "cgroup_mount { mount_path: \"/sys/fs/cgroup/cpu\" hierarchy: "
      "CGROUP_CPU }");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cpuacct"));
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, HierarchyAlreadyMountedThereIsLeftAlone) {
  SetMountInfo(CgroupLine(30, "/sys/fs/cgroup/cpu,cpuacct", "cpu,cpuacct") +
               CgroupLine(31, "/sys/fs/cgroup/memory", "memory"));
  EXPECT_CALL(kernel_, Mount(_, _, _, _, _)).Times(0);
  ASSERT_TRUE(
      MountAll("cgroup_mount { mount_path: \"/sys/fs/cgroup/cpu,cpuacct\" "
               "hierarchy: CGROUP_CPUACCT hierarchy: CGROUP_CPU } "
               "cgroup_mount { mount_path: \"/sys/fs/cgroup/memory/\" "
               "hierarchy: CGROUP_MEMORY }")
          .ok());
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, OnlyEntriesNotMountedYetAreMounted) {
  SetMountInfo(CgroupLine(31, "/sys/fs/cgroup/memory", "memory"));
  ASSERT_TRUE(MountAll("cgroup_mount { mount_path: \"/sys/fs/cgroup/memory\" "
                       "hierarchy: CGROUP_MEMORY } "
                       "cgroup_mount { mount_path: \"/sys/fs/cgroup/freezer\" "
                       "hierarchy: CGROUP_FREEZER }")
                  .ok());
  EXPECT_THAT(fs_.LogOf("mount "),
              ElementsAre("mount cgroup /sys/fs/cgroup/freezer cgroup 0 "
                          "freezer"));
}

TEST_F(MountHierarchiesTest, MountHiddenByLaterMountDoesNotCount) {
  // A tmpfs over /sys/fs/cgroup hides the memory mount made before it.
  SetMountInfo(CgroupLine(31, "/sys/fs/cgroup/memory", "memory") +
               TmpfsLine(32, "/sys/fs/cgroup"));
  ASSERT_TRUE(MountAll("cgroup_mount { mount_path: \"/sys/fs/cgroup/memory\" "
                       "hierarchy: CGROUP_MEMORY }")
                  .ok());
  EXPECT_THAT(fs_.LogOf("mount "),
              ElementsAre("mount cgroup /sys/fs/cgroup/memory cgroup 0 "
                          "memory"));
}

TEST_F(MountHierarchiesTest, NothingIsMountedWhenAnyEntryIsBad) {
  absl::Status status = MountAll(
      "cgroup_mount { mount_path: \"/sys/fs/cgroup/memory\" "
      "hierarchy: CGROUP_MEMORY } "
      "cgroup_mount { mount_path: \"/sys/fs/cgroup/fd\" "
      "hierarchy: CGROUP_FREEZER hierarchy: CGROUP_DEVICE }");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, MalformedEntriesAreInvalidArgument) {
  for (const char* spec :
       {"cgroup_mount { mount_path: \"/cg/x\" hierarchy: CGROUP_UNKNOWN }",
        "cgroup_mount { mount_path: \"/cg/x\" }",
        "cgroup_mount { mount_path: \"cg/memory\" hierarchy: CGROUP_MEMORY }",
        "cgroup_mount { hierarchy: CGROUP_MEMORY }",
        "cgroup_mount { mount_path: \"/cg/a\" hierarchy: CGROUP_MEMORY } "
        "cgroup_mount { mount_path: \"/cg/b\" hierarchy: CGROUP_MEMORY }"}) {
    EXPECT_EQ(MountAll(spec).code(), absl::StatusCode::kInvalidArgument)
        << spec;
  }
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_F(MountHierarchiesTest, MountErrorIsReturned) {
  EXPECT_CALL(kernel_, Mount(_, _, _, _, _))
      .WillOnce(Return(absl::NotFoundError("mount job: No such device")));
  absl::Status status = MountAll(
      "cgroup_mount { mount_path: \"/sys/fs/cgroup/job\" hierarchy: "
      "CGROUP_JOB }");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("job"));
}

TEST_F(MountHierarchiesTest, UnreadableMountTableIsReturned) {
  fs_.RemoveFile(kMountInfo);
  EXPECT_EQ(MountAll("cgroup_mount { mount_path: \"/cg/memory\" hierarchy: "
                     "CGROUP_MEMORY }")
                .code(),
            absl::StatusCode::kNotFound);
}

// ---- CreateVirtualRoots ----

class CreateVirtualRootsTest : public MountHierarchiesTest {
 protected:
  void SetUp() override {
    MountHierarchiesTest::SetUp();
    SetMountInfo(CgroupLine(30, "/cg/cpuset", "cpuset") +
                 CgroupLine(31, "/cg/memory", "memory"));
    fs_.SetTemplate("/cg/cpuset", FakeCgroupFiles(CGROUP_CPUSET));
    fs_.AddDir("/cg/cpuset");
    fs_.AddDir("/cg/memory");
    fs_.SetFile("/cg/cpuset/cpuset.cpus", "0-7\n");
    fs_.SetFile("/cg/cpuset/cpuset.mems", "0-1\n");
  }

  absl::Status Create(const std::string& machine) {
    return CreateVirtualRoots(kernel_, Parse<MachineSpec>(machine));
  }
};

TEST_F(CreateVirtualRootsTest, MakesEveryMissingDirectoryOfTheRoot) {
  ASSERT_TRUE(Create("virtual_root { cgroup_virtual_root { hierarchy: "
                     "CGROUP_MEMORY root: \"/jail/inner\" } }")
                  .ok());
  EXPECT_THAT(fs_.LogOf("mkdir "), ElementsAre("mkdir /cg/memory/jail",
                                               "mkdir /cg/memory/jail/inner"));
}

TEST_F(CreateVirtualRootsTest, NewCpusetRootsCopyTheirParentsCpusAndMems) {
  ASSERT_TRUE(Create("virtual_root { cgroup_virtual_root { hierarchy: "
                     "CGROUP_CPUSET root: \"jail/inner\" } }")
                  .ok());
  EXPECT_THAT(fs_.LogOf("write "),
              ElementsAre("write /cg/cpuset/jail/cpuset.cpus 0-7",
                          "write /cg/cpuset/jail/cpuset.mems 0-1",
                          "write /cg/cpuset/jail/inner/cpuset.cpus 0-7",
                          "write /cg/cpuset/jail/inner/cpuset.mems 0-1"));
}

TEST_F(CreateVirtualRootsTest, ExistingRootIsLeftAlone) {
  fs_.AddDir("/cg/cpuset/jail");
  ASSERT_TRUE(Create("virtual_root { cgroup_virtual_root { hierarchy: "
                     "CGROUP_CPUSET root: \"/jail\" } }")
                  .ok());
  EXPECT_THAT(fs_.log(), IsEmpty());
}

TEST_F(CreateVirtualRootsTest, RootOfUnmountedHierarchyIsSkipped) {
  ASSERT_TRUE(Create("virtual_root { cgroup_virtual_root { hierarchy: "
                     "CGROUP_FREEZER root: \"/jail\" } }")
                  .ok());
  EXPECT_THAT(fs_.log(), IsEmpty());
}

TEST_F(CreateVirtualRootsTest, MkdirFailureIsReturned) {
  fs_.FailMkDir("/cg/memory/jail", absl::PermissionDeniedError("read-only"));
  EXPECT_EQ(Create("virtual_root { cgroup_virtual_root { hierarchy: "
                   "CGROUP_MEMORY root: \"/jail\" } }")
                .code(),
            absl::StatusCode::kPermissionDenied);
}

// ---- SetUpResources ----

class SetUpResourcesTest : public FakeMachineTest {
 protected:
  void SetUp() override { MountSeparately(); }
};

TEST_F(SetUpResourcesTest, MakesBatchWithTwoSharesAndClonesCpusets) {
  ASSERT_TRUE(SetUpResources(*Context(), InitSpec()).ok());
  EXPECT_TRUE(fs_.HasDir("/cg/cpu/batch"));
  EXPECT_TRUE(fs_.HasDir("/cg/cpuacct/batch"));
  EXPECT_EQ(fs_.File("/cg/cpu/batch/cpu.shares"), "2");
  EXPECT_EQ(fs_.File("/cg/cpuset/cgroup.clone_children"), "1");
}

TEST_F(SetUpResourcesTest, SecondRunChangesNothing) {
  ASSERT_TRUE(SetUpResources(*Context(), InitSpec()).ok());
  fs_.ClearLog();
  ASSERT_TRUE(SetUpResources(*Context(), InitSpec()).ok());
  EXPECT_THAT(fs_.log(), IsEmpty());
}

TEST_F(SetUpResourcesTest, CoMountedCpuGetsOneBatchDirectory) {
  machine_.clear_cgroup_mount();
  mounts_.clear();
  Mount({CGROUP_CPU, CGROUP_CPUACCT});
  Mount({CGROUP_FREEZER});
  ASSERT_TRUE(SetUpResources(*Context(), InitSpec()).ok());
  EXPECT_THAT(fs_.LogOf("mkdir "), ElementsAre("mkdir /cg/cpu,cpuacct/batch"));
  EXPECT_EQ(fs_.File("/cg/cpu,cpuacct/batch/cpu.shares"), "2");
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
