// SPDX-License-Identifier: Apache-2.0
// What every Container of one ContainerApi shares: the kernel door, the
// hierarchy layout and the resource factories.

#ifndef LMCTFY_LMCTFY_API_CONTEXT_H_
#define LMCTFY_LMCTFY_API_CONTEXT_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "include/config.pb.h"
#include "lmctfy/cgroup_layout.h"
#include "lmctfy/notification_listener.h"
#include "lmctfy/notification_watch_factory.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Tunables of KillAll and the freezer waits.
struct ContainerOptions {
  int kill_rounds = 3;
  absl::Duration delay_between_kills = absl::Milliseconds(250);
  absl::Duration freezer_timeout = absl::Seconds(10);
  // How often the notification thread checks polled events (container
  // empty) and whether watched containers still exist.
  absl::Duration notification_poll_interval = absl::Milliseconds(100);
  // Whether virtual hosts may be created (--lmctfy_use_namespaces).
  bool use_namespaces = true;
};

// Immutable after construction and shared (by shared_ptr) between the API
// and every Container it hands out, so containers outlive the API object.
// Thread-safe. The notification listener is the one mutable part; it is
// thread-safe itself and stopped when the context goes away.
class ApiContext {
 public:
  // Loads the layout for `machine` and builds the factories. `owned_kernel`
  // may be null when `kernel` outlives the context (tests).
  static absl::StatusOr<std::shared_ptr<const ApiContext>> Create(
      std::unique_ptr<KernelApi> owned_kernel, const KernelApi* kernel,
      const MachineSpec& machine, const ContainerOptions& options);

  const KernelApi& kernel() const { return *kernel_; }
  const CgroupLayout& layout() const { return layout_; }
  const ContainerOptions& options() const { return options_; }
  NotificationListener& listener() const { return *listener_; }
  const NotificationWatchFactory& watch_factory() const {
    return watch_factory_;
  }
  // In the order cpu, memory, monitoring, device: the order in which
  // resources are created and tasks enter them (destroy runs backwards).
  const std::vector<std::unique_ptr<ResourceHandlerFactory>>& factories()
      const {
    return factories_;
  }

  ~ApiContext();
  ApiContext(const ApiContext&) = delete;
  ApiContext& operator=(const ApiContext&) = delete;

 private:
  ApiContext(std::unique_ptr<KernelApi> owned_kernel, const KernelApi* kernel,
             CgroupLayout layout, const ContainerOptions& options);

  const std::unique_ptr<KernelApi> owned_kernel_;
  const KernelApi* const kernel_;
  const CgroupLayout layout_;
  const ContainerOptions options_;
  std::vector<std::unique_ptr<ResourceHandlerFactory>> factories_;
  const NotificationWatchFactory watch_factory_;
  // Shared with its own thread, which may outlive the context briefly when
  // the last reference goes away inside a callback.
  const std::shared_ptr<NotificationListener> listener_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_API_CONTEXT_H_
