// SPDX-License-Identifier: Apache-2.0
// Field rules for a virtual host's spec (INTERFACE.md 3.4, 5): hostname,
// init, network, user namespace and filesystem, checked without touching the
// kernel.

#ifndef LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_SPEC_CHECK_H_
#define LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_SPEC_CHECK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

// OK when `spec` (which sets virtual_host) describes a virtual host this
// project can start for `container`: UNIMPLEMENTED for a subcontainer and for
// unsupported features (moving a host interface, Open vSwitch bridges,
// consoles), INVALID_ARGUMENT naming the field and value otherwise.
absl::Status CheckVirtualHostSpec(absl::string_view container,
                                  const ContainerSpec& spec);

// The prefix length of a dotted IPv4 netmask such as "255.255.255.0";
// INVALID_ARGUMENT when it is not one.
absl::StatusOr<int> NetmaskPrefixLength(absl::string_view netmask);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_VIRTUAL_HOST_SPEC_CHECK_H_
