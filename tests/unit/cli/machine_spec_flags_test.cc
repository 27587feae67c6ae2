// SPDX-License-Identifier: Apache-2.0
// Tests of the MachineSpec built from --lmctfy_machine_spec and
// --lmctfy_cgroup_root.

#include "cli/machine_spec_flags.h"

#include <string>

#include "gflags/gflags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "cli/cli_flags.h"
#include "tests/unit/cli/temp_file.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::HasSubstr;

class MachineSpecFlagsTest : public ::testing::Test {
 protected:
  gflags::FlagSaver restore_flags_;
};

TEST_F(MachineSpecFlagsTest, NoFlagsMeansNoMachineSpec) {
  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  ASSERT_TRUE(machine.ok());
  EXPECT_FALSE(machine->has_value());
}

TEST_F(MachineSpecFlagsTest, CgroupRootBecomesRootOfEveryHierarchy) {
  FLAGS_lmctfy_cgroup_root = "/test/root";
  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  ASSERT_TRUE(machine.ok() && machine->has_value());

  const auto& roots = (*machine)->virtual_root().cgroup_virtual_root();
  EXPECT_EQ(roots.size(), CgroupHierarchy_descriptor()->value_count() - 1);
  for (const auto& root : roots) {
    EXPECT_NE(root.hierarchy(), CGROUP_UNKNOWN);
    EXPECT_EQ(root.root(), "/test/root");
  }
}

TEST_F(MachineSpecFlagsTest, MachineSpecFileIsReadAsText) {
  TempFile file(
      "cgroup_mount { mount_path: '/cg/mem' hierarchy: CGROUP_MEMORY }");
  FLAGS_lmctfy_machine_spec = file.path();
  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  ASSERT_TRUE(machine.ok() && machine->has_value()) << machine.status();
  EXPECT_EQ((*machine)->cgroup_mount(0).mount_path(), "/cg/mem");
}

TEST_F(MachineSpecFlagsTest, CgroupRootReplacesRootsOfTheFile) {
  MachineSpec original;
  auto* root = original.mutable_virtual_root()->add_cgroup_virtual_root();
  root->set_hierarchy(CGROUP_CPU);
  root->set_root("/from/file");
  original.add_cgroup_mount()->set_mount_path("/cg");
  TempFile file(original.SerializeAsString());
  FLAGS_lmctfy_machine_spec = file.path();
  FLAGS_lmctfy_cgroup_root = "/flag";

  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  ASSERT_TRUE(machine.ok() && machine->has_value());
  EXPECT_EQ((*machine)->cgroup_mount(0).mount_path(), "/cg");
  for (const auto& entry : (*machine)->virtual_root().cgroup_virtual_root()) {
    EXPECT_EQ(entry.root(), "/flag");
  }
}

TEST_F(MachineSpecFlagsTest, MissingFileIsItsReadError) {
  FLAGS_lmctfy_machine_spec = "/nonexistent/machine.spec";
  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  EXPECT_EQ(machine.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(machine.status().message(), HasSubstr("machine.spec"));
}

TEST_F(MachineSpecFlagsTest, GarbageFileIsInvalid) {
  TempFile file("not a machine spec");
  FLAGS_lmctfy_machine_spec = file.path();
  absl::StatusOr<std::optional<MachineSpec>> machine = MachineSpecFromFlags();
  EXPECT_EQ(machine.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(machine.status().message(), HasSubstr(file.path()));
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
