// SPDX-License-Identifier: Apache-2.0
// Kills every task of one container's freezer cgroup (INTERFACE.md 4.12).

#ifndef LMCTFY_LMCTFY_TASK_KILLER_H_
#define LMCTFY_LMCTFY_TASK_KILLER_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "lmctfy/api_context.h"
#include "lmctfy/controllers/freezer_controller.h"

namespace containers {
namespace lmctfy {

// SIGKILLs the processes, then the remaining threads, of `freezer` until none
// is left, in up to `options.kill_rounds` rounds. A container with tasks is
// frozen first, so a process forking during the kill cannot escape, and then
// thawed so the signals land. FAILED_PRECONDITION with the count of tasks
// left when they survive every round.
absl::Status KillAllTasks(absl::string_view container,
                          const FreezerController& freezer,
                          const KernelApi& kernel,
                          const ContainerOptions& options);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_TASK_KILLER_H_
