// SPDX-License-Identifier: Apache-2.0
// Builds the shared state of a ContainerApi.

#include "lmctfy/api_context.h"

#include <utility>

#include "lmctfy/resources/cpu_resource_handler.h"
#include "lmctfy/resources/device_resource_handler.h"
#include "lmctfy/resources/memory_resource_handler.h"
#include "lmctfy/resources/monitoring_resource_handler.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {

absl::StatusOr<std::shared_ptr<const ApiContext>> ApiContext::Create(
    std::unique_ptr<KernelApi> owned_kernel, const KernelApi* kernel,
    const MachineSpec& machine, const ContainerOptions& options) {
  if (owned_kernel != nullptr) kernel = owned_kernel.get();
  ASSIGN_OR_RETURN(CgroupLayout layout, CgroupLayout::Load(*kernel, machine));
  return std::shared_ptr<const ApiContext>(new ApiContext(
      std::move(owned_kernel), kernel, std::move(layout), options));
}

ApiContext::ApiContext(std::unique_ptr<KernelApi> owned_kernel,
                       const KernelApi* kernel, CgroupLayout layout,
                       const ContainerOptions& options)
    : owned_kernel_(std::move(owned_kernel)),
      kernel_(kernel),
      layout_(std::move(layout)),
      options_(options),
      watch_factory_(*kernel_, layout_),
      listener_(std::make_shared<NotificationListener>(
          *kernel_, options.notification_poll_interval)) {
  factories_.push_back(
      std::make_unique<CpuResourceHandlerFactory>(*kernel_, layout_));
  factories_.push_back(
      std::make_unique<MemoryResourceHandlerFactory>(*kernel_, layout_));
  factories_.push_back(
      std::make_unique<MonitoringResourceHandlerFactory>(*kernel_, layout_));
  factories_.push_back(
      std::make_unique<DeviceResourceHandlerFactory>(*kernel_, layout_));
}

ApiContext::~ApiContext() { listener_->Stop(); }

}  // namespace lmctfy
}  // namespace containers
