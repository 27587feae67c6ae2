// SPDX-License-Identifier: Apache-2.0
// Network setup of a virtual host through iproute2; see the header.

#include "lmctfy/vhost/veth_network.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "glog/logging.h"

#include "lmctfy/vhost/virtual_host_spec_check.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Where Debian and others install iproute2's ip.
constexpr const char* kIpPaths[] = {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip",
                                    "/bin/ip"};
// How long Remove waits for the kernel to drop a deleted link (network
// namespaces are torn down asynchronously).
constexpr absl::Duration kRemoveTimeout = absl::Seconds(5);
constexpr absl::Duration kRemovePoll = absl::Milliseconds(20);

}  // namespace

VethNetwork::VethNetwork(const KernelApi& kernel) : kernel_(kernel) {}

absl::StatusOr<std::string> VethNetwork::IpPath() const {
  for (const char* path : kIpPaths) {
    if (kernel_.PathExists(path)) return std::string(path);
  }
  return absl::FailedPreconditionError(
      "setting up a virtual host's network needs iproute2's ip, which is not "
      "installed");
}

absl::StatusOr<int> VethNetwork::RunIp(const std::vector<std::string>& args,
                                       pid_t pid) const {
  SpawnRequest request;
  ASSIGN_OR_RETURN(std::string ip, IpPath());
  request.argv = {ip};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  // The error returned names the command; ip's own chatter (such as "Cannot
  // find device" while waiting for a link to go) would only be noise.
  request.detached = true;
  if (pid > 0) {
    request.namespace_files = {absl::StrCat("/proc/", pid, "/ns/net")};
  }
  VLOG(1) << (pid > 0 ? absl::StrCat("in the network of pid ", pid, ": ")
                      : std::string())
          << absl::StrJoin(request.argv, " ");
  ASSIGN_OR_RETURN(pid_t child, kernel_.Spawn(request));
  return kernel_.WaitForExit(child);
}

absl::Status VethNetwork::Ip(const std::vector<std::string>& args,
                             pid_t pid) const {
  ASSIGN_OR_RETURN(int status, RunIp(args, pid));
  if (status == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(
      "\"ip ", absl::StrJoin(args, " "), "\"",
      pid > 0 ? absl::StrCat(" in the network namespace of pid ", pid) : "",
      " exited with status ", status));
}

absl::Status VethNetwork::Connect(pid_t pid, const Network& network) const {
  if (!network.has_connection()) {
    return Ip({"link", "set", "lo", "up"}, pid);
  }
  const Network::VethPair& veth = network.connection().veth_pair();
  if (absl::Status added =
          Ip({"link", "add", veth.outside(), "type", "veth", "peer", "name",
              veth.inside(), "netns", absl::StrCat(pid)},
             0);
      !added.ok()) {
    // ip says why only on its stderr; the likely cause is checked after the
    // fact, so a successful create pays nothing for it.
    absl::StatusOr<bool> taken = LinkExists(veth.outside());
    if (taken.ok() && *taken) {
      return absl::AlreadyExistsError(absl::StrCat(
          "virtual_host.network.connection.veth_pair.outside \"",
          veth.outside(), "\" is already a network interface here"));
    }
    return added;
  }
  absl::Status status;
  if (network.connection().has_bridge()) {
    const std::string& bridge = network.connection().bridge().name();
    status = Ip({"link", "set", veth.outside(), "master", bridge}, 0);
    absl::StatusOr<bool> found =
        status.ok() ? absl::StatusOr<bool>(true) : LinkExists(bridge);
    if (found.ok() && !*found) {
      status = absl::FailedPreconditionError(
          absl::StrCat("virtual_host.network.connection.bridge.name \"", bridge,
                       "\" is not a network interface here"));
    }
  }
  if (status.ok()) status = Ip({"link", "set", veth.outside(), "up"}, 0);
  if (status.ok()) status = ConfigureInside(pid, network);
  if (!status.ok()) {
    absl::Status removed = Remove(veth.outside());
    if (!removed.ok()) {
      LOG(ERROR) << "removing veth " << veth.outside()
                 << " after a failed setup (" << status << "): " << removed;
    }
  }
  return status;
}

absl::Status VethNetwork::ConfigureInside(pid_t pid,
                                          const Network& network) const {
  RETURN_IF_ERROR(Ip({"link", "set", "lo", "up"}, pid));
  const std::string& inside = network.connection().veth_pair().inside();
  const Network::VirtualIp& ip = network.virtual_ip();
  if (network.has_virtual_ip()) {
    // Without a netmask the address stands alone (/32).
    int prefix = 32;
    if (ip.has_netmask()) {
      ASSIGN_OR_RETURN(prefix, NetmaskPrefixLength(ip.netmask()));
    }
    RETURN_IF_ERROR(
        Ip({"addr", "add", absl::StrCat(ip.ip(), "/", prefix), "dev", inside},
           pid));
    if (ip.has_mtu()) {
      RETURN_IF_ERROR(
          Ip({"link", "set", inside, "mtu", absl::StrCat(ip.mtu())}, pid));
    }
  }
  RETURN_IF_ERROR(Ip({"link", "set", inside, "up"}, pid));
  if (network.has_virtual_ip() && ip.has_gateway()) {
    RETURN_IF_ERROR(Ip(
        {"route", "add", "default", "via", ip.gateway(), "dev", inside}, pid));
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> VethNetwork::LinkExists(const std::string& name) const {
  ASSIGN_OR_RETURN(int status, RunIp({"-o", "link", "show", "dev", name}, 0));
  return status == 0;
}

absl::Status VethNetwork::Remove(const std::string& outside) const {
  // Fails harmlessly when the namespace's end went first and took the pair.
  RETURN_IF_ERROR(RunIp({"link", "delete", "dev", outside}, 0).status());
  const absl::Time deadline = absl::Now() + kRemoveTimeout;
  while (true) {
    ASSIGN_OR_RETURN(bool exists, LinkExists(outside));
    if (!exists) return absl::OkStatus();
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "veth ", outside, " still exists ",
          absl::FormatDuration(kRemoveTimeout), " after deleting it"));
    }
    kernel_.SleepFor(kRemovePoll);
  }
}

}  // namespace lmctfy
}  // namespace containers
