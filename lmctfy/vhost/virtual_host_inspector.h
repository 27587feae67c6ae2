// SPDX-License-Identifier: Apache-2.0
// Finding an existing virtual host's init and its namespaces, and the record
// (an extended attribute on its freezer cgroup) that marks a container as a
// virtual host and names its host-side veth.

#ifndef LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_INSPECTOR_H_
#define LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_INSPECTOR_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// What a virtual host's record holds.
struct VirtualHostRecord {
  // Host-side end of its veth pair; empty when it has none.
  std::string veth_outside;
};

// Stateless apart from the kernel reference; thread-safe.
class VirtualHostInspector {
 public:
  explicit VirtualHostInspector(const KernelApi& kernel);

  // Marks the container whose freezer cgroup is `freezer_dir` as a virtual
  // host.
  absl::Status WriteRecord(const std::string& freezer_dir,
                           const VirtualHostRecord& record) const;
  // The record, or nullopt when the container is not a virtual host.
  absl::StatusOr<std::optional<VirtualHostRecord>> ReadRecord(
      const std::string& freezer_dir) const;

  // The host pid of the init of the virtual host whose freezer cgroup is
  // `freezer_dir`: the process there that is pid 1 of its own pid namespace.
  // 0 when the container is not a virtual host; FAILED_PRECONDITION when it
  // is one whose init has ended.
  absl::StatusOr<pid_t> FindInit(const std::string& freezer_dir) const;

  // /proc/<init>/ns/<type> for each namespace of `init` that differs from
  // the caller's, in the order they are joined: user, ipc, uts, net, pid, mnt.
  // Kinds of namespace the kernel lacks are skipped.
  absl::StatusOr<std::vector<std::string>> NamespaceFiles(pid_t init) const;

  // Whether thread `tid` (0: the calling thread) is in the pid namespace of
  // `init`.
  absl::StatusOr<bool> InPidNamespaceOf(pid_t tid, pid_t init) const;

 private:
  const KernelApi& kernel_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_INSPECTOR_H_
