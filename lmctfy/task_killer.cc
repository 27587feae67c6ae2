// SPDX-License-Identifier: Apache-2.0
// Freeze, signal, thaw, wait: the rounds of KillAll.

#include "lmctfy/task_killer.h"

#include <signal.h>

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "glog/logging.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr absl::Duration kFirstPoll = absl::Microseconds(200);
constexpr absl::Duration kMaxPoll = absl::Milliseconds(20);

using TaskLister = absl::StatusOr<std::vector<pid_t>> (FreezerController::*)()
    const;

// SIGKILLs each task; one that is already gone is fine.
absl::Status SignalAll(const std::vector<pid_t>& tasks,
                       const KernelApi& kernel) {
  for (pid_t task : tasks) {
    absl::Status status = kernel.Kill(task, SIGKILL);
    if (!status.ok() && !absl::IsNotFound(status)) return status;
  }
  return absl::OkStatus();
}

// Waits up to `delay` for the cgroup to empty, polling often at first so a
// quick death costs little.
absl::StatusOr<std::vector<pid_t>> WaitForEmpty(
    const FreezerController& freezer, TaskLister list,
    const KernelApi& kernel, absl::Duration delay) {
  absl::Duration waited;
  absl::Duration step = kFirstPoll;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<pid_t> tasks, (freezer.*list)());
    if (tasks.empty() || waited >= delay) return tasks;
    absl::Duration sleep = std::min(step, delay - waited);
    kernel.SleepFor(sleep);
    waited += sleep;
    step = std::min(step * 2, kMaxPoll);
  }
}

absl::Status KillRounds(absl::string_view container,
                        const FreezerController& freezer, TaskLister list,
                        absl::string_view kind, const KernelApi& kernel,
                        const ContainerOptions& options) {
  ASSIGN_OR_RETURN(std::vector<pid_t> tasks, (freezer.*list)());
  for (int round = 0; round < options.kill_rounds && !tasks.empty(); ++round) {
    VLOG(1) << "container " << container << ": killing " << tasks.size()
            << " " << kind << " (round " << round + 1 << ")";
    RETURN_IF_ERROR(SignalAll(tasks, kernel));
    ASSIGN_OR_RETURN(tasks, WaitForEmpty(freezer, list, kernel,
                                         options.delay_between_kills));
  }
  if (!tasks.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", container, ": ", tasks.size(), " ", kind,
                     " survived ", options.kill_rounds, " rounds of SIGKILL"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status KillAllTasks(absl::string_view container,
                          const FreezerController& freezer,
                          const KernelApi& kernel,
                          const ContainerOptions& options) {
  ASSIGN_OR_RETURN(std::vector<pid_t> tasks, freezer.GetThreads());
  if (tasks.empty()) return absl::OkStatus();

  if (freezer.HasState()) {
    // Frozen tasks cannot fork; SIGKILL stays pending until the thaw.
    const absl::Status frozen = freezer.FreezeAndWait(options.freezer_timeout);
    if (frozen.ok()) {
      ASSIGN_OR_RETURN(tasks, freezer.GetThreads());
      absl::Status signalled = SignalAll(tasks, kernel);
      RETURN_IF_ERROR(freezer.ThawAndWait(options.freezer_timeout));
      RETURN_IF_ERROR(signalled);
    } else if (absl::IsDeadlineExceeded(frozen)) {
      // A task stuck in the kernel can hold the cgroup in FREEZING; undo the
      // freeze and fall back to the plain kill rounds below.
      LOG(WARNING) << "container " << container
                   << " did not freeze, killing it unfrozen: " << frozen;
      RETURN_IF_ERROR(freezer.ThawAndWait(options.freezer_timeout));
    } else {
      return frozen;
    }
  }
  RETURN_IF_ERROR(KillRounds(container, freezer,
                             &FreezerController::GetProcesses, "processes",
                             kernel, options));
  return KillRounds(container, freezer, &FreezerController::GetThreads,
                    "threads", kernel, options);
}

}  // namespace lmctfy
}  // namespace containers

