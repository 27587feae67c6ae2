// SPDX-License-Identifier: Apache-2.0
// Public C++ API of lmctfy: a ContainerApi factory that hands out Container
// objects backed by cgroup v1 hierarchies.

#ifndef LMCTFY_INCLUDE_LMCTFY_H_
#define LMCTFY_INCLUDE_LMCTFY_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/config.pb.h"
#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

class Container;

// How ContainerApi::Destroy treats a container that is still in use.
enum DestroyPolicy {
  // Kill every process and remove every subcontainer.
  DESTROY_FORCE,
  // Refuse (FAILED_PRECONDITION) when the container has subcontainers,
  // processes or threads.
  DESTROY_IF_EMPTY,
};

// Creates, finds and destroys containers. Thread-safe; every instance sees
// the same machine.
class ContainerApi {
 public:
  virtual ~ContainerApi() = default;

  // Mounts the hierarchies the spec lists (or detects the mounted ones when
  // it lists none) and prepares them. Idempotent. INVALID_ARGUMENT for a bad
  // co-mount or a hierarchy mounted elsewhere.
  static absl::Status InitMachine(const InitSpec& spec);
  // Same, confined to the virtual roots of `machine`, which are created when
  // missing.
  static absl::Status InitMachine(const InitSpec& spec,
                                  const MachineSpec& machine);

  // An API on the mounted hierarchies. NOT_FOUND when no freezer hierarchy is
  // mounted.
  static absl::StatusOr<std::unique_ptr<ContainerApi>> New();
  // An API using the machine spec's mounts (when it has any) and virtual
  // roots. NOT_FOUND when a virtual root does not exist.
  static absl::StatusOr<std::unique_ptr<ContainerApi>> New(
      const MachineSpec& machine);

  // The existing container `name` (resolved against the caller's container).
  // NOT_FOUND if it does not exist, INVALID_ARGUMENT for a bad name.
  virtual absl::StatusOr<std::unique_ptr<Container>> Get(
      absl::string_view name) const = 0;

  // Creates `name` with `spec`. ALREADY_EXISTS if it exists. A failure leaves
  // nothing behind.
  virtual absl::StatusOr<std::unique_ptr<Container>> Create(
      absl::string_view name, const ContainerSpec& spec) const = 0;

  // Destroys the container and all its subcontainers, killing their
  // processes. The caller keeps ownership of `container`; later calls on it
  // return NOT_FOUND.
  virtual absl::Status Destroy(Container* container) const = 0;
  virtual absl::Status Destroy(Container* container,
                               DestroyPolicy policy) const = 0;

  // Whether the container `name` exists.
  virtual absl::StatusOr<bool> Exists(absl::string_view name) const = 0;

  // Removes what a Create or Destroy of `name` that was killed part-way left
  // behind. Such a container is not whole, so Get and Exists do not report
  // it, and a later Create of the name removes the same remnants itself. OK
  // when something was removed, NOT_FOUND when nothing was left,
  // FAILED_PRECONDITION when the container is whole (use Destroy).
  virtual absl::Status RemoveRemnants(absl::string_view name) const = 0;

  // The container of thread `tid` (0: the calling thread). NOT_FOUND when the
  // thread does not exist or is outside the confinement root.
  virtual absl::StatusOr<std::string> Detect(pid_t tid = 0) const = 0;
};

// One container. Thread-compatible. The object does not own the container:
// deleting it never destroys the container. Every call fails NOT_FOUND once
// the container is gone.
class Container {
 public:
  enum UpdatePolicy { UPDATE_DIFF, UPDATE_REPLACE };
  enum ListPolicy { LIST_SELF, LIST_RECURSIVE };
  enum StatsType { STATS_SUMMARY, STATS_FULL };
  using NotificationId = uint64_t;
  using EventCallback = std::function<void(Container*, absl::Status)>;

  virtual ~Container() = default;

  // Changes the container's resources. UPDATE_DIFF writes only the fields
  // set; UPDATE_REPLACE resets unset fields to their defaults. Everything is
  // validated before the first write; a failed write restores what changed.
  virtual absl::Status Update(const ContainerSpec& spec,
                              UpdatePolicy policy) = 0;

  // Moves threads into the container (0: the calling thread).
  virtual absl::Status Enter(const std::vector<pid_t>& tids) = 0;
  absl::Status Enter(pid_t tid) { return Enter(std::vector<pid_t>{tid}); }

  // Starts `argv` as a child of the caller, inside the container before it
  // execs. Returns its pid; the caller reaps it.
  virtual absl::StatusOr<pid_t> Run(const std::vector<std::string>& argv,
                                    const RunSpec& spec) = 0;

  // Moves the calling thread into the container and replaces the process
  // with `argv` (PATH lookup). Returns only on failure.
  virtual absl::Status Exec(const std::vector<std::string>& argv) = 0;

  // What the kernel currently enforces for the resources this container
  // isolates.
  virtual absl::StatusOr<ContainerSpec> Spec() const = 0;

  // Subcontainers, sorted by name; recursive lists every descendant.
  virtual absl::StatusOr<std::vector<std::unique_ptr<Container>>>
  ListSubcontainers(ListPolicy policy) const = 0;
  // Thread ids (from `tasks`) and process ids (from `cgroup.procs`).
  virtual absl::StatusOr<std::vector<pid_t>> ListThreads(
      ListPolicy policy) const = 0;
  virtual absl::StatusOr<std::vector<pid_t>> ListProcesses(
      ListPolicy policy) const = 0;

  // Freezes / thaws the container and its subcontainers.
  virtual absl::Status Pause() = 0;
  virtual absl::Status Resume() = 0;

  // Resource usage read from the kernel.
  virtual absl::StatusOr<ContainerStats> Stats(StatsType type) const = 0;

  // Calls `callback` on the API's notification thread with OK each time the
  // event happens (container_empty: once). Once the container is destroyed
  // it calls back NOT_FOUND, and CANCELLED when the event cannot be read;
  // either ends the registration. INVALID_ARGUMENT when `spec` sets no event,
  // more than one, or a memory_threshold without usage; FAILED_PRECONDITION
  // when the memory hierarchy (or its cgroup.event_control) is missing for a
  // memory event. Deleting this object unregisters its notifications.
  virtual absl::StatusOr<NotificationId> RegisterNotification(
      const EventSpec& spec, EventCallback callback) = 0;
  // Stops a notification; once it returns the callback is not started again
  // and no call of it is still running (unless called from that callback).
  // INVALID_ARGUMENT when `id` is not registered on this object.
  virtual absl::Status UnregisterNotification(NotificationId id) = 0;

  // Kills every process and thread of this container (not of its
  // subcontainers).
  virtual absl::Status KillAll() = 0;

  // Host pid of the enclosing virtual host's init, 1 when there is none.
  virtual absl::StatusOr<pid_t> GetInitPid() const = 0;

  // Absolute, resolved name.
  virtual const std::string& name() const = 0;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_INCLUDE_LMCTFY_H_
