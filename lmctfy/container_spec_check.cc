// SPDX-License-Identifier: Apache-2.0
// Field rules of INTERFACE.md 4.6 and 4.7.4 for non-resource sections.

#include "lmctfy/container_spec_check.h"

#include "absl/strings/str_cat.h"

#include "lmctfy/vhost/virtual_host_spec_check.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status Unimplemented(absl::string_view container, absl::string_view field,
                           absl::string_view why) {
  return absl::UnimplementedError(
      absl::StrCat("container ", container, ": ", field, " ", why));
}

}  // namespace

absl::Status CheckCreateOnlyFields(absl::string_view container,
                                   const ContainerSpec& spec) {
  for (auto [field, set, value] :
       {std::tuple<const char*, bool, int64_t>{"owner", spec.has_owner(),
                                               spec.owner()},
        {"owner_group", spec.has_owner_group(), spec.owner_group()}}) {
    if (set && (value < 0 || value > 0xfffffffeLL)) {
      return absl::InvalidArgumentError(absl::StrCat("container ", container,
                                                     ": ", field, " ", value,
                                                     " is not a valid id"));
    }
  }
  if (spec.has_children_limit()) {
    if (spec.children_limit() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("container ", container, ": children_limit ",
                       spec.children_limit(), " is negative"));
    }
  }
  const FilesystemSpec& filesystem = spec.filesystem();
  if (spec.has_virtual_host()) {
    RETURN_IF_ERROR(CheckVirtualHostSpec(container, spec));
  } else if (filesystem.has_rootfs() || filesystem.has_mounts()) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", container, ": filesystem.",
                     filesystem.has_rootfs() ? "rootfs" : "mounts",
                     " is only valid for a virtual host"));
  }
  if (filesystem.has_fd_limit()) {
    return Unimplemented(container, "filesystem.fd_limit",
                         "needs the rlimit cgroup hierarchy, which vanilla "
                         "kernels lack");
  }
  if (spec.has_blockio()) {
    return Unimplemented(container, "blockio", "is not supported yet");
  }
  if (spec.security_spec().has_apparmor_profile()) {
    return Unimplemented(container, "security_spec.apparmor_profile",
                         "is not supported");
  }
  return absl::OkStatus();
}

absl::Status CheckUpdateFields(absl::string_view container,
                               const ContainerSpec& spec) {
  constexpr absl::string_view kFixed = "cannot be changed by an update";
  if (spec.has_virtual_host()) {
    return Unimplemented(container, "virtual_host", kFixed);
  }
  if (spec.has_owner()) return Unimplemented(container, "owner", kFixed);
  if (spec.has_owner_group()) {
    return Unimplemented(container, "owner_group", kFixed);
  }
  if (spec.has_children_limit()) {
    return Unimplemented(container, "children_limit", kFixed);
  }
  if (spec.has_network()) return Unimplemented(container, "network", kFixed);
  if (spec.has_security_spec()) {
    return Unimplemented(container, "security_spec", kFixed);
  }
  if (spec.has_filesystem()) {
    return Unimplemented(container, "filesystem", kFixed);
  }
  if (spec.has_blockio()) return Unimplemented(container, "blockio", kFixed);
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
