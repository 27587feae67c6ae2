// SPDX-License-Identifier: Apache-2.0
// Starts a virtual host: its init in new namespaces, inside the container's
// cgroups, with its network and root filesystem (INTERFACE.md 4.5 step 6, 5).

#ifndef LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_STARTER_H_
#define LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_STARTER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "include/lmctfy.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Stateless apart from its references; thread-safe.
class VirtualHostStarter {
 public:
  // `builtin_init_candidates`: where to look for lmctfy-vhost-init, in order.
  VirtualHostStarter(const KernelApi& kernel,
                     std::vector<std::string> builtin_init_candidates);

  // The checks that need the kernel, made before Create changes anything:
  // the rootfs and mount sources and targets exist, the built-in init can be
  // found when no init_argv is given, and the kernel allows a requested user
  // namespace. INVALID_ARGUMENT naming the field and path, FAILED_PRECONDITION
  // when lmctfy-vhost-init is missing or user namespaces are turned off, or
  // UNIMPLEMENTED when the kernel has none.
  absl::Status Validate(const std::string& container,
                        const ContainerSpec& spec) const;

  // Starts the init of `container` (freezer cgroup `freezer_dir`), which
  // joins `tasks_files` first, records the container as a virtual host,
  // writes the id maps of its user namespace and returns the init's host pid
  // once it exec'd. On failure nothing it made is left: the init is killed
  // and the veth pair removed (the caller removes the cgroups and with them
  // the record).
  absl::StatusOr<pid_t> Start(const std::string& container,
                              const ContainerSpec& spec,
                              const std::vector<std::string>& tasks_files,
                              const std::string& freezer_dir) const;

 private:
  absl::StatusOr<std::string> BuiltinInitPath() const;
  absl::StatusOr<pid_t> StartChild(const std::string& container,
                                   const ContainerSpec& spec,
                                   const CloneRequest& request,
                                   const std::string& freezer_dir) const;

  const KernelApi& kernel_;
  const std::vector<std::string> builtin_init_candidates_;
};

// Where lmctfy-vhost-init is looked for: next to the running program (a
// build tree), in the libexec directory relative to it (an install at any
// prefix), then in the configured install location.
std::vector<std::string> BuiltinInitCandidates(const KernelApi& kernel);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_STARTER_H_
