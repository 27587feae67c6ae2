// SPDX-License-Identifier: Apache-2.0
// Turns an EventSpec into a NotificationWatch: validates it and registers
// the kernel side (memory cgroup eventfds) of the event.

#ifndef LMCTFY_LMCTFY_NOTIFICATION_WATCH_FACTORY_H_
#define LMCTFY_LMCTFY_NOTIFICATION_WATCH_FACTORY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "include/lmctfy.h"
#include "lmctfy/cgroup_layout.h"
#include "lmctfy/notification_listener.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Stateless apart from its references; thread-safe.
class NotificationWatchFactory {
 public:
  NotificationWatchFactory(const KernelApi& kernel, const CgroupLayout& layout);

  // A watch for `spec` on container `name` (which must exist), calling
  // `callback` with `container`. For `oom` and `memory_threshold` this opens
  // an eventfd and registers it in `cgroup.event_control` of the container's
  // memory cgroup, or of its nearest ancestor's that isolates memory.
  // INVALID_ARGUMENT when the spec sets no event, more than one, or a
  // threshold without a non-negative usage; FAILED_PRECONDITION when the
  // memory hierarchy is not mounted or has no cgroup.event_control; kernel
  // errors otherwise. Nothing stays open on failure.
  absl::StatusOr<NotificationWatch> Make(
      const std::string& name, const EventSpec& spec, Container* container,
      Container::EventCallback callback) const;

 private:
  // The memory cgroup directory whose events concern container `name`.
  absl::StatusOr<std::string> MemoryDir(const std::string& name) const;
  // Opens an eventfd and registers it for `control_file` in `dir` with
  // `arguments` appended ("" or " <bytes>"). Returns the eventfd.
  absl::StatusOr<int> RegisterEventFd(const std::string& name,
                                      const std::string& dir,
                                      const std::string& control_file,
                                      const std::string& arguments) const;

  const KernelApi& kernel_;
  const CgroupLayout& layout_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_NOTIFICATION_WATCH_FACTORY_H_
