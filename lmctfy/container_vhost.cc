// SPDX-License-Identifier: Apache-2.0
// The virtual-host side of a container (INTERFACE.md 5): starting its init
// and finding it again, and running commands inside its namespaces.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

#include "lmctfy/container_impl.h"
#include "lmctfy/vhost/virtual_host_inspector.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// "/a" for "/a/b/c"; "/" for "/".
std::string TopLevelAncestor(const std::string& name) {
  const size_t end = name.find('/', 1);
  return end == std::string::npos ? name : name.substr(0, end);
}

}  // namespace

absl::StatusOr<pid_t> ContainerImpl::VirtualHostInit() const {
  const std::string top = TopLevelAncestor(name_);
  if (top == "/") return 0;
  absl::StatusOr<pid_t> init =
      VirtualHostInspector(context_->kernel())
          .FindInit(context_->layout().CgroupDir(CGROUP_FREEZER, top));
  if (!init.ok()) {
    return absl::Status(
        init.status().code(),
        absl::StrCat("container ", name_, ": ", init.status().message()));
  }
  return init;
}

absl::Status ContainerImpl::ExecInVirtualHost(
    const std::vector<std::string>& argv, pid_t init) {
  // A process cannot move itself into a pid namespace, so the command runs
  // in a child and this process passes its exit status on.
  RunSpec spec;
  spec.set_fd_policy(RunSpec::INHERIT);
  ASSIGN_OR_RETURN(pid_t pid, Run(argv, spec));
  ASSIGN_OR_RETURN(int status, context_->kernel().WaitForExit(pid));
  context_->kernel().ExitProcess(status);
  return absl::InternalError(
      absl::StrCat("executing ", argv[0], " in container ", name_,
                   ": still running after ", "pid ", init, "'s child ended"));
}

}  // namespace lmctfy
}  // namespace containers
