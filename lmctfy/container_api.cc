// SPDX-License-Identifier: Apache-2.0
// The static entry points of ContainerApi: machine init and construction.

#include <memory>
#include <utility>

#include "absl/status/status.h"

#include "include/lmctfy.h"
#include "lmctfy/api_context.h"
#include "lmctfy/container_api_impl.h"
#include "lmctfy/flags.h"
#include "lmctfy/machine_init.h"
#include "system_api/libc_kernel_api.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

ContainerOptions OptionsFromFlags() {
  ContainerOptions options;
  options.kill_rounds = FLAGS_lmctfy_num_tries_for_unkillable;
  options.delay_between_kills =
      absl::Milliseconds(FLAGS_lmctfy_ms_delay_between_kills);
  options.use_namespaces = FLAGS_lmctfy_use_namespaces;
  return options;
}

}  // namespace

absl::Status ContainerApi::InitMachine(const InitSpec& spec) {
  return InitMachine(spec, MachineSpec());
}

absl::Status ContainerApi::InitMachine(const InitSpec& spec,
                                       const MachineSpec& machine) {
  LibcKernelApi kernel;
  RETURN_IF_ERROR(MountHierarchies(kernel, spec));
  RETURN_IF_ERROR(CreateVirtualRoots(kernel, machine));
  ASSIGN_OR_RETURN(
      std::shared_ptr<const ApiContext> context,
      ApiContext::Create(nullptr, &kernel, machine, OptionsFromFlags()));
  return SetUpResources(*context, spec);
}

absl::StatusOr<std::unique_ptr<ContainerApi>> ContainerApi::New() {
  return New(MachineSpec());
}

absl::StatusOr<std::unique_ptr<ContainerApi>> ContainerApi::New(
    const MachineSpec& machine) {
  ASSIGN_OR_RETURN(std::shared_ptr<const ApiContext> context,
                   ApiContext::Create(std::make_unique<LibcKernelApi>(),
                                      nullptr, machine, OptionsFromFlags()));
  if (!context->layout().IsMounted(CGROUP_FREEZER)) {
    return absl::NotFoundError(
        "the freezer cgroup hierarchy, which holds every container's tasks, "
        "is not mounted (run `lmctfy init`)");
  }
  return std::make_unique<ContainerApiImpl>(std::move(context));
}

}  // namespace lmctfy
}  // namespace containers
