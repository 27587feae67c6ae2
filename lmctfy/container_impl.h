// SPDX-License-Identifier: Apache-2.0
// A Container backed by a freezer cgroup (its existence and tasks) and the
// cgroups of the resources it isolates.

#ifndef LMCTFY_LMCTFY_CONTAINER_IMPL_H_
#define LMCTFY_LMCTFY_CONTAINER_IMPL_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

#include "include/lmctfy.h"
#include "lmctfy/api_context.h"
#include "lmctfy/container_lock.h"
#include "lmctfy/controllers/freezer_controller.h"
#include "lmctfy/resources/resource_handler.h"

namespace containers {
namespace lmctfy {

// Thread-compatible; holds its name, the shared context and the ids of the
// notifications it registered, which it unregisters when deleted.
class ContainerImpl : public Container {
 public:
  ContainerImpl(std::string name, std::shared_ptr<const ApiContext> context);
  ~ContainerImpl() override;

  ContainerImpl(const ContainerImpl&) = delete;
  ContainerImpl& operator=(const ContainerImpl&) = delete;

  absl::Status Update(const ContainerSpec& spec, UpdatePolicy policy) override;
  absl::Status Enter(const std::vector<pid_t>& tids) override;
  absl::StatusOr<pid_t> Run(const std::vector<std::string>& argv,
                            const RunSpec& spec) override;
  absl::Status Exec(const std::vector<std::string>& argv) override;
  absl::StatusOr<ContainerSpec> Spec() const override;
  absl::StatusOr<std::vector<std::unique_ptr<Container>>> ListSubcontainers(
      ListPolicy policy) const override;
  absl::StatusOr<std::vector<pid_t>> ListThreads(
      ListPolicy policy) const override;
  absl::StatusOr<std::vector<pid_t>> ListProcesses(
      ListPolicy policy) const override;
  absl::Status Pause() override;
  absl::Status Resume() override;
  absl::StatusOr<ContainerStats> Stats(StatsType type) const override;
  absl::StatusOr<NotificationId> RegisterNotification(
      const EventSpec& spec, EventCallback callback) override;
  absl::Status UnregisterNotification(NotificationId id) override;
  absl::Status KillAll() override;
  absl::StatusOr<pid_t> GetInitPid() const override;
  const std::string& name() const override { return name_; }

  // Kills this container's tasks (a virtual host's init among them), removes
  // its veth pair, hides its freezer cgroup (it no longer exists for Get) and
  // removes its own cgroups, the freezer cgroup last. Subcontainers must
  // already be gone; the caller holds the container's exclusive lock and has
  // seen under it that the container exists.
  absl::Status DestroyOwnCgroups();

  // Names of the subcontainers, sorted; every descendant when recursive.
  absl::StatusOr<std::vector<std::string>> SubcontainerNames(
      ListPolicy policy) const;

 private:
  absl::Status CheckExists() const;
  // The lock Update, Pause, Resume and KillAll hold (ContainerLock::
  // AcquireForChange); NOT_FOUND naming the container when it is gone.
  absl::StatusOr<ContainerLock> LockForChange() const;
  FreezerController Freezer() const;
  // The handlers of the resources this container isolates, in factory order.
  absl::StatusOr<std::vector<std::unique_ptr<ResourceHandler>>> OwnHandlers()
      const;
  // `tasks` files a task of this container joins, freezer first, each
  // directory once.
  std::vector<std::string> TasksFiles() const;
  absl::Status CheckUpdateSections(
      const ContainerSpec& spec, UpdatePolicy policy,
      const std::vector<std::unique_ptr<ResourceHandler>>& handlers) const;
  absl::StatusOr<std::vector<pid_t>> ListTasks(ListPolicy policy,
                                               bool threads) const;
  // Host pid of the init of the virtual host this container is (or is
  // inside); 0 when there is none.
  absl::StatusOr<pid_t> VirtualHostInit() const;
  // FAILED_PRECONDITION when this container is in a virtual host and one of
  // `tids` is outside its pid namespace.
  absl::Status CheckSamePidNamespace(const std::vector<pid_t>& tids) const;
  // Exec for a container in a virtual host: runs `argv` in its namespaces
  // and ends this process with the command's exit status.
  absl::Status ExecInVirtualHost(const std::vector<std::string>& argv,
                                 pid_t init);

  const std::string name_;
  const std::shared_ptr<const ApiContext> context_;
  // Callbacks may unregister from the listener thread.
  absl::Mutex notifications_mutex_;
  std::set<NotificationId> notifications_ ABSL_GUARDED_BY(notifications_mutex_);
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_IMPL_H_
