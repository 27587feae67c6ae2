// SPDX-License-Identifier: Apache-2.0
// Field rules for a virtual host's spec; see the header.

#include "lmctfy/vhost/virtual_host_spec_check.h"

#include <arpa/inet.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

#include "lmctfy/container_name.h"
#include "lmctfy/vhost/user_namespace.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Linux limits: HOST_NAME_MAX and IFNAMSIZ - 1.
constexpr size_t kMaxHostnameLength = 64;
constexpr size_t kMaxInterfaceNameLength = 15;
constexpr int kMinMtu = 68;
constexpr int kMaxMtu = 65535;

absl::Status Invalid(absl::string_view container, absl::string_view field,
                     absl::string_view value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "container ", container, ": ", field, " \"", value, "\" ", why));
}

absl::Status Unimplemented(absl::string_view container, absl::string_view field,
                           absl::string_view why) {
  return absl::UnimplementedError(
      absl::StrCat("container ", container, ": ", field, " ", why));
}

bool IsHostnameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.';
}

bool IsInterfaceNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '_' || c == '.';
}

absl::Status CheckInterfaceName(absl::string_view container,
                                absl::string_view field,
                                absl::string_view name) {
  if (name.empty() || name.size() > kMaxInterfaceNameLength) {
    return Invalid(container, field, name, "must have 1 to 15 characters");
  }
  for (char c : name) {
    if (!IsInterfaceNameChar(c)) {
      return Invalid(container, field, name,
                     "may hold only letters, digits, '-', '_' and '.'");
    }
  }
  return absl::OkStatus();
}

bool IsIpv4(absl::string_view text) {
  in_addr address;
  return inet_pton(AF_INET, std::string(text).c_str(), &address) == 1;
}

absl::Status CheckHostname(absl::string_view container,
                           const VirtualHostSpec& vhost) {
  if (!vhost.has_virtual_hostname()) return absl::OkStatus();
  const std::string& name = vhost.virtual_hostname();
  constexpr char kField[] = "virtual_host.virtual_hostname";
  if (name.empty() || name.size() > kMaxHostnameLength) {
    return Invalid(container, kField, name, "must have 1 to 64 characters");
  }
  for (char c : name) {
    if (!IsHostnameChar(c)) {
      return Invalid(container, kField, name,
                     "may hold only letters, digits, '-' and '.'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVirtualIp(absl::string_view container,
                            const Network::VirtualIp& ip) {
  constexpr char kPrefix[] = "virtual_host.network.virtual_ip.";
  if (!ip.has_ip() || !IsIpv4(ip.ip())) {
    return Invalid(container, absl::StrCat(kPrefix, "ip"), ip.ip(),
                   "is not an IPv4 address");
  }
  if (ip.has_netmask()) {
    absl::StatusOr<int> prefix = NetmaskPrefixLength(ip.netmask());
    if (!prefix.ok()) {
      return Invalid(container, absl::StrCat(kPrefix, "netmask"), ip.netmask(),
                     "is not a dotted IPv4 netmask");
    }
  }
  if (ip.has_gateway() && !IsIpv4(ip.gateway())) {
    return Invalid(container, absl::StrCat(kPrefix, "gateway"), ip.gateway(),
                   "is not an IPv4 address");
  }
  if (ip.has_mtu() && (ip.mtu() < kMinMtu || ip.mtu() > kMaxMtu)) {
    return Invalid(container, absl::StrCat(kPrefix, "mtu"),
                   absl::StrCat(ip.mtu()), "is not between 68 and 65535");
  }
  return absl::OkStatus();
}

absl::Status CheckNetwork(absl::string_view container,
                          const VirtualHostSpec& vhost) {
  if (!vhost.has_network()) return absl::OkStatus();
  const Network& network = vhost.network();
  if (network.has_interface()) {
    // TODO: moving an existing host interface into a virtual host is not
    // supported; only veth pairs are.
    return Unimplemented(container, "virtual_host.network.interface",
                         "is not supported; use connection.veth_pair");
  }
  if (!network.has_connection()) return absl::OkStatus();
  const Network::Connection& connection = network.connection();
  const Network::VethPair& veth = connection.veth_pair();
  RETURN_IF_ERROR(CheckInterfaceName(
      container, "virtual_host.network.connection.veth_pair.outside",
      veth.outside()));
  RETURN_IF_ERROR(CheckInterfaceName(
      container, "virtual_host.network.connection.veth_pair.inside",
      veth.inside()));
  if (connection.has_bridge()) {
    if (connection.bridge().type() == Network::Bridge::OVS) {
      return Unimplemented(container,
                           "virtual_host.network.connection.bridge.type OVS",
                           "is not supported; use a Linux bridge (ETH)");
    }
    RETURN_IF_ERROR(CheckInterfaceName(
        container, "virtual_host.network.connection.bridge.name",
        connection.bridge().name()));
  }
  if (network.has_virtual_ip()) {
    RETURN_IF_ERROR(CheckVirtualIp(container, network.virtual_ip()));
  }
  return absl::OkStatus();
}

// A path relative to the root filesystem that cannot climb out of it.
bool StaysInside(absl::string_view path) {
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (part == "..") return false;
  }
  return true;
}

absl::Status CheckFilesystem(absl::string_view container,
                             const FilesystemSpec& filesystem) {
  if (filesystem.has_rootfs()) {
    const std::string& rootfs = filesystem.rootfs();
    if (!absl::StartsWith(rootfs, "/") || !StaysInside(rootfs)) {
      return Invalid(container, "filesystem.rootfs", rootfs,
                     "must be an absolute path without \"..\"");
    }
  }
  if (!filesystem.has_mounts()) return absl::OkStatus();
  if (!filesystem.has_rootfs() || filesystem.rootfs() == "/") {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", container,
                     ": filesystem.mounts needs a filesystem.rootfs other "
                     "than /"));
  }
  for (const Mounts::Mount& mount : filesystem.mounts().mount()) {
    if (!absl::StartsWith(mount.source(), "/") ||
        !StaysInside(mount.source())) {
      return Invalid(container, "filesystem.mounts.mount.source",
                     mount.source(), "must be an absolute path without \"..\"");
    }
    if (absl::StripPrefix(mount.target(), "/").empty() ||
        !StaysInside(mount.target())) {
      return Invalid(container, "filesystem.mounts.mount.target",
                     mount.target(),
                     "must name a path below the rootfs without \"..\"");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> NetmaskPrefixLength(absl::string_view netmask) {
  in_addr address;
  if (inet_pton(AF_INET, std::string(netmask).c_str(), &address) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", netmask, "\" is not a dotted IPv4 netmask"));
  }
  const uint32_t bits = ntohl(address.s_addr);
  int prefix = 0;
  while (prefix < 32 && (bits & (0x80000000u >> prefix)) != 0) ++prefix;
  const uint32_t expected = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  if (bits != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat("netmask \"", netmask, "\" has non-contiguous bits"));
  }
  return prefix;
}

absl::Status CheckVirtualHostSpec(absl::string_view container,
                                  const ContainerSpec& spec) {
  if (ParentName(container) != "/") {
    return Unimplemented(container, "virtual_host",
                         "is only supported for top-level containers");
  }
  const VirtualHostSpec& vhost = spec.virtual_host();
  RETURN_IF_ERROR(CheckHostname(container, vhost));
  if (vhost.init().has_run_spec()) {
    return Unimplemented(container, "virtual_host.init.run_spec",
                         "is not supported (the init runs detached)");
  }
  if (vhost.init().init_argv_size() > 0 && vhost.init().init_argv(0).empty()) {
    return Invalid(container, "virtual_host.init.init_argv[0]", "",
                   "must name a program");
  }
  RETURN_IF_ERROR(CheckNetwork(container, vhost));
  if (vhost.has_user_namespace()) {
    RETURN_IF_ERROR(CheckUserNamespaceSpec(container, vhost.user_namespace()));
  }
  return CheckFilesystem(container, spec.filesystem());
}

}  // namespace lmctfy
}  // namespace containers
