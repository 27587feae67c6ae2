// SPDX-License-Identifier: Apache-2.0
// perf_event cgroup creation and removal; perf counters are not offered.

#include "lmctfy/resources/monitoring_resource_handler.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status RefuseCounters(absl::string_view container,
                            const ContainerSpec& spec) {
  if (spec.monitoring().has_enable_perf_counters()) {
    return absl::UnimplementedError(
        absl::StrCat("container ", container,
                     ": monitoring.enable_perf_counters is not supported"));
  }
  return absl::OkStatus();
}

}  // namespace

MonitoringResourceHandler::MonitoringResourceHandler(
    CgroupController controller)
    : controller_(std::move(controller)) {}

absl::Status MonitoringResourceHandler::ValidateUpdate(
    const ContainerSpec& spec, Container::UpdatePolicy) const {
  return RefuseCounters(controller_.path(), spec);
}

absl::Status MonitoringResourceHandler::Update(const ContainerSpec&,
                                               Container::UpdatePolicy) {
  return absl::OkStatus();
}

absl::Status MonitoringResourceHandler::FillSpec(ContainerSpec*) const {
  return absl::OkStatus();
}

absl::Status MonitoringResourceHandler::FillStats(Container::StatsType,
                                                  ContainerStats*) const {
  return absl::OkStatus();
}

absl::Status MonitoringResourceHandler::Delegate(int64_t uid,
                                                 int64_t gid) const {
  return controller_.Delegate(uid, gid, {});
}

absl::Status MonitoringResourceHandler::Destroy() {
  return controller_.Destroy();
}

MonitoringResourceHandlerFactory::MonitoringResourceHandlerFactory(
    const KernelApi& kernel, const CgroupLayout& layout)
    : CgroupResourceFactoryBase(CGROUP_PERF_EVENT, "monitoring", kernel,
                                layout) {}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
MonitoringResourceHandlerFactory::Get(absl::string_view name) const {
  if (!Isolates(name)) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not isolate monitoring"));
  }
  return std::make_unique<MonitoringResourceHandler>(
      CgroupController(CGROUP_PERF_EVENT, Dir(name), kernel()));
}

absl::Status MonitoringResourceHandlerFactory::ValidateCreate(
    absl::string_view name, const ContainerSpec& spec) const {
  RETURN_IF_ERROR(RefuseCounters(name, spec));
  return CheckCanIsolate(name);
}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
MonitoringResourceHandlerFactory::Create(absl::string_view name,
                                         const ContainerSpec&) const {
  CgroupController controller(CGROUP_PERF_EVENT, Dir(name), kernel());
  RETURN_IF_ERROR(controller.CreateDirectory());
  return std::make_unique<MonitoringResourceHandler>(std::move(controller));
}

}  // namespace lmctfy
}  // namespace containers
