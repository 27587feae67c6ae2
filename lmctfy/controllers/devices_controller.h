// SPDX-License-Identifier: Apache-2.0
// The device access rules of one cgroup in the devices hierarchy.

#ifndef LMCTFY_CONTROLLERS_DEVICES_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_DEVICES_CONTROLLER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Writes and lists one cgroup's device rules. Rules use the kernel's syntax,
// "<type> <major>:<minor> <access>" (e.g. "c 1:3 rwm", "a *:* rwm"). Does not
// own `kernel`. Thread-safe: it holds no mutable state.
class DevicesController : public CgroupController {
 public:
  DevicesController(std::string path, const KernelApi& kernel);

  // Adds `rule` to the allowed devices (devices.allow).
  virtual absl::Status Allow(absl::string_view rule) const;
  // Removes `rule` from the allowed devices (devices.deny).
  virtual absl::Status Deny(absl::string_view rule) const;
  // The allowed rules of devices.list, trimmed, blank lines skipped; empty
  // when every device is denied.
  virtual absl::StatusOr<std::vector<std::string>> GetList() const;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_DEVICES_CONTROLLER_H_
