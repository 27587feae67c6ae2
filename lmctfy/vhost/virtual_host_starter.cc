// SPDX-License-Identifier: Apache-2.0
// Starting a virtual host's init; see the header.

#include "lmctfy/vhost/virtual_host_starter.h"

#include <fcntl.h>
#include <sched.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "glog/logging.h"

#include "lmctfy/vhost/namespace_setup.h"
#include "lmctfy/vhost/user_namespace.h"
#include "lmctfy/vhost/veth_network.h"
#include "lmctfy/vhost/virtual_host_inspector.h"
#include "util/status_macros.h"

#ifndef LMCTFY_INSTALL_LIBEXECDIR
#define LMCTFY_INSTALL_LIBEXECDIR "libexec"
#endif
#ifndef LMCTFY_INSTALL_FULL_LIBEXECDIR
#define LMCTFY_INSTALL_FULL_LIBEXECDIR "/usr/local/libexec"
#endif

namespace containers {
namespace lmctfy {
namespace {

constexpr char kBuiltinInitName[] = "lmctfy-vhost-init";

std::string Describe(const ContainerSpec& spec) {
  return spec.virtual_host().init().init_argv_size() > 0
             ? spec.virtual_host().init().init_argv(0)
             : std::string(kBuiltinInitName);
}

}  // namespace

std::vector<std::string> BuiltinInitCandidates(const KernelApi& kernel) {
  std::vector<std::string> candidates;
  absl::StatusOr<std::string> self = kernel.ReadLink("/proc/self/exe");
  if (self.ok() && self->rfind('/') != std::string::npos) {
    const std::string dir = self->substr(0, self->rfind('/'));
    candidates.push_back(absl::StrCat(dir, "/", kBuiltinInitName));
    candidates.push_back(absl::StrCat(dir, "/../", LMCTFY_INSTALL_LIBEXECDIR,
                                      "/", kBuiltinInitName));
  }
  candidates.push_back(
      absl::StrCat(LMCTFY_INSTALL_FULL_LIBEXECDIR, "/", kBuiltinInitName));
  return candidates;
}

VirtualHostStarter::VirtualHostStarter(
    const KernelApi& kernel, std::vector<std::string> builtin_init_candidates)
    : kernel_(kernel),
      builtin_init_candidates_(std::move(builtin_init_candidates)) {}

absl::StatusOr<std::string> VirtualHostStarter::BuiltinInitPath() const {
  for (const std::string& path : builtin_init_candidates_) {
    if (kernel_.PathExists(path)) return path;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the built-in virtual host init ", kBuiltinInitName,
                   " is not installed (looked in ",
                   absl::StrJoin(builtin_init_candidates_, ", "), ")"));
}

absl::Status VirtualHostStarter::Validate(const std::string& container,
                                          const ContainerSpec& spec) const {
  if (spec.virtual_host().init().init_argv_size() == 0) {
    if (absl::Status found = BuiltinInitPath().status(); !found.ok()) {
      return absl::Status(found.code(), absl::StrCat("container ", container,
                                                     ": ", found.message()));
    }
  }
  if (spec.virtual_host().has_user_namespace()) {
    RETURN_IF_ERROR(CheckUserNamespacesAllowed(container, kernel_));
  }
  const FilesystemSpec& filesystem = spec.filesystem();
  if (!filesystem.has_rootfs()) return absl::OkStatus();
  const std::string rootfs(absl::StripSuffix(filesystem.rootfs(), "/"));
  if (!kernel_.IsDirectory(filesystem.rootfs())) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", container, ": filesystem.rootfs \"",
                     filesystem.rootfs(), "\" is not a directory"));
  }
  for (const Mounts::Mount& mount : filesystem.mounts().mount()) {
    const std::string target =
        absl::StrCat(rootfs, "/", absl::StripPrefix(mount.target(), "/"));
    for (const auto& [field, path] :
         {std::pair<const char*, std::string>{"source", mount.source()},
          {"target", target}}) {
      if (!kernel_.PathExists(path)) {
        return absl::InvalidArgumentError(
            absl::StrCat("container ", container, ": filesystem.mounts.mount.",
                         field, " \"", path, "\" does not exist"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<pid_t> VirtualHostStarter::Start(
    const std::string& container, const ContainerSpec& spec,
    const std::vector<std::string>& tasks_files,
    const std::string& freezer_dir) const {
  const VirtualHostSpec& vhost = spec.virtual_host();
  CloneRequest request;
  // With CLONE_NEWUSER the kernel makes the user namespace first and it owns
  // the others. The init still joins its cgroups as the host's root: its ids
  // only change when its setup becomes the root inside.
  request.namespace_flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
                            CLONE_NEWIPC |
                            (vhost.has_network() ? CLONE_NEWNET : 0) |
                            (vhost.has_user_namespace() ? CLONE_NEWUSER : 0);
  request.tasks_files = tasks_files;
  const NamespaceSetup setup(kernel_, spec);
  RETURN_IF_ERROR(setup.MakeMountPoints());
  request.setup = [&setup] { return setup.Apply(); };
  if (vhost.init().init_argv_size() > 0) {
    request.argv.assign(vhost.init().init_argv().begin(),
                        vhost.init().init_argv().end());
  } else {
    // Opened here, as it is not inside the virtual host's root filesystem.
    ASSIGN_OR_RETURN(std::string path, BuiltinInitPath());
    ASSIGN_OR_RETURN(request.program_fd, kernel_.Open(path, O_RDONLY));
    request.argv = {kBuiltinInitName};
  }

  absl::StatusOr<pid_t> pid = StartChild(container, spec, request, freezer_dir);
  if (request.program_fd >= 0) kernel_.Close(request.program_fd).IgnoreError();
  if (!pid.ok()) {
    return absl::Status(
        pid.status().code(),
        absl::StrCat("starting the virtual host init ", Describe(spec), ": ",
                     pid.status().message()));
  }
  VLOG(1) << "container " << container << ": virtual host init is pid " << *pid;
  return pid;
}

absl::StatusOr<pid_t> VirtualHostStarter::StartChild(
    const std::string& container, const ContainerSpec& spec,
    const CloneRequest& request, const std::string& freezer_dir) const {
  ASSIGN_OR_RETURN(StoppedChild child, kernel_.CloneStopped(request));

  // Recorded before the veth exists, so a destroy after a crash here still
  // finds and removes it.
  const Network& network = spec.virtual_host().network();
  VirtualHostRecord record;
  if (network.has_connection()) {
    record.veth_outside = network.connection().veth_pair().outside();
  }
  absl::Status status =
      VirtualHostInspector(kernel_).WriteRecord(freezer_dir, record);
  // The setup after the release needs the maps to become root inside.
  if (status.ok() && spec.virtual_host().has_user_namespace()) {
    status =
        WriteIdMaps(kernel_, child.pid, spec.virtual_host().user_namespace());
  }
  if (status.ok() && spec.virtual_host().has_network()) {
    status = VethNetwork(kernel_).Connect(child.pid, network);
  }
  if (!status.ok()) {
    kernel_.AbortChild(child);
    return status;
  }

  status = kernel_.ReleaseChild(child);
  if (status.ok()) return child.pid;
  if (!record.veth_outside.empty()) {
    absl::Status removed = VethNetwork(kernel_).Remove(record.veth_outside);
    if (!removed.ok()) {
      LOG(ERROR) << "container " << container << ": removing veth "
                 << record.veth_outside << " after a failed start (" << status
                 << "): " << removed;
    }
  }
  return status;
}

}  // namespace lmctfy
}  // namespace containers
