// SPDX-License-Identifier: Apache-2.0
// `lmctfy init`: mounting hierarchies and machine-wide resource setup
// (INTERFACE.md 4.16).

#ifndef LMCTFY_LMCTFY_MACHINE_INIT_H_
#define LMCTFY_LMCTFY_MACHINE_INIT_H_

#include "absl/status/status.h"
#include "include/config.pb.h"
#include "lmctfy/api_context.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Checks every cgroup_mount of `spec` against the visible mounts, then
// mounts those not yet mounted. Nothing is mounted when any entry is bad.
absl::Status MountHierarchies(const KernelApi& kernel, const InitSpec& spec);

// Creates the virtual roots of `machine` that are missing (cpuset ones get
// their parent's CPUs and memory nodes).
absl::Status CreateVirtualRoots(const KernelApi& kernel,
                                const MachineSpec& machine);

// Resource setup on mounted hierarchies, e.g. /batch for cpu. Idempotent.
absl::Status SetUpResources(const ApiContext& context, const InitSpec& spec);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_MACHINE_INIT_H_
