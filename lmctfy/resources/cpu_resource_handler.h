// SPDX-License-Identifier: Apache-2.0
// The cpu resource: CpuSpec <-> the cpu, cpuacct and cpuset cgroups
// (INTERFACE.md 4.3, 4.7.1).

#ifndef LMCTFY_LMCTFY_RESOURCES_CPU_RESOURCE_HANDLER_H_
#define LMCTFY_LMCTFY_RESOURCES_CPU_RESOURCE_HANDLER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lmctfy/cgroup_layout.h"
#include "lmctfy/controllers/cpu_controller.h"
#include "lmctfy/controllers/cpuacct_controller.h"
#include "lmctfy/controllers/cpuset_controller.h"
#include "lmctfy/resources/cgroup_resource_base.h"
#include "lmctfy/resources/cpu_settings.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// The cgroups of one container's cpu resource. Not thread-safe.
class CpuResourceHandler : public ResourceHandler {
 public:
  // `cpuset` is absent when the cpuset hierarchy is not mounted.
  // `cpu_path` is the container's path in the cpu hierarchy ("/batch/x").
  CpuResourceHandler(std::string container, std::string cpu_path,
                     CpuController cpu, CpuacctController cpuacct,
                     std::optional<CpusetController> cpuset,
                     const KernelApi& kernel, const CgroupLayout& layout,
                     const KernelFeatureCache& features);

  absl::string_view resource_name() const override { return "cpu"; }
  absl::Status ValidateUpdate(const ContainerSpec& spec,
                              Container::UpdatePolicy policy) const override;
  absl::Status Update(const ContainerSpec& spec,
                      Container::UpdatePolicy policy) override;
  absl::Status FillSpec(ContainerSpec* spec) const override;
  absl::Status FillStats(Container::StatsType type,
                         ContainerStats* stats) const override;
  absl::Status Delegate(int64_t uid, int64_t gid) const override;
  absl::Status Destroy() override;

  // Applies `spec` with replace semantics to cgroups made just now.
  absl::Status ApplyToNewCgroups(const ContainerSpec& spec);

  // The distinct cgroup directories of this container (a co-mounted
  // directory counted once), in creation order.
  std::vector<const CgroupController*> OwnedControllers() const;

 private:
  CpuFacts Facts(bool creating) const;

  const std::string container_;
  const std::string cpu_path_;
  const CpuController cpu_;
  const CpuacctController cpuacct_;
  const std::optional<CpusetController> cpuset_;
  const KernelApi& kernel_;
  const CgroupLayout& layout_;
  const KernelFeatureCache& features_;
};

// Creates and finds cpu handlers. Thread-safe.
class CpuResourceHandlerFactory : public ResourceHandlerFactory {
 public:
  CpuResourceHandlerFactory(const KernelApi& kernel,
                            const CgroupLayout& layout);

  absl::string_view resource_name() const override { return "cpu"; }
  bool InSpec(const ContainerSpec& spec) const override {
    return spec.has_cpu();
  }
  bool Isolates(absl::string_view name) const override;
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Get(
      absl::string_view name) const override;
  absl::Status ValidateCreate(absl::string_view name,
                              const ContainerSpec& spec) const override;
  absl::StatusOr<std::unique_ptr<ResourceHandler>> Create(
      absl::string_view name, const ContainerSpec& spec) const override;
  std::vector<TaskCgroup> TaskCgroups(absl::string_view name) const override;
  absl::Status InitMachine(const InitSpec& spec) const override;

 private:
  // The container's path in the cpu hierarchy, if it isolates cpu.
  std::optional<std::string> CpuPath(absl::string_view name) const;
  // Where a new container's cpu cgroup goes.
  absl::StatusOr<std::string> NewCpuPath(absl::string_view name,
                                         const CpuSpec& spec) const;
  std::unique_ptr<CpuResourceHandler> MakeHandler(
      absl::string_view name, const std::string& cpu_path) const;
  bool Mounted() const;

  const KernelApi& kernel_;
  const CgroupLayout& layout_;
  KernelFeatureCache features_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_CPU_RESOURCE_HANDLER_H_
