// SPDX-License-Identifier: Apache-2.0
// Container operations: update, spec, stats, listing, pause, kill.
// Task placement (Enter, Run, Exec) lives in container_tasks.cc.

#include "lmctfy/container_impl.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/container_lock.h"
#include "lmctfy/container_name.h"
#include "lmctfy/container_remnants.h"
#include "lmctfy/container_spec_check.h"
#include "lmctfy/task_killer.h"
#include "lmctfy/vhost/veth_network.h"
#include "lmctfy/vhost/virtual_host_inspector.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {

ContainerImpl::ContainerImpl(std::string name,
                             std::shared_ptr<const ApiContext> context)
    : name_(std::move(name)), context_(std::move(context)) {}

ContainerImpl::~ContainerImpl() {
  std::set<NotificationId> ids;
  {
    absl::MutexLock lock(&notifications_mutex_);
    ids.swap(notifications_);
  }
  // A final delivery already dropped some of them; that is fine here.
  for (NotificationId id : ids) context_->listener().Remove(id).IgnoreError();
}

FreezerController ContainerImpl::Freezer() const {
  return FreezerController(context_->layout().CgroupDir(CGROUP_FREEZER, name_),
                           context_->kernel());
}

absl::StatusOr<ContainerLock> ContainerImpl::LockForChange() const {
  absl::StatusOr<ContainerLock> lock = ContainerLock::AcquireForChange(
      context_->kernel(), name_, Freezer().path());
  if (absl::IsNotFound(lock.status())) {
    return absl::NotFoundError(
        absl::StrCat("container ", name_, " does not exist"));
  }
  return lock;
}

absl::Status ContainerImpl::CheckExists() const {
  if (name_ == "/" || Freezer().Exists()) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("container ", name_, " does not exist"));
}

absl::StatusOr<std::vector<std::unique_ptr<ResourceHandler>>>
ContainerImpl::OwnHandlers() const {
  std::vector<std::unique_ptr<ResourceHandler>> handlers;
  for (const auto& factory : context_->factories()) {
    // Get answers NotFound exactly when the resource is not isolated; asking
    // Isolates first would look at the same directory twice.
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory->Get(name_);
    if (absl::IsNotFound(handler.status())) continue;
    RETURN_IF_ERROR(handler.status());
    handlers.push_back(*std::move(handler));
  }
  return handlers;
}

absl::Status ContainerImpl::CheckUpdateSections(
    const ContainerSpec& spec, UpdatePolicy policy,
    const std::vector<std::unique_ptr<ResourceHandler>>& handlers) const {
  for (const auto& factory : context_->factories()) {
    bool in_spec = factory->InSpec(spec);
    bool isolated =
        std::any_of(handlers.begin(), handlers.end(), [&](const auto& handler) {
          return handler->resource_name() == factory->resource_name();
        });
    if (in_spec && !isolated) {
      return absl::InvalidArgumentError(absl::StrCat(
          "container ", name_, " does not isolate ", factory->resource_name(),
          ", so an update cannot set it"));
    }
    if (!in_spec && isolated && policy == UPDATE_REPLACE) {
      return absl::InvalidArgumentError(absl::StrCat(
          "container ", name_, " isolates ", factory->resource_name(),
          ", so a replace update must include its section"));
    }
  }
  return absl::OkStatus();
}

absl::Status ContainerImpl::Update(const ContainerSpec& spec,
                                   UpdatePolicy policy) {
  // Two updates of one container must not interleave their writes, nor read
  // each other's half-written values as the ones to restore.
  ASSIGN_OR_RETURN(ContainerLock lock, LockForChange());
  RETURN_IF_ERROR(CheckExists());
  RETURN_IF_ERROR(CheckUpdateFields(name_, spec));
  ASSIGN_OR_RETURN(auto handlers, OwnHandlers());
  RETURN_IF_ERROR(CheckUpdateSections(spec, policy, handlers));
  for (const auto& handler : handlers) {
    RETURN_IF_ERROR(handler->ValidateUpdate(spec, policy));
  }

  // Each handler undoes its own failed write; the ones before it are put
  // back from what they reported before the update.
  std::vector<ContainerSpec> before(handlers.size());
  for (size_t i = 0; i < handlers.size(); ++i) {
    RETURN_IF_ERROR(handlers[i]->FillSpec(&before[i]));
  }
  for (size_t i = 0; i < handlers.size(); ++i) {
    absl::Status status = handlers[i]->Update(spec, policy);
    if (status.ok()) continue;
    for (size_t j = 0; j < i; ++j) {
      absl::Status restored = handlers[j]->Update(before[j], UPDATE_DIFF);
      if (!restored.ok()) {
        LOG(ERROR) << "container " << name_ << ": restoring "
                   << handlers[j]->resource_name()
                   << " after a failed update: " << restored;
      }
    }
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<ContainerSpec> ContainerImpl::Spec() const {
  RETURN_IF_ERROR(CheckExists());
  ContainerSpec spec;
  ASSIGN_OR_RETURN(auto handlers, OwnHandlers());
  for (const auto& handler : handlers) {
    RETURN_IF_ERROR(handler->FillSpec(&spec));
  }
  if (name_ != "/") {
    ASSIGN_OR_RETURN(
        std::optional<VirtualHostRecord> vhost,
        VirtualHostInspector(context_->kernel()).ReadRecord(Freezer().path()));
    if (vhost.has_value()) spec.mutable_virtual_host();
  }
  return spec;
}

absl::StatusOr<ContainerStats> ContainerImpl::Stats(StatsType type) const {
  RETURN_IF_ERROR(CheckExists());
  ContainerStats stats;
  ASSIGN_OR_RETURN(auto handlers, OwnHandlers());
  for (const auto& handler : handlers) {
    RETURN_IF_ERROR(handler->FillStats(type, &stats));
  }
  return stats;
}

absl::StatusOr<std::vector<std::string>> ContainerImpl::SubcontainerNames(
    ListPolicy policy) const {
  RETURN_IF_ERROR(CheckExists());
  std::vector<std::string> names;
  std::vector<std::string> pending = {name_};
  while (!pending.empty()) {
    std::string parent = std::move(pending.back());
    pending.pop_back();
    FreezerController freezer(
        context_->layout().CgroupDir(CGROUP_FREEZER, parent),
        context_->kernel());
    absl::StatusOr<std::vector<std::string>> children =
        freezer.GetSubdirectories();
    // A subcontainer destroyed while we walk is simply not listed.
    if (absl::IsNotFound(children.status()) && parent != name_) continue;
    if (!children.ok()) return children.status();
    for (const std::string& child : *children) {
      if (!IsValidNameComponent(child)) continue;
      names.push_back(JoinName(parent, child));
      if (policy == LIST_RECURSIVE) pending.push_back(names.back());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::vector<std::unique_ptr<Container>>>
ContainerImpl::ListSubcontainers(ListPolicy policy) const {
  ASSIGN_OR_RETURN(std::vector<std::string> names, SubcontainerNames(policy));
  std::vector<std::unique_ptr<Container>> containers;
  containers.reserve(names.size());
  for (std::string& name : names) {
    containers.push_back(
        std::make_unique<ContainerImpl>(std::move(name), context_));
  }
  return containers;
}

absl::StatusOr<std::vector<pid_t>> ContainerImpl::ListTasks(
    ListPolicy policy, bool threads) const {
  RETURN_IF_ERROR(CheckExists());
  auto list = [&](const std::string& name) {
    FreezerController freezer(
        context_->layout().CgroupDir(CGROUP_FREEZER, name), context_->kernel());
    return threads ? freezer.GetThreads() : freezer.GetProcesses();
  };
  if (policy == LIST_SELF) return list(name_);

  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   SubcontainerNames(LIST_RECURSIVE));
  names.push_back(name_);
  std::vector<pid_t> all;
  for (const std::string& name : names) {
    absl::StatusOr<std::vector<pid_t>> tasks = list(name);
    if (absl::IsNotFound(tasks.status()) && name != name_) continue;
    if (!tasks.ok()) return tasks.status();
    all.insert(all.end(), tasks->begin(), tasks->end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

absl::StatusOr<std::vector<pid_t>> ContainerImpl::ListThreads(
    ListPolicy policy) const {
  return ListTasks(policy, true);
}

absl::StatusOr<std::vector<pid_t>> ContainerImpl::ListProcesses(
    ListPolicy policy) const {
  return ListTasks(policy, false);
}

absl::Status ContainerImpl::Pause() {
  ASSIGN_OR_RETURN(ContainerLock lock, LockForChange());
  RETURN_IF_ERROR(CheckExists());
  FreezerController freezer = Freezer();
  if (!freezer.HasState()) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", name_, " cannot be paused: ", freezer.path(),
                     " has no freezer.state"));
  }
  if (!freezer.SupportsHierarchicalFreeze()) {
    ASSIGN_OR_RETURN(std::vector<std::string> children,
                     SubcontainerNames(LIST_SELF));
    if (!children.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "container ", name_,
          " has subcontainers and this kernel cannot freeze them with it"));
    }
  }
  return freezer.FreezeAndWait(context_->options().freezer_timeout);
}

absl::Status ContainerImpl::Resume() {
  ASSIGN_OR_RETURN(ContainerLock lock, LockForChange());
  RETURN_IF_ERROR(CheckExists());
  FreezerController freezer = Freezer();
  if (!freezer.HasState()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container ", name_, " cannot be resumed: ", freezer.path(),
        " has no freezer.state"));
  }
  return freezer.ThawAndWait(context_->options().freezer_timeout);
}

absl::StatusOr<Container::NotificationId> ContainerImpl::RegisterNotification(
    const EventSpec& spec, EventCallback callback) {
  RETURN_IF_ERROR(CheckExists());
  ASSIGN_OR_RETURN(
      NotificationWatch watch,
      context_->watch_factory().Make(name_, spec, this, std::move(callback)));
  // Held across Add so that a callback unregistering itself at once finds
  // its id.
  absl::MutexLock lock(&notifications_mutex_);
  ASSIGN_OR_RETURN(NotificationId id,
                   context_->listener().Add(std::move(watch)));
  notifications_.insert(id);
  return id;
}

absl::Status ContainerImpl::UnregisterNotification(NotificationId id) {
  {
    absl::MutexLock lock(&notifications_mutex_);
    if (notifications_.erase(id) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "container ", name_, ": notification ", id, " is not registered"));
    }
  }
  return context_->listener().Remove(id);
}

absl::Status ContainerImpl::KillAll() {
  if (name_ == "/") {
    return absl::InvalidArgumentError(
        "refusing to kill every task of the root container /");
  }
  // KillAll freezes and thaws; a Pause or Resume in between would undo that.
  ASSIGN_OR_RETURN(ContainerLock lock, LockForChange());
  RETURN_IF_ERROR(CheckExists());
  return KillAllTasks(name_, Freezer(), context_->kernel(),
                      context_->options());
}

absl::StatusOr<pid_t> ContainerImpl::GetInitPid() const {
  RETURN_IF_ERROR(CheckExists());
  ASSIGN_OR_RETURN(pid_t init, VirtualHostInit());
  return init > 0 ? init : 1;
}

absl::Status ContainerImpl::DestroyOwnCgroups() {
  // The caller's exclusive lock keeps every other change out, so KillAll's
  // own lock is not taken, and the caller has seen the container exist under
  // it.
  // Read before the kill; the init's death takes the inside end of the veth
  // with it, the host end goes below.
  absl::StatusOr<std::optional<VirtualHostRecord>> vhost =
      VirtualHostInspector(context_->kernel()).ReadRecord(Freezer().path());
  if (absl::Status killed = KillAllTasks(name_, Freezer(), context_->kernel(),
                                         context_->options());
      !killed.ok()) {
    return absl::Status(killed.code(), absl::StrCat("destroying ", name_, ": ",
                                                    killed.message()));
  }
  if (!vhost.ok()) {
    return absl::Status(
        vhost.status().code(),
        absl::StrCat("destroying ", name_, ": ", vhost.status().message()));
  }
  if (vhost->has_value() && !(*vhost)->veth_outside.empty()) {
    RETURN_IF_ERROR(
        VethNetwork(context_->kernel()).Remove((*vhost)->veth_outside));
  }
  ASSIGN_OR_RETURN(auto handlers, OwnHandlers());

  // Hiding the freezer cgroup makes the container vanish in one step, so a
  // destroy killed from here on leaves remnants that no call mistakes for a
  // whole container (container_remnants.h).
  const FreezerController hidden(HiddenFreezerDir(*context_, name_),
                                 context_->kernel());
  if (hidden.Exists()) {
    // Not ours: a whole container has no remnants. Out of the way.
    LOG(WARNING) << "container " << name_ << ": removing stray "
                 << hidden.path();
    RETURN_IF_ERROR(hidden.Destroy());
  }
  VLOG(1) << "container " << name_ << ": hiding " << Freezer().path();
  absl::Status status =
      context_->kernel().Rename(Freezer().path(), hidden.path());
  for (auto it = handlers.rbegin(); it != handlers.rend(); ++it) {
    if (!status.ok()) break;
    status = (*it)->Destroy();
  }
  if (status.ok()) status = hidden.Destroy();
  if (!status.ok()) {
    const bool hidden_now = hidden.Exists() && !Freezer().Exists();
    return absl::Status(
        status.code(),
        absl::StrCat("destroying ", name_, ": ", status.message(),
                     hidden_now ? " (the container is gone; destroy -f or a "
                                  "create of that name removes what is left)"
                                : ""));
  }
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
