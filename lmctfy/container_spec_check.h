// SPDX-License-Identifier: Apache-2.0
// Checks of the ContainerSpec fields that belong to no resource handler:
// ownership, children_limit, virtual host, filesystem, block I/O, security.

#ifndef LMCTFY_LMCTFY_CONTAINER_SPEC_CHECK_H_
#define LMCTFY_LMCTFY_CONTAINER_SPEC_CHECK_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

// For Create: INVALID_ARGUMENT for bad values and combinations,
// UNIMPLEMENTED for fields lmctfy does not offer yet; each names the field.
absl::Status CheckCreateOnlyFields(absl::string_view container,
                                   const ContainerSpec& spec);

// For Update: fields that cannot be changed after creation.
absl::Status CheckUpdateFields(absl::string_view container,
                               const ContainerSpec& spec);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_SPEC_CHECK_H_
