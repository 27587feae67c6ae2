// SPDX-License-Identifier: Apache-2.0
// The memory resource: MemorySpec <-> the memory cgroup (INTERFACE.md 4.7.2).

#ifndef LMCTFY_LMCTFY_RESOURCES_MEMORY_RESOURCE_HANDLER_H_
#define LMCTFY_LMCTFY_RESOURCES_MEMORY_RESOURCE_HANDLER_H_

#include <memory>
#include <string>

#include "lmctfy/cgroup_layout.h"
#include "lmctfy/controllers/memory_controller.h"
#include "lmctfy/resources/cgroup_resource_base.h"
#include "lmctfy/resources/memory_settings.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// One container's memory cgroup. Not thread-safe.
class MemoryResourceHandler : public ResourceHandler {
 public:
  MemoryResourceHandler(std::string container, MemoryController controller,
                        const KernelFeatureCache& features);

  absl::string_view resource_name() const override { return "memory"; }
  absl::Status ValidateUpdate(const ContainerSpec& spec,
                              Container::UpdatePolicy policy) const override;
  absl::Status Update(const ContainerSpec& spec,
                      Container::UpdatePolicy policy) override;
  absl::Status FillSpec(ContainerSpec* spec) const override;
  absl::Status FillStats(Container::StatsType type,
                         ContainerStats* stats) const override;
  absl::Status Delegate(int64_t uid, int64_t gid) const override;
  absl::Status Destroy() override;

  // Applies `spec` with replace semantics to a cgroup made just now.
  absl::Status ApplyToNewCgroup(const ContainerSpec& spec);

 private:
  absl::StatusOr<MemoryPlan> Plan(const ContainerSpec& spec,
                                  Container::UpdatePolicy policy,
                                  bool creating) const;
  absl::Status Apply(const ContainerSpec& spec, Container::UpdatePolicy policy,
                     bool creating);

  const std::string container_;
  const MemoryController controller_;
  const KernelFeatureCache& features_;
};

// Creates and finds memory handlers. Thread-safe.
class MemoryResourceHandlerFactory : public CgroupResourceFactoryBase {
 public:
  MemoryResourceHandlerFactory(const KernelApi& kernel,
                               const CgroupLayout& layout);

  bool InSpec(const ContainerSpec& spec) const override {
    return spec.has_memory();
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

#endif  // LMCTFY_LMCTFY_RESOURCES_MEMORY_RESOURCE_HANDLER_H_
