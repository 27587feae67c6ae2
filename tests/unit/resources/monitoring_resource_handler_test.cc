// SPDX-License-Identifier: Apache-2.0
// Tests of MonitoringResourceHandler and its factory: a bare perf_event
// cgroup per container, and perf counters refused.

#include "lmctfy/resources/monitoring_resource_handler.h"

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

ContainerSpec Monitoring() {
  ContainerSpec spec;
  spec.mutable_monitoring();
  return spec;
}

ContainerSpec WithPerfCounters() {
  ContainerSpec spec;
  spec.mutable_monitoring()->set_enable_perf_counters(true);
  return spec;
}

class MonitoringFactoryTest : public ::testing::Test {
 protected:
  MonitoringFactoryTest() { AddVanillaHierarchies(fs_); }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, StandardMachine());
  MonitoringResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(MonitoringFactoryTest, NamesItsResourceAndFindsItInSpecs) {
  EXPECT_EQ(factory_.resource_name(), "monitoring");
  EXPECT_TRUE(factory_.InSpec(Monitoring()));
  EXPECT_FALSE(factory_.InSpec(ContainerSpec()));
}

TEST_F(MonitoringFactoryTest, PerfCountersAreUnimplemented) {
  absl::Status status = factory_.ValidateCreate("/web", WithPerfCounters());

  EXPECT_TRUE(absl::IsUnimplemented(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("enable_perf_counters"));
  EXPECT_THAT(status.message(), HasSubstr("/web"));
}

TEST_F(MonitoringFactoryTest, UnmountedPerfEventIsFailedPrecondition) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_FREEZER, "/cg/freezer"}}));
  MonitoringResourceHandlerFactory factory(kernel_, layout);

  absl::Status status = factory.ValidateCreate("/web", Monitoring());

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("perf_event"));
}

TEST_F(MonitoringFactoryTest, SubcontainerOfAParentWithoutMonitoringIsRefused) {
  absl::Status status = factory_.ValidateCreate("/a/b", Monitoring());

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/a/b"));
  EXPECT_THAT(status.message(), HasSubstr("parent /a "));
}

TEST_F(MonitoringFactoryTest, CreateMakesABareCgroupAtTheFullName) {
  fs_.AddCgroup("/cg/perf_event/a");

  ASSERT_TRUE(factory_.ValidateCreate("/a/x", Monitoring()).ok());
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/a/x", Monitoring());

  ASSERT_TRUE(handler.ok()) << handler.status();
  EXPECT_THAT(fs_.made_dirs(), ElementsAre("/cg/perf_event/a/x"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
  EXPECT_TRUE(factory_.Isolates("/a/x"));
}

TEST_F(MonitoringFactoryTest, CreateReportsAFailedMkdir) {
  fs_.FailMkDir("/cg/perf_event/web",
                absl::PermissionDeniedError("Permission denied"));

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", Monitoring());

  EXPECT_TRUE(absl::IsPermissionDenied(handler.status())) << handler.status();
}

TEST_F(MonitoringFactoryTest, GetOfANonIsolatingContainerIsNotFound) {
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Get("/web");

  EXPECT_TRUE(absl::IsNotFound(handler.status())) << handler.status();
  EXPECT_THAT(handler.status().message(), HasSubstr("/web"));
}

class MonitoringHandlerTest : public MonitoringFactoryTest {
 protected:
  MonitoringHandlerTest() { fs_.AddCgroup("/cg/perf_event/web"); }

  std::unique_ptr<ResourceHandler> Handler() {
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory_.Get("/web");
    EXPECT_TRUE(handler.ok()) << handler.status();
    return handler.ok() ? std::move(*handler) : nullptr;
  }
};

TEST_F(MonitoringHandlerTest, UpdateRefusesPerfCountersAndWritesNothing) {
  std::unique_ptr<ResourceHandler> handler = Handler();

  EXPECT_TRUE(absl::IsUnimplemented(
      handler->ValidateUpdate(WithPerfCounters(), Container::UPDATE_DIFF)));
  EXPECT_TRUE(
      handler->ValidateUpdate(Monitoring(), Container::UPDATE_REPLACE).ok());
  EXPECT_TRUE(handler->Update(Monitoring(), Container::UPDATE_REPLACE).ok());
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(MonitoringHandlerTest, SpecAndStatsReportNothing) {
  ContainerSpec spec;
  ContainerStats stats;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());
  ASSERT_TRUE(Handler()->FillStats(Container::STATS_FULL, &stats).ok());

  EXPECT_EQ(spec.ByteSizeLong(), 0u);
  EXPECT_EQ(stats.ByteSizeLong(), 0u);
}

TEST_F(MonitoringHandlerTest, DelegateAndDestroyTouchThePerfEventCgroup) {
  std::unique_ptr<ResourceHandler> handler = Handler();
  EXPECT_EQ(handler->resource_name(), "monitoring");

  ASSERT_TRUE(handler->Delegate(-1, 50).ok());
  ASSERT_TRUE(handler->Destroy().ok());

  EXPECT_THAT(fs_.chowned(),
              ElementsAre("/cg/perf_event/web", "/cg/perf_event/web/tasks",
                          "/cg/perf_event/web/cgroup.procs"));
  EXPECT_THAT(fs_.removed_dirs(), ElementsAre("/cg/perf_event/web"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
