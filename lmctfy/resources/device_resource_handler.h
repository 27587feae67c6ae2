// SPDX-License-Identifier: Apache-2.0
// The device resource: DeviceSpec rules <-> the devices cgroup
// (INTERFACE.md 4.7.3, 4.8).

#ifndef LMCTFY_LMCTFY_RESOURCES_DEVICE_RESOURCE_HANDLER_H_
#define LMCTFY_LMCTFY_RESOURCES_DEVICE_RESOURCE_HANDLER_H_

#include <memory>
#include <string>
#include <vector>

#include "lmctfy/cgroup_layout.h"
#include "lmctfy/controllers/devices_controller.h"
#include "lmctfy/resources/cgroup_resource_base.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// One rule as the kernel takes it: "c 1:3 rwm" for devices.allow or deny.
struct DeviceRule {
  bool allow;
  std::string text;
};

// Checks every rule of `spec` and turns them into kernel rules, in order.
absl::StatusOr<std::vector<DeviceRule>> DeviceRulesFromSpec(
    absl::string_view container, const DeviceSpec& spec);

// Turns devices.list lines into the DeviceSpec that Spec() reports.
absl::StatusOr<DeviceSpec> DeviceSpecFromList(
    const std::vector<std::string>& lines);

// One container's devices cgroup. Not thread-safe.
class DeviceResourceHandler : public ResourceHandler {
 public:
  DeviceResourceHandler(std::string container, DevicesController controller);

  absl::string_view resource_name() const override { return "device"; }
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
  // Puts the device list back to `lines` (devices.list format).
  void RestoreList(const std::vector<std::string>& lines) const;

  const std::string container_;
  const DevicesController controller_;
};

// Creates and finds device handlers. Thread-safe.
class DeviceResourceHandlerFactory : public CgroupResourceFactoryBase {
 public:
  DeviceResourceHandlerFactory(const KernelApi& kernel,
                               const CgroupLayout& layout);

  bool InSpec(const ContainerSpec& spec) const override {
    return spec.has_device();
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

#endif  // LMCTFY_LMCTFY_RESOURCES_DEVICE_RESOURCE_HANDLER_H_
