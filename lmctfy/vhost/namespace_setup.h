// SPDX-License-Identifier: Apache-2.0
// What a virtual host's init does inside its new namespaces before it execs:
// hostname, mount propagation, becoming root of its user namespace, the root
// filesystem with /proc, /sys, /dev and /tmp, extra bind mounts, and
// pivot_root.

#ifndef LMCTFY_LMCTFY_VHOST_NAMESPACE_SETUP_H_
#define LMCTFY_LMCTFY_VHOST_NAMESPACE_SETUP_H_

#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

#include "include/lmctfy.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Runs in the (single-threaded) child made by KernelApi::CloneStopped, so in
// its new uts, mount, pid (and maybe net and user) namespaces. Every step goes
// through the KernelApi; the first failure stops the setup and is returned
// naming the step and path. What Apply did lives only in the child's
// namespaces, so a failure (the child exits) leaves nothing on the host. Holds
// references only; the spec and kernel must outlive it.
class NamespaceSetup {
 public:
  NamespaceSetup(const KernelApi& kernel, const ContainerSpec& spec);

  // Run by the parent before the init starts: makes the mount points proc,
  // sys, dev and tmp in the rootfs (if any) unless they exist. The root of a
  // user namespace could not, when the rootfs belongs to the host's root.
  absl::Status MakeMountPoints() const;

  // Sets the hostname, makes every mount private to this namespace, becomes
  // uid and gid 0 of its user namespace (if it has one), then builds the
  // root filesystem (or, without a rootfs, mounts a /proc of the new pid
  // namespace over the host's).
  absl::Status Apply() const;

 private:
  absl::Status SetUpRootFilesystem(const std::string& rootfs) const;
  absl::Status BindExtraMounts(const std::string& rootfs) const;
  // A read-only /sys at `sys`.
  absl::Status MountSys(const std::string& sys) const;
  absl::Status MountDev(const std::string& rootfs) const;
  // Makes <dev>/<name>: the device itself, or in a user namespace the host's
  // node bound over an empty file.
  absl::Status MakeDeviceNode(const std::string& dev, absl::string_view name,
                              dev_t device) const;
  // Makes the directory unless it exists.
  absl::Status EnsureDirectory(const std::string& path) const;

  const KernelApi& kernel_;
  const ContainerSpec& spec_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_NAMESPACE_SETUP_H_
