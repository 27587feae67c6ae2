// SPDX-License-Identifier: Apache-2.0
// A virtual host's network: loopback, and a veth pair with one end moved
// into its network namespace, addressed and routed, the other end left on
// the host (optionally in a bridge). Runs iproute2's `ip`.

#ifndef LMCTFY_LMCTFY_VHOST_VETH_NETWORK_H_
#define LMCTFY_LMCTFY_VHOST_VETH_NETWORK_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "include/virtual_host.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Stateless apart from the kernel reference; thread-safe.
class VethNetwork {
 public:
  explicit VethNetwork(const KernelApi& kernel);

  // Sets up `network` for the init `pid`, whose network namespace is new:
  // creates the veth pair (when asked), then configures the inside. On
  // failure removes the pair again. FAILED_PRECONDITION when `ip` is not
  // installed; an `ip` command that fails gives INTERNAL naming it.
  absl::Status Connect(pid_t pid, const Network& network) const;

  // Deletes the host end `outside` (and so its peer) unless it is gone
  // already, and waits until the kernel has removed it.
  absl::Status Remove(const std::string& outside) const;

 private:
  absl::StatusOr<std::string> IpPath() const;
  // Runs `ip args...`, in the network namespace of `pid` when it is > 0;
  // returns ip's exit status.
  absl::StatusOr<int> RunIp(const std::vector<std::string>& args,
                            pid_t pid) const;
  // Same, with any status but 0 an error.
  absl::Status Ip(const std::vector<std::string>& args, pid_t pid) const;
  absl::Status ConfigureInside(pid_t pid, const Network& network) const;
  absl::StatusOr<bool> LinkExists(const std::string& name) const;

  const KernelApi& kernel_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_VETH_NETWORK_H_
