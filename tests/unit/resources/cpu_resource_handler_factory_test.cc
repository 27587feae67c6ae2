// SPDX-License-Identifier: Apache-2.0
// Tests of CpuResourceHandlerFactory: placement (including /batch),
// validation, creation with rollback, task cgroups and machine setup, on
// separate and co-mounted cpu/cpuacct layouts.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/cgroup_layout.h"
#include "lmctfy/resources/cpu_resource_handler.h"
#include "system_api/mock_kernel_api.h"
#include "tests/unit/resources/fake_cgroup_fs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using testing_fs::AddVanillaHierarchies;
using testing_fs::CoMountedCpuMachine;
using testing_fs::FakeCgroupFs;
using testing_fs::LoadLayout;
using testing_fs::SeparateMounts;
using testing_fs::StandardMachine;

bool Same(const TaskCgroup& a, const TaskCgroup& b) {
  return a.hierarchy == b.hierarchy && a.dir == b.dir;
}

MATCHER_P2(CgroupIs, hierarchy, dir, "") {
  return Same(arg, TaskCgroup{hierarchy, dir});
}

ContainerSpec CpuSpecWith(SchedulingLatency latency) {
  ContainerSpec spec;
  spec.mutable_cpu()->set_scheduling_latency(latency);
  return spec;
}

ContainerSpec EmptyCpuSpec() {
  ContainerSpec spec;
  spec.mutable_cpu();
  return spec;
}

class CpuFactoryTest : public ::testing::Test {
 protected:
  CpuFactoryTest() { AddVanillaHierarchies(fs_); }

  // Initialised machine: /batch exists in cpu and cpuacct.
  void AddBatch() {
    fs_.AddCgroup("/cg/cpu/batch");
    fs_.AddCgroup("/cg/cpuacct/batch");
  }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, StandardMachine());
  CpuResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(CpuFactoryTest, NamesItsResourceAndFindsItInSpecs) {
  EXPECT_EQ(factory_.resource_name(), "cpu");
  EXPECT_TRUE(factory_.InSpec(EmptyCpuSpec()));
  EXPECT_FALSE(factory_.InSpec(ContainerSpec()));
}

TEST_F(CpuFactoryTest, ValidateCreateNeedsCpuAndCpuacctMounted) {
  for (auto [missing, name] :
       {std::pair<CgroupHierarchy, const char*>{CGROUP_CPU, "cpu"},
        {CGROUP_CPUACCT, "cpuacct"}}) {
    CgroupHierarchy other = missing == CGROUP_CPU ? CGROUP_CPUACCT : CGROUP_CPU;
    CgroupLayout layout =
        LoadLayout(kernel_, SeparateMounts({{other, "/cg/other"},
                                            {CGROUP_FREEZER, "/cg/freezer"}}));
    CpuResourceHandlerFactory factory(kernel_, layout);

    absl::Status status = factory.ValidateCreate("/web", EmptyCpuSpec());

    EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
    EXPECT_THAT(status.message(), HasSubstr(std::string(" ") + name + " "));
    EXPECT_THAT(status.message(), HasSubstr("/web"));
    EXPECT_FALSE(factory.Isolates("/"));
  }
}

TEST_F(CpuFactoryTest, ValidateCreateAcceptsAPlainTopLevelContainer) {
  EXPECT_TRUE(factory_.ValidateCreate("/web", EmptyCpuSpec()).ok());
  EXPECT_THAT(fs_.writes(), IsEmpty());
  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
}

TEST_F(CpuFactoryTest, SubcontainerOfAParentWithoutCpuIsRefusedNamingBoth) {
  fs_.AddDir("/cg/freezer/a");

  absl::Status status = factory_.ValidateCreate("/a/b", EmptyCpuSpec());

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/a/b"));
  EXPECT_THAT(status.message(), HasSubstr("parent /a "));
}

TEST_F(CpuFactoryTest, BatchLatencyBeforeInitIsRefusedNamingBatchCgroup) {
  absl::Status status = factory_.ValidateCreate("/web", CpuSpecWith(NORMAL));

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/cg/cpu/batch"));
}

TEST_F(CpuFactoryTest, PriorityLatencyWithoutCpuLatIsUnimplemented) {
  for (SchedulingLatency latency : {PRIORITY, PREMIER}) {
    absl::Status status = factory_.ValidateCreate("/web", CpuSpecWith(latency));

    EXPECT_TRUE(absl::IsUnimplemented(status)) << status;
    EXPECT_THAT(status.message(), HasSubstr("cpu.lat"));
  }
}

TEST_F(CpuFactoryTest, MaxLimitWithoutCfsFilesIsUnimplemented) {
  // A bare directory: no cpu.cfs_quota_us where the new cgroup would go.
  fs_.AddDir("/cg/cpu/no_cfs");
  ContainerSpec spec;
  spec.mutable_cpu()->set_max_limit(1000);

  absl::Status status = factory_.ValidateCreate("/no_cfs/web", spec);

  EXPECT_TRUE(absl::IsUnimplemented(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("cpu.cfs_quota_us"));
}

TEST_F(CpuFactoryTest, MaskWithoutCpusetIsFailedPrecondition) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_CPU, "/cg/cpu"},
                                          {CGROUP_CPUACCT, "/cg/cpuacct"}}));
  CpuResourceHandlerFactory factory(kernel_, layout);
  ContainerSpec spec;
  spec.mutable_cpu()->mutable_mask()->add_data(1);

  absl::Status status = factory.ValidateCreate("/web", spec);

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("cpuset"));
}

TEST_F(CpuFactoryTest, MaskOutsideParentsCpusIsRefusedBeforeAnyWrite) {
  ContainerSpec spec;
  spec.mutable_cpu()->mutable_mask()->add_data(0x300);  // CPUs 8, 9

  absl::Status status = factory_.ValidateCreate("/web", spec);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("8-9"));
  EXPECT_THAT(status.message(), HasSubstr("0-7"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
}

TEST_F(CpuFactoryTest, CreateMakesCgroupsAndCopiesParentCpuset) {
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", EmptyCpuSpec());

  ASSERT_TRUE(handler.ok()) << handler.status();
  EXPECT_EQ((*handler)->resource_name(), "cpu");
  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu/web", "/cg/cpuacct/web", "/cg/cpuset/web"));
  // An empty spec changes nothing a new cgroup does not already have.
  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpuset/web/cpuset.cpus=0-7",
                                        "/cg/cpuset/web/cpuset.mems=0"));
  EXPECT_TRUE(factory_.Isolates("/web"));
}

TEST_F(CpuFactoryTest, CreateSkipsCpusetCopyWhenKernelClonedIt) {
  fs_.SetNewCgroupFiles("/cg/cpuset",
                        {{"cpuset.cpus", "0-7\n"}, {"cpuset.mems", "0\n"}});

  ASSERT_TRUE(factory_.Create("/web", EmptyCpuSpec()).ok());

  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuFactoryTest, CreateWritesTheFieldsTheSpecSets) {
  ContainerSpec spec;
  spec.mutable_cpu()->set_limit(500);
  spec.mutable_cpu()->set_max_limit(2000);
  spec.mutable_cpu()->mutable_mask()->add_data(0x3);

  ASSERT_TRUE(factory_.Create("/web", spec).ok());

  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpuset/web/cpuset.cpus=0-7",
                                        "/cg/cpuset/web/cpuset.mems=0",
                                        "/cg/cpu/web/cpu.shares=512",
                                        "/cg/cpu/web/cpu.cfs_period_us=250000",
                                        "/cg/cpu/web/cpu.cfs_quota_us=500000",
                                        "/cg/cpuset/web/cpuset.cpus=0-1"));
}

TEST_F(CpuFactoryTest, NormalLatencyPutsTopLevelContainerUnderBatch) {
  AddBatch();

  ASSERT_TRUE(factory_.Create("/web", CpuSpecWith(NORMAL)).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu/batch/web", "/cg/cpuacct/batch/web",
                          "/cg/cpuset/web"));
  EXPECT_THAT(fs_.WritesUnder("/cg/cpu/"), IsEmpty());
  EXPECT_TRUE(factory_.Isolates("/web"));
}

TEST_F(CpuFactoryTest, BestEffortLatencyAlsoMakesTheCgroupIdle) {
  AddBatch();

  ASSERT_TRUE(factory_.Create("/web", CpuSpecWith(BEST_EFFORT)).ok());

  EXPECT_THAT(fs_.WritesUnder("/cg/cpu/"),
              ElementsAre("/cg/cpu/batch/web/cpu.idle=1"));
}

TEST_F(CpuFactoryTest, SubcontainerOfABatchContainerStaysUnderBatch) {
  AddBatch();
  ASSERT_TRUE(factory_.Create("/web", CpuSpecWith(NORMAL)).ok());
  fs_.ClearLog();

  ASSERT_TRUE(factory_.Create("/web/task", EmptyCpuSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu/batch/web/task",
                          "/cg/cpuacct/batch/web/task", "/cg/cpuset/web/task"));
  EXPECT_TRUE(factory_.Isolates("/web/task"));
}

TEST_F(CpuFactoryTest, LatencyOfASubcontainerDoesNotMoveItToBatch) {
  fs_.AddCgroup("/cg/cpu/web");
  fs_.AddCgroup("/cg/cpuacct/web");
  fs_.AddCgroup("/cg/cpuset/web");
  fs_.AddFile("/cg/cpuset/web/cpuset.cpus", "0-3\n");
  fs_.AddFile("/cg/cpuset/web/cpuset.mems", "0\n");

  ASSERT_TRUE(factory_.Create("/web/task", CpuSpecWith(NORMAL)).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu/web/task", "/cg/cpuacct/web/task",
                          "/cg/cpuset/web/task"));
}

TEST_F(CpuFactoryTest, TopLevelContainerNamedBatchCollidesAndKeepsBatch) {
  AddBatch();

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/batch", EmptyCpuSpec());

  EXPECT_TRUE(absl::IsAlreadyExists(handler.status())) << handler.status();
  EXPECT_TRUE(fs_.HasDir("/cg/cpu/batch"));
  EXPECT_THAT(fs_.removed_dirs(), IsEmpty());
}

TEST_F(CpuFactoryTest, CreateRemovesItsCgroupsWhenAWriteFails) {
  fs_.FailWrite("/cg/cpu/web/cpu.shares",
                absl::InvalidArgumentError("cpu.shares: Invalid argument"));
  ContainerSpec spec;
  spec.mutable_cpu()->set_limit(500);

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", spec);

  EXPECT_TRUE(absl::IsInvalidArgument(handler.status())) << handler.status();
  EXPECT_THAT(fs_.removed_dirs(),
              ElementsAre("/cg/cpuset/web", "/cg/cpuacct/web", "/cg/cpu/web"));
  EXPECT_FALSE(fs_.HasDir("/cg/cpu/web"));
  EXPECT_FALSE(factory_.Isolates("/web"));
}

TEST_F(CpuFactoryTest, CreateRemovesEarlierCgroupsWhenAMkdirFails) {
  fs_.FailMkDir("/cg/cpuset/web",
                absl::PermissionDeniedError("/cg/cpuset/web: denied"));

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", EmptyCpuSpec());

  EXPECT_TRUE(absl::IsPermissionDenied(handler.status())) << handler.status();
  EXPECT_THAT(fs_.removed_dirs(),
              ElementsAre("/cg/cpuacct/web", "/cg/cpu/web"));
}

TEST_F(CpuFactoryTest, CreateRemovesItsCgroupsWhenCpusetCopyFails) {
  fs_.FailWrite("/cg/cpuset/web/cpuset.mems",
                absl::InvalidArgumentError("cpuset.mems: Invalid argument"));

  EXPECT_FALSE(factory_.Create("/web", EmptyCpuSpec()).ok());

  EXPECT_FALSE(fs_.HasDir("/cg/cpuset/web"));
  EXPECT_FALSE(fs_.HasDir("/cg/cpuacct/web"));
  EXPECT_FALSE(fs_.HasDir("/cg/cpu/web"));
}

TEST_F(CpuFactoryTest, RootAlwaysIsolatesCpu) {
  EXPECT_TRUE(factory_.Isolates("/"));
  EXPECT_TRUE(factory_.Get("/").ok());
}

TEST_F(CpuFactoryTest, LookupFindsTopLevelByNameThenUnderBatch) {
  AddBatch();
  fs_.AddCgroup("/cg/cpu/plain");
  fs_.AddCgroup("/cg/cpu/batch/batched");
  fs_.AddCgroup("/cg/cpu/batch/batched/child");

  EXPECT_TRUE(factory_.Isolates("/plain"));
  EXPECT_TRUE(factory_.Isolates("/batched"));
  EXPECT_TRUE(factory_.Isolates("/batched/child"));
  EXPECT_FALSE(factory_.Isolates("/other"));
  EXPECT_FALSE(factory_.Isolates("/plain/child"));
}

TEST_F(CpuFactoryTest, GetOfAContainerWithoutCpuIsNotFound) {
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Get("/web");

  EXPECT_TRUE(absl::IsNotFound(handler.status())) << handler.status();
  EXPECT_THAT(handler.status().message(), HasSubstr("/web"));
}

TEST_F(CpuFactoryTest, TaskCgroupsOfAnIsolatingContainerAreItsOwn) {
  fs_.AddCgroup("/cg/cpu/web");
  fs_.AddCgroup("/cg/cpuacct/web");
  fs_.AddCgroup("/cg/cpuset/web");

  EXPECT_THAT(factory_.TaskCgroups("/web"),
              ElementsAre(CgroupIs(CGROUP_CPU, "/cg/cpu/web"),
                          CgroupIs(CGROUP_CPUACCT, "/cg/cpuacct/web"),
                          CgroupIs(CGROUP_CPUSET, "/cg/cpuset/web")));
}

TEST_F(CpuFactoryTest, TaskCgroupsWalkUpToTheNearestIsolatingAncestor) {
  AddBatch();
  fs_.AddCgroup("/cg/cpu/batch/web");
  fs_.AddCgroup("/cg/cpuacct/batch/web");
  fs_.AddCgroup("/cg/cpuset/web");

  EXPECT_THAT(factory_.TaskCgroups("/web/a/b"),
              ElementsAre(CgroupIs(CGROUP_CPU, "/cg/cpu/batch/web"),
                          CgroupIs(CGROUP_CPUACCT, "/cg/cpuacct/batch/web"),
                          CgroupIs(CGROUP_CPUSET, "/cg/cpuset/web")));
  EXPECT_THAT(factory_.TaskCgroups("/other"),
              ElementsAre(CgroupIs(CGROUP_CPU, "/cg/cpu"),
                          CgroupIs(CGROUP_CPUACCT, "/cg/cpuacct"),
                          CgroupIs(CGROUP_CPUSET, "/cg/cpuset")));
}

TEST_F(CpuFactoryTest, TaskCgroupsSkipUnmountedHierarchies) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_FREEZER, "/cg/freezer"}}));
  CpuResourceHandlerFactory factory(kernel_, layout);

  EXPECT_THAT(factory.TaskCgroups("/web"), IsEmpty());
}

TEST_F(CpuFactoryTest, InitMachineMakesBatchWithLowSharesAndClonedCpusets) {
  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu/batch", "/cg/cpuacct/batch"));
  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/batch/cpu.shares=2",
                                        "/cg/cpuset/cgroup.clone_children=1"));
}

TEST_F(CpuFactoryTest, InitMachineTwiceChangesNothingTheSecondTime) {
  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());
  fs_.ClearLog();

  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CpuFactoryTest, InitMachineFixesSharesOfAnExistingBatch) {
  AddBatch();
  fs_.AddFile("/cg/cpuset/cgroup.clone_children", "1\n");

  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu/batch/cpu.shares=2"));
}

TEST_F(CpuFactoryTest, InitMachineReportsAFailedWrite) {
  fs_.FailWrite("/cg/cpu/batch/cpu.shares",
                absl::PermissionDeniedError("cpu.shares: Permission denied"));

  absl::Status status = factory_.InitMachine(InitSpec());

  EXPECT_TRUE(absl::IsPermissionDenied(status)) << status;
}

class CoMountedCpuFactoryTest : public ::testing::Test {
 protected:
  CoMountedCpuFactoryTest() { AddVanillaHierarchies(fs_, kMount, kMount); }

  static constexpr char kMount[] = "/cg/cpu,cpuacct";
  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, CoMountedCpuMachine());
  CpuResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(CoMountedCpuFactoryTest, CreateMakesOneSharedDirectory) {
  ASSERT_TRUE(factory_.Create("/web", EmptyCpuSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu,cpuacct/web", "/cg/cpuset/web"));
  EXPECT_TRUE(factory_.Isolates("/web"));
}

TEST_F(CoMountedCpuFactoryTest, RollbackRemovesTheSharedDirectoryOnce) {
  fs_.FailWrite("/cg/cpu,cpuacct/web/cpu.shares",
                absl::InvalidArgumentError("cpu.shares: Invalid argument"));
  ContainerSpec spec;
  spec.mutable_cpu()->set_limit(100);

  EXPECT_FALSE(factory_.Create("/web", spec).ok());

  EXPECT_THAT(fs_.removed_dirs(),
              ElementsAre("/cg/cpuset/web", "/cg/cpu,cpuacct/web"));
}

TEST_F(CoMountedCpuFactoryTest, TaskCgroupsNameTheSharedDirectoryForBoth) {
  fs_.AddCgroup("/cg/cpu,cpuacct/web");

  EXPECT_THAT(factory_.TaskCgroups("/web/sub"),
              ElementsAre(CgroupIs(CGROUP_CPU, "/cg/cpu,cpuacct/web"),
                          CgroupIs(CGROUP_CPUACCT, "/cg/cpu,cpuacct/web"),
                          CgroupIs(CGROUP_CPUSET, "/cg/cpuset")));
}

TEST_F(CoMountedCpuFactoryTest, InitMachineMakesBatchOnceAndIsIdempotent) {
  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(), ElementsAre("/cg/cpu,cpuacct/batch"));
  EXPECT_THAT(fs_.writes(), ElementsAre("/cg/cpu,cpuacct/batch/cpu.shares=2",
                                        "/cg/cpuset/cgroup.clone_children=1"));
  fs_.ClearLog();

  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());

  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CoMountedCpuFactoryTest, BatchContainerLivesInTheSharedBatch) {
  ASSERT_TRUE(factory_.InitMachine(InitSpec()).ok());
  fs_.ClearLog();

  ASSERT_TRUE(factory_.Create("/web", CpuSpecWith(NORMAL)).ok());

  EXPECT_THAT(fs_.made_dirs(),
              ElementsAre("/cg/cpu,cpuacct/batch/web", "/cg/cpuset/web"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
