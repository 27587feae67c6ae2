// SPDX-License-Identifier: Apache-2.0
// Tests of the shared plumbing of single-hierarchy resources: the kernel
// feature cache, rollback after a failed create, and the lookups of
// CgroupResourceFactoryBase (through a minimal subclass).

#include "lmctfy/resources/cgroup_resource_base.h"

#include <memory>
#include <string>
#include <vector>

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
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StrictMock;
using testing_fs::FakeCgroupFs;
using testing_fs::LoadLayout;
using testing_fs::SeparateMounts;

MATCHER_P2(CgroupIs, hierarchy, dir, "") {
  return arg.hierarchy == hierarchy && arg.dir == dir;
}

// ---------------------------------------------------------------------------
// KernelFeatureCache

TEST(KernelFeatureCacheTest, AnswersWhetherTheFileExists) {
  StrictMock<MockKernelApi> kernel;
  EXPECT_CALL(kernel, PathExists(Eq("/cg/cpu/cpu.lat")))
      .WillOnce(Return(false));
  EXPECT_CALL(kernel, PathExists(Eq("/cg/cpu/cpu.idle")))
      .WillOnce(Return(true));
  KernelFeatureCache cache(kernel);

  EXPECT_FALSE(cache.HasFile("/cg/cpu", "cpu.lat"));
  EXPECT_TRUE(cache.HasFile("/cg/cpu", "cpu.idle"));
}

TEST(KernelFeatureCacheTest, AsksTheKernelOncePerFileName) {
  StrictMock<MockKernelApi> kernel;
  EXPECT_CALL(kernel, PathExists(Eq("/cg/cpu/cpu.lat"))).WillOnce(Return(true));
  KernelFeatureCache cache(kernel);

  EXPECT_TRUE(cache.HasFile("/cg/cpu", "cpu.lat"));
  EXPECT_TRUE(cache.HasFile("/cg/cpu/other", "cpu.lat"));
}

// ---------------------------------------------------------------------------
// RemoveAfterFailure

class MockResourceHandler : public ResourceHandler {
 public:
  MOCK_METHOD(absl::string_view, resource_name, (), (const, override));
  MOCK_METHOD(absl::Status, ValidateUpdate,
              (const ContainerSpec&, Container::UpdatePolicy),
              (const, override));
  MOCK_METHOD(absl::Status, Update,
              (const ContainerSpec&, Container::UpdatePolicy), (override));
  MOCK_METHOD(absl::Status, FillSpec, (ContainerSpec*), (const, override));
  MOCK_METHOD(absl::Status, FillStats, (Container::StatsType, ContainerStats*),
              (const, override));
  MOCK_METHOD(absl::Status, Delegate, (int64_t, int64_t), (const, override));
  MOCK_METHOD(absl::Status, Destroy, (), (override));
};

TEST(RemoveAfterFailureTest, DestroysTheHandler) {
  StrictMock<MockResourceHandler> handler;
  EXPECT_CALL(handler, Destroy()).WillOnce(Return(absl::OkStatus()));

  RemoveAfterFailure(handler, absl::InternalError("write failed"));
}

TEST(RemoveAfterFailureTest, SurvivesAFailedDestroy) {
  NiceMock<MockResourceHandler> handler;
  ON_CALL(handler, resource_name()).WillByDefault(Return("memory"));
  EXPECT_CALL(handler, Destroy())
      .WillOnce(Return(absl::FailedPreconditionError("busy")));

  RemoveAfterFailure(handler, absl::InternalError("write failed"));
}

// ---------------------------------------------------------------------------
// CgroupResourceFactoryBase

// The smallest factory on the base: memory without any settings.
class BareFactory : public CgroupResourceFactoryBase {
 public:
  BareFactory(const KernelApi& kernel, const CgroupLayout& layout)
      : CgroupResourceFactoryBase(CGROUP_MEMORY, "memory", kernel, layout) {}

  using CgroupResourceFactoryBase::CheckCanIsolate;
  using CgroupResourceFactoryBase::Dir;
  using CgroupResourceFactoryBase::FeatureDir;

  bool InSpec(const ContainerSpec& spec) const override {
    return spec.has_memory();
  }
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Get(
      absl::string_view) const override {
    return absl::UnimplementedError("not needed");
  }
  absl::Status ValidateCreate(absl::string_view,
                              const ContainerSpec&) const override {
    return absl::UnimplementedError("not needed");
  }
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Create(
      absl::string_view, const ContainerSpec&) const override {
    return absl::UnimplementedError("not needed");
  }
};

class CgroupResourceFactoryBaseTest : public ::testing::Test {
 protected:
  CgroupResourceFactoryBaseTest() {
    fs_.AddDir("/cg");
    fs_.AddDir("/cg/memory");
    fs_.AddDir("/cg/memory/a");
    fs_.AddDir("/cg/memory/a/b");
  }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_MEMORY, "/cg/memory"},
                                          {CGROUP_FREEZER, "/cg/freezer"}}));
  BareFactory factory_{kernel_, layout_};
};

TEST_F(CgroupResourceFactoryBaseTest, DirectoriesFollowTheContainerName) {
  EXPECT_EQ(factory_.resource_name(), "memory");
  EXPECT_EQ(factory_.Dir("/"), "/cg/memory");
  EXPECT_EQ(factory_.Dir("/a/b"), "/cg/memory/a/b");
  EXPECT_EQ(factory_.FeatureDir("/a/b/c"), "/cg/memory/a/b");
  EXPECT_EQ(factory_.FeatureDir("/web"), "/cg/memory");
}

TEST_F(CgroupResourceFactoryBaseTest, IsolatesWhenItsDirectoryExists) {
  EXPECT_TRUE(factory_.Isolates("/"));
  EXPECT_TRUE(factory_.Isolates("/a"));
  EXPECT_TRUE(factory_.Isolates("/a/b"));
  EXPECT_FALSE(factory_.Isolates("/a/c"));
}

TEST_F(CgroupResourceFactoryBaseTest, TaskCgroupsWalkUpToTheNearestIsolator) {
  EXPECT_THAT(factory_.TaskCgroups("/a/b"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory/a/b")));
  EXPECT_THAT(factory_.TaskCgroups("/a/c/d"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory/a")));
  EXPECT_THAT(factory_.TaskCgroups("/z"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory")));
  EXPECT_THAT(factory_.TaskCgroups("/"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory")));
}

TEST_F(CgroupResourceFactoryBaseTest, ChildOfAnIsolatingParentCanIsolate) {
  EXPECT_TRUE(factory_.CheckCanIsolate("/top").ok());
  EXPECT_TRUE(factory_.CheckCanIsolate("/a/new").ok());
  EXPECT_TRUE(factory_.CheckCanIsolate("/a/b/new").ok());
}

TEST_F(CgroupResourceFactoryBaseTest, ChildOfANonIsolatingParentCannot) {
  absl::Status status = factory_.CheckCanIsolate("/a/c/new");

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("container /a/c/new"));
  EXPECT_THAT(status.message(), HasSubstr("parent /a/c "));
  EXPECT_THAT(status.message(), HasSubstr("memory"));
}

TEST_F(CgroupResourceFactoryBaseTest, UnmountedHierarchyIsolatesNothing) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_FREEZER, "/cg/freezer"}}));
  BareFactory factory(kernel_, layout);

  absl::Status status = factory.CheckCanIsolate("/web");

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("memory"));
  EXPECT_THAT(status.message(), HasSubstr("not mounted"));
  EXPECT_FALSE(factory.Isolates("/"));
  EXPECT_THAT(factory.TaskCgroups("/web"), IsEmpty());
}

TEST_F(CgroupResourceFactoryBaseTest, InitMachineDoesNothing) {
  EXPECT_TRUE(factory_.InitMachine(InitSpec()).ok());
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(CgroupResourceFactoryBaseTest, VirtualRootActsAsTheRootContainer) {
  fs_.AddDir("/cg/memory/jail");
  fs_.AddDir("/cg/memory/jail/web");
  MachineSpec machine = SeparateMounts({{CGROUP_MEMORY, "/cg/memory"}});
  auto* root = machine.mutable_virtual_root()->add_cgroup_virtual_root();
  root->set_hierarchy(CGROUP_MEMORY);
  root->set_root("/jail");
  CgroupLayout layout = LoadLayout(kernel_, machine);
  BareFactory factory(kernel_, layout);

  EXPECT_EQ(factory.Dir("/"), "/cg/memory/jail");
  EXPECT_TRUE(factory.Isolates("/web"));
  EXPECT_FALSE(factory.Isolates("/a"));
  EXPECT_THAT(factory.TaskCgroups("/a/b"),
              ElementsAre(CgroupIs(CGROUP_MEMORY, "/cg/memory/jail")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
