// SPDX-License-Identifier: Apache-2.0
// The freeze state of one cgroup in the freezer hierarchy, which is also the
// hierarchy that holds every container's tasks.

#ifndef LMCTFY_CONTROLLERS_FREEZER_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_FREEZER_CONTROLLER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// The values of freezer.state.
enum class FreezerState { kThawed, kFreezing, kFrozen };

// The kernel's spelling of `state` ("THAWED", "FREEZING", "FROZEN").
absl::string_view FreezerStateName(FreezerState state);

// Freezes, thaws and reads one cgroup's freezer.state. Does not own
// `kernel`. Thread-safe: it holds no mutable state.
class FreezerController : public CgroupController {
 public:
  FreezerController(std::string path, const KernelApi& kernel);

  // True if freezer.state exists; it is absent at a hierarchy root.
  virtual bool HasState() const;
  // True if the kernel freezes descendants along with a cgroup
  // (freezer.parent_freezing exists, Linux 3.10 and later).
  virtual bool SupportsHierarchicalFreeze() const;

  // Asks the kernel to freeze (writes "FROZEN"); returns without waiting.
  virtual absl::Status Freeze() const;
  // Asks the kernel to thaw (writes "THAWED").
  virtual absl::Status Thaw() const;
  // The current state. INTERNAL, naming the file and the text, when the
  // kernel reports something else.
  virtual absl::StatusOr<FreezerState> GetState() const;

  // Freeze() or Thaw(), then polls GetState() until it reads the target,
  // sleeping 1 ms at first and doubling up to 50 ms between reads.
  // DEADLINE_EXCEEDED, naming the file and the last state read, once the
  // sleeps add up to `timeout`; other errors as the kernel returns them.
  virtual absl::Status FreezeAndWait(absl::Duration timeout) const;
  virtual absl::Status ThawAndWait(absl::Duration timeout) const;

 private:
  absl::Status WriteState(FreezerState state) const;
  absl::Status WaitForState(FreezerState target, absl::Duration timeout) const;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_FREEZER_CONTROLLER_H_
