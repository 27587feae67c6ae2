// SPDX-License-Identifier: Apache-2.0
// Container lookup, creation and destruction (INTERFACE.md 4.4, 4.5, 4.12).

#include "lmctfy/container_api_impl.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/children_limit.h"
#include "lmctfy/container_impl.h"
#include "lmctfy/container_lock.h"
#include "lmctfy/container_name.h"
#include "lmctfy/container_remnants.h"
#include "lmctfy/container_spec_check.h"
#include "lmctfy/controllers/freezer_controller.h"
#include "lmctfy/task_killer.h"
#include "lmctfy/vhost/virtual_host_starter.h"
#include "util/proc_cgroup.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Removes handlers (newest first) and, if made, the freezer cgroup after a
// failed create; `cause` is what the caller will see.
void RollBack(const std::string& name,
              std::vector<std::unique_ptr<ResourceHandler>>& made,
              const absl::Status& cause) {
  for (auto it = made.rbegin(); it != made.rend(); ++it) {
    absl::Status removed = (*it)->Destroy();
    if (!removed.ok()) {
      LOG(ERROR) << "container " << name << ": removing "
                 << (*it)->resource_name() << " after a failed create ("
                 << cause << "): " << removed;
    }
  }
}

// The ids a Create delegates to; -1 keeps the current one.
int64_t OwnerOf(const ContainerSpec& spec) {
  return spec.has_owner() ? spec.owner() : -1;
}
int64_t GroupOf(const ContainerSpec& spec) {
  return spec.has_owner_group() ? spec.owner_group() : -1;
}

// Stores the children_limit of a new container in its (still hidden) freezer
// cgroup and hands that cgroup to the owner.
absl::Status SetUpFreezerCgroup(const std::string& name,
                                const ContainerSpec& spec,
                                const FreezerController& freezer,
                                const KernelApi& kernel) {
  // The file carrying the limit is never handed over, so the owner cannot
  // raise it.
  if (spec.has_children_limit()) {
    RETURN_IF_ERROR(ChildrenLimit(kernel).Store(name, freezer.path(),
                                                spec.children_limit()));
  }
  // freezer.state lets the owner pause, resume and kill its own container
  // (KillAll freezes first); its limits stay root's.
  if (spec.has_owner() || spec.has_owner_group()) {
    RETURN_IF_ERROR(
        freezer.Delegate(OwnerOf(spec), GroupOf(spec), {"freezer.state"}));
  }
  return absl::OkStatus();
}

}  // namespace

ContainerApiImpl::ContainerApiImpl(std::shared_ptr<const ApiContext> context)
    : context_(std::move(context)) {}

absl::StatusOr<std::string> ContainerApiImpl::Resolve(
    absl::string_view name) const {
  return ResolveContainerName(name, [this] { return Detect(0); });
}

absl::StatusOr<ContainerLock> ContainerApiImpl::LockDirs(
    const std::string& name, const std::vector<std::string>& containers) const {
  std::vector<std::string> dirs;
  for (const std::string& container : containers) {
    dirs.push_back(context_->layout().CgroupDir(CGROUP_FREEZER, container));
  }
  return ContainerLock::Acquire(context_->kernel(), name, dirs);
}

bool ContainerApiImpl::FreezerDirExists(const std::string& name) const {
  return context_->kernel().IsDirectory(
      context_->layout().CgroupDir(CGROUP_FREEZER, name));
}

ContainerApiImpl::FreezerDirState ContainerApiImpl::StateOfFreezerDir(
    const std::string& name) const {
  absl::StatusOr<uint64_t> links = context_->kernel().DirectoryLinkCount(
      context_->layout().CgroupDir(CGROUP_FREEZER, name));
  if (links.ok()) return {true, *links != 2};
  if (absl::IsNotFound(links.status())) return {false, false};
  // A link count that says nothing: look the plain way.
  return {FreezerDirExists(name), true};
}

absl::StatusOr<std::unique_ptr<Container>> ContainerApiImpl::Get(
    absl::string_view name) const {
  ASSIGN_OR_RETURN(std::string resolved, Resolve(name));
  if (resolved != "/" && !FreezerDirExists(resolved)) {
    const bool remnants = Remnants(*context_, resolved).Exist();
    return absl::NotFoundError(absl::StrCat(
        "container ", resolved, " does not exist",
        remnants ? " (a create or destroy of it was interrupted; destroy -f "
                   "or a create of that name removes what is left)"
                 : ""));
  }
  return std::make_unique<ContainerImpl>(std::move(resolved), context_);
}

absl::StatusOr<bool> ContainerApiImpl::Exists(absl::string_view name) const {
  ASSIGN_OR_RETURN(std::string resolved, Resolve(name));
  return resolved == "/" || FreezerDirExists(resolved);
}

absl::Status ContainerApiImpl::ValidateCreate(const std::string& name,
                                              const ContainerSpec& spec) const {
  if (name == "/" || FreezerDirExists(name)) {
    return absl::AlreadyExistsError(
        absl::StrCat("container ", name, " already exists"));
  }
  std::string parent = ParentName(name);
  if (parent != "/" && !FreezerDirExists(parent)) {
    return absl::NotFoundError(absl::StrCat(
        "cannot create ", name, ": its parent ", parent, " does not exist"));
  }
  RETURN_IF_ERROR(CheckCreateOnlyFields(name, spec));
  // Creates of siblings hold the parent's lock, so two of them cannot both
  // take the last free slot.
  RETURN_IF_ERROR(ChildrenLimit(context_->kernel())
                      .CheckRoomForChild(
                          parent,
                          context_->layout().CgroupDir(CGROUP_FREEZER, parent),
                          name));
  for (const auto& factory : context_->factories()) {
    if (factory->InSpec(spec)) {
      RETURN_IF_ERROR(factory->ValidateCreate(name, spec));
    }
  }
  if (spec.has_virtual_host()) {
    if (!context_->options().use_namespaces) {
      return absl::UnimplementedError(absl::StrCat(
          "container ", name,
          ": virtual_host needs namespaces, which --lmctfy_use_namespaces "
          "turned off"));
    }
    const KernelApi& kernel = context_->kernel();
    RETURN_IF_ERROR(VirtualHostStarter(kernel, BuiltinInitCandidates(kernel))
                        .Validate(name, spec));
  }
  return absl::OkStatus();
}

absl::Status ContainerApiImpl::StartVirtualHostInit(
    const std::string& name, const ContainerSpec& spec,
    const FreezerController& hidden_freezer) const {
  // The init joins the freezer cgroup under its hidden name and every other
  // cgroup the container is in.
  std::vector<std::string> tasks_files = {hidden_freezer.TasksFile()};
  absl::flat_hash_set<std::string> seen = {
      context_->layout().CgroupDir(CGROUP_FREEZER, name)};
  for (const auto& factory : context_->factories()) {
    for (TaskCgroup& cgroup : factory->TaskCgroups(name)) {
      if (!seen.insert(cgroup.dir).second) continue;
      tasks_files.push_back(absl::StrCat(cgroup.dir, "/tasks"));
    }
  }
  const KernelApi& kernel = context_->kernel();
  absl::StatusOr<pid_t> init =
      VirtualHostStarter(kernel, BuiltinInitCandidates(kernel))
          .Start(name, spec, tasks_files, hidden_freezer.path());
  if (init.ok()) {
    LOG(INFO) << "container " << name << ": virtual host init is pid " << *init;
  }
  return init.status();
}

absl::Status ContainerApiImpl::MakeCgroups(const std::string& name,
                                           const ContainerSpec& spec) const {
  // Built under a hidden name and renamed when complete, so a create killed
  // part-way never leaves a container that looks whole
  // (container_remnants.h).
  const FreezerController hidden(HiddenFreezerDir(*context_, name),
                                 context_->kernel());
  RETURN_IF_ERROR(hidden.CreateDirectory());
  absl::Status status =
      SetUpFreezerCgroup(name, spec, hidden, context_->kernel());

  std::vector<std::unique_ptr<ResourceHandler>> made;
  for (const auto& factory : context_->factories()) {
    if (!status.ok()) break;
    if (!factory->InSpec(spec)) continue;
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory->Create(name, spec);
    status = handler.status();
    if (handler.ok()) made.push_back(std::move(*handler));
  }
  const bool delegate = spec.has_owner() || spec.has_owner_group();
  for (const auto& handler : made) {
    if (!status.ok() || !delegate) break;
    status = handler->Delegate(OwnerOf(spec), GroupOf(spec));
  }
  // A virtual host's init starts before the rename too: a create killed
  // before it ran leaves no container without its init.
  bool init_started = false;
  if (status.ok() && spec.has_virtual_host()) {
    status = StartVirtualHostInit(name, spec, hidden);
    init_started = status.ok();
  }
  if (status.ok()) {
    status = context_->kernel().Rename(
        hidden.path(), context_->layout().CgroupDir(CGROUP_FREEZER, name));
  }
  if (!status.ok()) {
    if (init_started) {
      // The init's death ends its namespaces and the veth pair with them.
      absl::Status killed =
          KillAllTasks(name, hidden, context_->kernel(), context_->options());
      if (!killed.ok()) {
        LOG(ERROR) << "container " << name << ": killing its init after a "
                   << "failed create (" << status << "): " << killed;
      }
    }
    RollBack(name, made, status);
    absl::Status removed = hidden.Destroy();
    if (!removed.ok()) {
      LOG(ERROR) << "container " << name << ": removing " << hidden.path()
                 << " after a failed create (" << status << "): " << removed;
    }
  }
  return status;
}

absl::StatusOr<std::unique_ptr<Container>> ContainerApiImpl::Create(
    absl::string_view name, const ContainerSpec& spec) const {
  ASSIGN_OR_RETURN(std::string resolved, Resolve(name));
  // Creates and destroys of one name wait for each other here, so the
  // existence check below sees either nothing or a whole container. A missing
  // parent is reported by ValidateCreate.
  absl::StatusOr<ContainerLock> lock =
      LockDirs(resolved, {ParentName(resolved)});
  if (!lock.ok() && !absl::IsNotFound(lock.status())) return lock.status();
  RETURN_IF_ERROR(ValidateCreate(resolved, spec));
  // What a create or destroy of this name killed part-way left behind.
  absl::Status status = Remnants(*context_, resolved).Remove();
  if (status.ok()) status = MakeCgroups(resolved, spec);
  if (!status.ok()) {
    return absl::Status(
        status.code(),
        absl::StrCat("creating container ", resolved, ": ", status.message()));
  }
  VLOG(1) << "container " << resolved << ": created";
  return std::make_unique<ContainerImpl>(std::move(resolved), context_);
}

absl::Status ContainerApiImpl::Destroy(Container* container) const {
  return Destroy(container, DESTROY_FORCE);
}

absl::Status ContainerApiImpl::CheckEmpty(const std::string& name,
                                          bool may_have_children) const {
  ContainerImpl container(name, context_);
  if (may_have_children) {
    ASSIGN_OR_RETURN(std::vector<std::string> children,
                     container.SubcontainerNames(Container::LIST_SELF));
    if (!children.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("container ", name, " has ", children.size(),
                       " subcontainer(s), e.g. ", children.front()));
    }
  }
  // Every process has a thread, so no threads means no processes either.
  ASSIGN_OR_RETURN(std::vector<pid_t> threads,
                   container.ListThreads(Container::LIST_SELF));
  if (threads.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<pid_t> processes,
                   container.ListProcesses(Container::LIST_SELF));
  if (!processes.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container ", name, " has ", processes.size(), " process(es)"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("container ", name, " has ", threads.size(), " thread(s)"));
}

absl::Status ContainerApiImpl::Destroy(Container* container,
                                       DestroyPolicy policy) const {
  if (container == nullptr) {
    return absl::InvalidArgumentError("destroy needs a container");
  }
  const std::string name = container->name();
  if (name == "/") {
    return absl::InvalidArgumentError(
        "refusing to destroy the root container /");
  }
  // The parent's lock orders this against a create of the same name, the
  // container's own against creates of its children.
  absl::StatusOr<ContainerLock> lock = LockDirs(name, {ParentName(name), name});
  if (!lock.ok() && !absl::IsNotFound(lock.status())) return lock.status();
  // Checked under the lock: a destroy that held it may have removed it.
  const FreezerDirState state =
      lock.ok() ? StateOfFreezerDir(name) : FreezerDirState{false, false};
  if (!state.exists) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not exist"));
  }
  if (policy == DESTROY_IF_EMPTY) {
    RETURN_IF_ERROR(CheckEmpty(name, state.may_have_children));
  }

  RETURN_IF_ERROR(DestroyLockedTree(name, state.may_have_children));
  VLOG(1) << "container " << name << ": destroyed";
  return absl::OkStatus();
}

absl::Status ContainerApiImpl::DestroyLockedTree(const std::string& name,
                                                 bool may_have_children) const {
  ContainerImpl target(name, context_);
  if (may_have_children) {
    // Holding this container's lock keeps new children out while the ones
    // listed here are removed, deepest first.
    ASSIGN_OR_RETURN(std::vector<std::string> children,
                     target.SubcontainerNames(Container::LIST_SELF));
    // Backwards, so the order is the reverse of the recursive listing.
    for (auto child = children.rbegin(); child != children.rend(); ++child) {
      ASSIGN_OR_RETURN(ContainerLock lock, LockDirs(*child, {*child}));
      const FreezerDirState state = StateOfFreezerDir(*child);
      // Our lock on the parent keeps other destroys out, so it is there.
      if (!state.exists) continue;
      RETURN_IF_ERROR(DestroyLockedTree(*child, state.may_have_children));
    }
  }
  return target.DestroyOwnCgroups();
}

absl::Status ContainerApiImpl::RemoveRemnants(absl::string_view name) const {
  ASSIGN_OR_RETURN(std::string resolved, Resolve(name));
  if (resolved == "/") {
    return absl::InvalidArgumentError(
        "the root container / cannot have remnants");
  }
  absl::StatusOr<ContainerLock> lock =
      LockDirs(resolved, {ParentName(resolved)});
  if (!lock.ok() && !absl::IsNotFound(lock.status())) return lock.status();
  const Remnants remnants(*context_, resolved);
  if (!lock.ok() || !remnants.Exist()) {
    return absl::NotFoundError(absl::StrCat(
        "container ", resolved, " does not exist and nothing is left of it"));
  }
  return remnants.Remove();
}

absl::StatusOr<std::string> ContainerApiImpl::Detect(pid_t tid) const {
  std::string path = tid == 0 ? std::string("/proc/thread-self/cgroup")
                              : absl::StrCat("/proc/", tid, "/cgroup");
  absl::StatusOr<std::string> contents = context_->kernel().ReadFile(path);
  if (!contents.ok()) {
    return absl::NotFoundError(
        absl::StrCat("cannot detect the container of ",
                     tid == 0 ? "this thread" : absl::StrCat("thread ", tid),
                     ": ", contents.status().message()));
  }
  ASSIGN_OR_RETURN(auto cgroups, ParseProcCgroup(*contents));
  auto it = cgroups.find("freezer");
  if (it == cgroups.end()) {
    return absl::NotFoundError(absl::StrCat(path, " has no freezer line"));
  }
  absl::StatusOr<std::string> name =
      context_->layout().FromKernelPath(CGROUP_FREEZER, it->second);
  if (!name.ok()) {
    return absl::NotFoundError(absl::StrCat(
        "thread ", tid == 0 ? std::string("self") : absl::StrCat(tid),
        " is outside the container root: ", name.status().message()));
  }
  return name;
}

}  // namespace lmctfy
}  // namespace containers
