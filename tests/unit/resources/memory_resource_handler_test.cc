// SPDX-License-Identifier: Apache-2.0
// Tests of MemoryResourceHandler and its factory: validation, creation with
// rollback, updates, read-back, delegation and task placement.

#include "lmctfy/resources/memory_resource_handler.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/cgroup_layout.h"
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
using testing_fs::FakeCgroupFs;
using testing_fs::LoadLayout;
using testing_fs::SeparateMounts;
using testing_fs::StandardMachine;

MATCHER_P2(CgroupIs, hierarchy, dir, "") {
  return arg.hierarchy == hierarchy && arg.dir == dir;
}

ContainerSpec MemoryOnly(const MemorySpec& memory) {
  ContainerSpec spec;
  *spec.mutable_memory() = memory;
  return spec;
}

ContainerSpec LimitAndSwap(int64_t limit, int64_t swap) {
  MemorySpec memory;
  memory.set_limit(limit);
  memory.set_swap_limit(swap);
  return MemoryOnly(memory);
}

class MemoryFactoryTest : public ::testing::Test {
 protected:
  MemoryFactoryTest() { AddVanillaHierarchies(fs_); }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, StandardMachine());
  MemoryResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(MemoryFactoryTest, NamesItsResourceAndFindsItInSpecs) {
  EXPECT_EQ(factory_.resource_name(), "memory");
  EXPECT_TRUE(factory_.InSpec(MemoryOnly(MemorySpec())));
  EXPECT_FALSE(factory_.InSpec(ContainerSpec()));
}

TEST_F(MemoryFactoryTest, UnmountedHierarchyIsFailedPrecondition) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_FREEZER, "/cg/freezer"}}));
  MemoryResourceHandlerFactory factory(kernel_, layout);

  absl::Status status = factory.ValidateCreate("/web", MemoryOnly({}));

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("memory"));
  EXPECT_THAT(status.message(), HasSubstr("/web"));
  EXPECT_FALSE(factory.Isolates("/"));
  EXPECT_THAT(factory.TaskCgroups("/web"), IsEmpty());
}

TEST_F(MemoryFactoryTest, SubcontainerOfAParentWithoutMemoryIsRefused) {
  absl::Status status = factory_.ValidateCreate("/a/b", MemoryOnly({}));

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/a/b"));
  EXPECT_THAT(status.message(), HasSubstr("parent /a "));
}

TEST_F(MemoryFactoryTest, SubcontainerOfAnIsolatingParentIsAccepted) {
  fs_.AddCgroup("/cg/memory/a");

  EXPECT_TRUE(factory_.ValidateCreate("/a/b", MemoryOnly({})).ok());
}

TEST_F(MemoryFactoryTest, SwapWithoutSwapAccountingIsUnimplemented) {
  // A parent without memory.memsw.limit_in_bytes.
  fs_.AddDir("/cg/memory/noswap");

  absl::Status status =
      factory_.ValidateCreate("/noswap/web", LimitAndSwap(1000000, 2000000));

  EXPECT_TRUE(absl::IsUnimplemented(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("memory.memsw.limit_in_bytes"));
}

TEST_F(MemoryFactoryTest, GoogleFieldOnVanillaKernelIsUnimplemented) {
  MemorySpec memory;
  memory.set_eviction_priority(100);

  absl::Status status = factory_.ValidateCreate("/web", MemoryOnly(memory));

  EXPECT_TRUE(absl::IsUnimplemented(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("memory.oom_score_badness"));
}

TEST_F(MemoryFactoryTest, SwapWithoutLimitIsRefusedAtCreate) {
  MemorySpec memory;
  memory.set_swap_limit(2000000);

  absl::Status status = factory_.ValidateCreate("/web", MemoryOnly(memory));

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
}

TEST_F(MemoryFactoryTest, ValidateCreateWritesNothing) {
  EXPECT_TRUE(
      factory_.ValidateCreate("/web", LimitAndSwap(1 << 20, 2 << 20)).ok());
  EXPECT_FALSE(
      factory_.ValidateCreate("/web", LimitAndSwap(2 << 20, 1 << 20)).ok());

  EXPECT_THAT(fs_.writes(), IsEmpty());
  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
}

TEST_F(MemoryFactoryTest, CreateOfAnEmptySpecOnlyZeroesTheReservation) {
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", MemoryOnly({}));

  ASSERT_TRUE(handler.ok()) << handler.status();
  EXPECT_THAT(fs_.made_dirs(), ElementsAre("/cg/memory/web"));
  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.soft_limit_in_bytes=0"));
  EXPECT_TRUE(factory_.Isolates("/web"));
}

TEST_F(MemoryFactoryTest, CreateWritesMemoryBeforeSwap) {
  ASSERT_TRUE(factory_.Create("/web", LimitAndSwap(1000000, 3000000)).ok());

  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.limit_in_bytes=1000000",
                          "/cg/memory/web/memory.memsw.limit_in_bytes=3000000",
                          "/cg/memory/web/memory.soft_limit_in_bytes=0"));
}

TEST_F(MemoryFactoryTest, CreateRemovesTheCgroupWhenAWriteFails) {
  fs_.FailWrite("/cg/memory/web/memory.limit_in_bytes",
                absl::ResourceExhaustedError("No space left on device"));
  MemorySpec memory;
  memory.set_limit(1000000);

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", MemoryOnly(memory));

  EXPECT_TRUE(absl::IsResourceExhausted(handler.status())) << handler.status();
  EXPECT_THAT(handler.status().message(), HasSubstr("/web"));
  EXPECT_THAT(handler.status().message(), HasSubstr("memory.limit_in_bytes"));
  EXPECT_THAT(fs_.removed_dirs(), ElementsAre("/cg/memory/web"));
  EXPECT_FALSE(factory_.Isolates("/web"));
}

TEST_F(MemoryFactoryTest, CreateOverAnExistingCgroupRemovesNothing) {
  fs_.AddCgroup("/cg/memory/web");

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", MemoryOnly({}));

  EXPECT_TRUE(absl::IsAlreadyExists(handler.status())) << handler.status();
  EXPECT_TRUE(fs_.HasDir("/cg/memory/web"));
}

TEST_F(MemoryFactoryTest, GetFindsOnlyIsolatingContainers) {
  fs_.AddCgroup("/cg/memory/web");

  EXPECT_TRUE(factory_.Get("/web").ok());
  EXPECT_TRUE(factory_.Get("/").ok());
  absl::StatusOr<std::unique_ptr<ResourceHandler>> missing =
      factory_.Get("/db");
  EXPECT_TRUE(absl::IsNotFound(missing.status())) << missing.status();
  EXPECT_THAT(missing.status().message(), HasSubstr("/db"));
}

TEST_F(MemoryFactoryTest, TaskCgroupsWalkUpToTheNearestIsolatingAncestor) {
  fs_.AddCgroup("/cg/memory/a");

  EXPECT_THAT(factory_.TaskCgroups("/a"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory/a")));
  EXPECT_THAT(factory_.TaskCgroups("/a/b/c"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory/a")));
  EXPECT_THAT(factory_.TaskCgroups("/x/y"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory")));
}

TEST_F(MemoryFactoryTest, InitMachineDoesNothing) {
  EXPECT_TRUE(factory_.InitMachine(InitSpec()).ok());
  EXPECT_THAT(fs_.writes(), IsEmpty());
  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
}

// Container /web exists with a 1 MB limit and a 2 MB memory+swap ceiling.
class MemoryHandlerTest : public MemoryFactoryTest {
 protected:
  MemoryHandlerTest() {
    fs_.AddCgroup("/cg/memory/web");
    fs_.AddFile("/cg/memory/web/memory.limit_in_bytes", "1000000\n");
    fs_.AddFile("/cg/memory/web/memory.memsw.limit_in_bytes", "2000000\n");
    fs_.AddFile("/cg/memory/web/memory.soft_limit_in_bytes", "500000\n");
  }

  std::unique_ptr<ResourceHandler> Handler() {
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory_.Get("/web");
    EXPECT_TRUE(handler.ok()) << handler.status();
    return handler.ok() ? std::move(*handler) : nullptr;
  }
};

TEST_F(MemoryHandlerTest, ReplaceLiftsLimitsSwapFirstAndZeroesReservation) {
  ASSERT_TRUE(
      Handler()->Update(MemoryOnly({}), Container::UPDATE_REPLACE).ok());

  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.memsw.limit_in_bytes=-1",
                          "/cg/memory/web/memory.limit_in_bytes=-1",
                          "/cg/memory/web/memory.soft_limit_in_bytes=0"));
}

TEST_F(MemoryHandlerTest, DiffWritesOnlyTheFieldsSet) {
  MemorySpec memory;
  memory.set_reservation(100);

  ASSERT_TRUE(
      Handler()->Update(MemoryOnly(memory), Container::UPDATE_DIFF).ok());

  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.soft_limit_in_bytes=100"));
}

TEST_F(MemoryHandlerTest, RaisingBothWritesSwapFirst) {
  ASSERT_TRUE(
      Handler()
          ->Update(LimitAndSwap(4000000, 8000000), Container::UPDATE_DIFF)
          .ok());

  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.memsw.limit_in_bytes=8000000",
                          "/cg/memory/web/memory.limit_in_bytes=4000000"));
}

TEST_F(MemoryHandlerTest, LoweringBothWritesMemoryFirst) {
  ASSERT_TRUE(Handler()
                  ->Update(LimitAndSwap(500000, 600000), Container::UPDATE_DIFF)
                  .ok());

  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/memory/web/memory.limit_in_bytes=500000",
                          "/cg/memory/web/memory.memsw.limit_in_bytes=600000"));
}

TEST_F(MemoryHandlerTest, SwapBelowTheCurrentLimitIsRefusedWithoutWriting) {
  MemorySpec memory;
  memory.set_swap_limit(900000);

  absl::Status status =
      Handler()->ValidateUpdate(MemoryOnly(memory), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("1000000"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(MemoryHandlerTest, BusyLimitIsFailedPreconditionAndRestoresOldValues) {
  fs_.FailWrite("/cg/memory/web/memory.memsw.limit_in_bytes",
                absl::FailedPreconditionError("Device or resource busy"),
                "600000");

  absl::Status status =
      Handler()->Update(LimitAndSwap(500000, 600000), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("container /web"));
  EXPECT_THAT(status.message(), HasSubstr("memory.memsw.limit_in_bytes"));
  EXPECT_EQ(fs_.Contents("/cg/memory/web/memory.limit_in_bytes"), "1000000");
}

TEST_F(MemoryHandlerTest, SpecReportsLimitAndReservationButNotSwap) {
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  EXPECT_EQ(spec.memory().limit(), 1000000);
  EXPECT_EQ(spec.memory().reservation(), 500000);
  EXPECT_FALSE(spec.memory().has_swap_limit());
  EXPECT_FALSE(spec.memory().has_eviction_priority());
}

TEST_F(MemoryHandlerTest, SpecReportsEvictionPriorityWhereItsFileExists) {
  fs_.AddFile("/cg/memory/web/memory.oom_score_badness", "7000\n");
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  EXPECT_EQ(spec.memory().eviction_priority(), 7000);
}

TEST_F(MemoryHandlerTest, StatsAreFilledFromTheCgroup) {
  fs_.AddFile("/cg/memory/web/memory.usage_in_bytes", "4096\n");
  ContainerStats stats;

  ASSERT_TRUE(Handler()->FillStats(Container::STATS_SUMMARY, &stats).ok());

  EXPECT_EQ(stats.memory().limit(), 1000000);
  EXPECT_EQ(stats.memory().usage(), 4096);
}

TEST_F(MemoryHandlerTest, DelegateAlsoHandsOverEventControl) {
  ASSERT_TRUE(Handler()->Delegate(1000, 1000).ok());

  EXPECT_THAT(fs_.chowned(),
              ElementsAre("/cg/memory/web", "/cg/memory/web/tasks",
                          "/cg/memory/web/cgroup.procs",
                          "/cg/memory/web/cgroup.event_control"));
}

TEST_F(MemoryHandlerTest, DestroyRemovesTheCgroup) {
  std::unique_ptr<ResourceHandler> handler = Handler();
  EXPECT_EQ(handler->resource_name(), "memory");

  ASSERT_TRUE(handler->Destroy().ok());

  EXPECT_THAT(fs_.removed_dirs(), ElementsAre("/cg/memory/web"));
  EXPECT_FALSE(factory_.Isolates("/web"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
