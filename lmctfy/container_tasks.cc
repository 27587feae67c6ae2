// SPDX-License-Identifier: Apache-2.0
// Putting tasks into a container: Enter, Run and Exec (INTERFACE.md 4.10).

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glog/logging.h"

#include "lmctfy/container_impl.h"
#include "lmctfy/container_lock.h"
#include "lmctfy/vhost/virtual_host_inspector.h"
#include "util/hierarchy_names.h"
#include "util/proc_cgroup.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// The cgroup directories the calling thread is in, in every mounted
// hierarchy; empty when /proc cannot tell, so that nothing is skipped.
absl::flat_hash_set<std::string> CallersCgroupDirs(const ApiContext& context) {
  absl::flat_hash_set<std::string> dirs;
  absl::StatusOr<std::string> contents =
      context.kernel().ReadFile("/proc/thread-self/cgroup");
  if (!contents.ok()) return dirs;
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup(*contents);
  if (!paths.ok()) return dirs;
  for (int value = CgroupHierarchy_MIN; value <= CgroupHierarchy_MAX; ++value) {
    if (!CgroupHierarchy_IsValid(value)) continue;
    const auto hierarchy = static_cast<CgroupHierarchy>(value);
    if (!context.layout().IsMounted(hierarchy)) continue;
    auto it = paths->find(std::string(HierarchyName(hierarchy)));
    if (it == paths->end()) continue;
    absl::StatusOr<std::string> name =
        context.layout().FromKernelPath(hierarchy, it->second);
    if (name.ok()) dirs.insert(context.layout().CgroupDir(hierarchy, *name));
  }
  return dirs;
}

// `files` without the tasks files of cgroups the calling thread is already
// in. Its children start there anyway, and a delegate may not write to a
// root-owned ancestor's tasks file even to stay where it is.
std::vector<std::string> SkipCallersCgroups(const ApiContext& context,
                                            std::vector<std::string> files) {
  const absl::flat_hash_set<std::string> dirs = CallersCgroupDirs(context);
  std::vector<std::string> kept;
  for (std::string& file : files) {
    if (dirs.contains(file.substr(0, file.rfind('/')))) continue;
    kept.push_back(std::move(file));
  }
  return kept;
}

// A shared lock on the container's freezer cgroup: tasks may join while a
// destroy (exclusive) is not killing them and removing the cgroups. NOT_FOUND
// when the container is gone.
absl::StatusOr<ContainerLock> LockForTasks(const ApiContext& context,
                                           const std::string& name) {
  absl::StatusOr<ContainerLock> lock =
      ContainerLock::Acquire(context.kernel(), name,
                             {context.layout().CgroupDir(CGROUP_FREEZER, name)},
                             ContainerLock::Mode::kShared);
  if (absl::IsNotFound(lock.status())) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not exist"));
  }
  return lock;
}

}  // namespace

absl::Status ContainerImpl::CheckSamePidNamespace(
    const std::vector<pid_t>& tids) const {
  ASSIGN_OR_RETURN(pid_t init, VirtualHostInit());
  if (init == 0) return absl::OkStatus();
  const VirtualHostInspector inspector(context_->kernel());
  for (pid_t tid : tids) {
    ASSIGN_OR_RETURN(bool inside, inspector.InPidNamespaceOf(tid, init));
    if (!inside) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot enter thread ", tid, " into container ", name_,
          ": it is outside the virtual host's pid namespace (of init ", init,
          "); use run to start a process inside"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> ContainerImpl::TasksFiles() const {
  std::vector<std::string> files = {Freezer().TasksFile()};
  absl::flat_hash_set<std::string> seen = {Freezer().path()};
  for (const auto& factory : context_->factories()) {
    for (TaskCgroup& cgroup : factory->TaskCgroups(name_)) {
      if (!seen.insert(cgroup.dir).second) continue;
      files.push_back(absl::StrCat(cgroup.dir, "/tasks"));
    }
  }
  return files;
}

absl::Status ContainerImpl::Enter(const std::vector<pid_t>& tids) {
  ASSIGN_OR_RETURN(ContainerLock lock, LockForTasks(*context_, name_));
  RETURN_IF_ERROR(CheckExists());
  const std::vector<std::string> files = TasksFiles();
  RETURN_IF_ERROR(CheckSamePidNamespace(tids));
  for (size_t i = 0; i < tids.size(); ++i) {
    std::string tid = absl::StrCat(tids[i]);
    const std::vector<std::string> own_files =
        tids[i] == 0 ? SkipCallersCgroups(*context_, files) : files;
    for (const std::string& file : own_files) {
      VLOG(1) << "container " << name_ << ": writing " << tid << " to " << file;
      absl::Status status = context_->kernel().WriteFile(file, tid);
      if (!status.ok()) {
        return absl::Status(
            status.code(),
            absl::StrCat(
                "entering thread ", tid, " into container ", name_,
                i > 0 ? absl::StrCat(
                            " (threads ",
                            absl::StrJoin(tids.begin(), tids.begin() + i, ","),
                            " already moved)")
                      : "",
                ": ", status.message()));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<pid_t> ContainerImpl::Run(const std::vector<std::string>& argv,
                                         const RunSpec& spec) {
  if (argv.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("running in container ", name_, ": no command given"));
  }
  if (spec.has_fd_policy() && spec.fd_policy() == RunSpec::UNKNOWN) {
    return absl::InvalidArgumentError(absl::StrCat(
        "running in container ", name_, ": fd_policy UNKNOWN is not valid"));
  }
  if (spec.has_console()) {
    return absl::UnimplementedError(absl::StrCat(
        "running in container ", name_, ": console is not supported yet"));
  }
  if (spec.has_apparmor_profile()) {
    return absl::UnimplementedError(absl::StrCat(
        "running in container ", name_, ": apparmor_profile is not supported"));
  }
  // Held until the child has joined and exec'd, so a destroy sees it.
  ASSIGN_OR_RETURN(ContainerLock lock, LockForTasks(*context_, name_));
  RETURN_IF_ERROR(CheckExists());

  SpawnRequest request;
  request.argv = argv;
  request.tasks_files = SkipCallersCgroups(*context_, TasksFiles());
  request.detached = spec.fd_policy() == RunSpec::DETACHED;
  ASSIGN_OR_RETURN(pid_t init, VirtualHostInit());
  if (init > 0) {
    ASSIGN_OR_RETURN(
        request.namespace_files,
        VirtualHostInspector(context_->kernel()).NamespaceFiles(init));
  }
  absl::StatusOr<pid_t> pid = context_->kernel().Spawn(request);
  if (!pid.ok()) {
    return absl::Status(pid.status().code(),
                        absl::StrCat("running in container ", name_, ": ",
                                     pid.status().message()));
  }
  VLOG(1) << "container " << name_ << ": started " << argv[0] << " as pid "
          << *pid;
  return pid;
}

absl::Status ContainerImpl::Exec(const std::vector<std::string>& argv) {
  if (argv.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("executing in container ", name_, ": no command given"));
  }
  ASSIGN_OR_RETURN(pid_t init, VirtualHostInit());
  if (init > 0) return ExecInVirtualHost(argv, init);
  RETURN_IF_ERROR(Enter(std::vector<pid_t>{0}));
  absl::Status status = context_->kernel().Exec(argv);
  return absl::InternalError(absl::StrCat(
      "executing ", argv[0], " in container ", name_, ": ", status.message()));
}

}  // namespace lmctfy
}  // namespace containers
