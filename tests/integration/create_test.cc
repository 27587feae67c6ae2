// SPDX-License-Identifier: Apache-2.0
// Creating containers on the real kernel: the limits in the spec must be the
// values the kernel's cgroup files hold afterwards.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using CreateTest = IntegrationTest;

TEST_F(CreateTest, CliCreateWritesMemoryAndCpuLimitsToTheKernel) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/limits",
                    "memory { limit: 67108864 reservation: 33554432 } "
                    "cpu { limit: 500 max_limit: 250 }"));

  EXPECT_EQ(ReadCgroupFile("memory", "/limits", "memory.limit_in_bytes"),
            "67108864");
  EXPECT_EQ(ReadCgroupFile("memory", "/limits", "memory.soft_limit_in_bytes"),
            "33554432");
  // 500 milliCPU * 1024 / 1000.
  EXPECT_EQ(ReadCgroupFile("cpu", "/limits", "cpu.shares"), "512");
  // A 250000 us period; 250 milliCPU is a quarter of it.
  EXPECT_EQ(ReadCgroupFile("cpu", "/limits", "cpu.cfs_period_us"), "250000");
  EXPECT_EQ(ReadCgroupFile("cpu", "/limits", "cpu.cfs_quota_us"), "62500");
  EXPECT_TRUE(CgroupExists("cpuacct", "/limits"));
  EXPECT_TRUE(CgroupExists("freezer", "/limits"));
  EXPECT_EQ(ReadCgroupFile("cpuset", "/limits", "cpuset.cpus"),
            ReadCgroupFile("cpuset", "/", "cpuset.cpus"));
  EXPECT_EQ(ReadCgroupFile("cpuset", "/limits", "cpuset.mems"),
            ReadCgroupFile("cpuset", "/", "cpuset.mems"));
}

TEST_F(CreateTest, CreateMakesCgroupsOnlyForIsolatedResources) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/memonly", "memory { limit: 33554432 }"));

  EXPECT_THAT(HierarchiesWith("/memonly"), ElementsAre("memory", "freezer"));
}

TEST_F(CreateTest, LibraryCreateAndSpecRoundTripThroughTheKernel) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(128LL << 20);
  spec.mutable_memory()->set_reservation(16LL << 20);
  spec.mutable_cpu()->set_limit(2000);
  spec.mutable_cpu()->set_max_limit(1000);
  DestroyAtTearDown("/library");

  absl::StatusOr<std::unique_ptr<Container>> created =
      api().Create("/library", spec);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ((*created)->name(), "/library");
  EXPECT_EQ(ReadCgroupFile("memory", "/library", "memory.limit_in_bytes"),
            "134217728");
  EXPECT_EQ(ReadCgroupFile("cpu", "/library", "cpu.shares"), "2048");
  EXPECT_EQ(ReadCgroupFile("cpu", "/library", "cpu.cfs_quota_us"), "250000");

  absl::StatusOr<ContainerSpec> read_back = (*created)->Spec();
  ASSERT_TRUE(read_back.ok()) << read_back.status();
  EXPECT_EQ(read_back->memory().limit(), 128LL << 20);
  EXPECT_EQ(read_back->memory().reservation(), 16LL << 20);
  EXPECT_EQ(read_back->cpu().limit(), 2000u);
  EXPECT_EQ(read_back->cpu().max_limit(), 1000u);
}

TEST_F(CreateTest, CreatingAnExistingContainerFailsWithAlreadyExists) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/twice", ""));

  const CommandResult again = RunCli({"create", "/twice", ""});

  EXPECT_EQ(again.exit_code, 6) << again;
}

TEST_F(CreateTest, SubcontainerCannotIsolateWhatItsParentDoesNot) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/plain", ""));

  const CommandResult child =
      RunCli({"create", "/plain/hungry", "memory { limit: 33554432 }"});

  EXPECT_EQ(child.exit_code, 9) << child;
  EXPECT_THAT(HierarchiesWith("/plain/hungry"), IsEmpty());
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
