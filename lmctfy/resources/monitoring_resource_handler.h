// SPDX-License-Identifier: Apache-2.0
// The monitoring resource: a perf_event cgroup per container, no settings.

#ifndef LMCTFY_LMCTFY_RESOURCES_MONITORING_RESOURCE_HANDLER_H_
#define LMCTFY_LMCTFY_RESOURCES_MONITORING_RESOURCE_HANDLER_H_

#include <memory>
#include <string>

#include "lmctfy/cgroup_layout.h"
#include "lmctfy/controllers/cgroup_controller.h"
#include "lmctfy/resources/cgroup_resource_base.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// One container's perf_event cgroup. Not thread-safe.
class MonitoringResourceHandler : public ResourceHandler {
 public:
  explicit MonitoringResourceHandler(CgroupController controller);

  absl::string_view resource_name() const override { return "monitoring"; }
  absl::Status ValidateUpdate(const ContainerSpec& spec,
                              Container::UpdatePolicy policy) const override;
  absl::Status Update(const ContainerSpec& spec,
                      Container::UpdatePolicy policy) override;
  absl::Status FillSpec(ContainerSpec* spec) const override;
  absl::Status FillStats(Container::StatsType type,
                         ContainerStats* stats) const override;
  absl::Status Delegate(int64_t uid, int64_t gid) const override;
  absl::Status Destroy() override;

 private:
  const CgroupController controller_;
};

// Creates and finds monitoring handlers. Thread-safe.
class MonitoringResourceHandlerFactory : public CgroupResourceFactoryBase {
 public:
  MonitoringResourceHandlerFactory(const KernelApi& kernel,
                                   const CgroupLayout& layout);

  bool InSpec(const ContainerSpec& spec) const override {
    return spec.has_monitoring();
  }
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Get(
      absl::string_view name) const override;
  absl::Status ValidateCreate(absl::string_view name,
                              const ContainerSpec& spec) const override;
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Create(
      absl::string_view name, const ContainerSpec& spec) const override;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_MONITORING_RESOURCE_HANDLER_H_
