// SPDX-License-Identifier: Apache-2.0
// A virtual host's user namespace: the rules for its uid and gid maps, whether
// the kernel lets us make one, and writing the maps of a new init.

#ifndef LMCTFY_LMCTFY_VHOST_USER_NAMESPACE_H_
#define LMCTFY_LMCTFY_VHOST_USER_NAMESPACE_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"

#include "include/lmctfy.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// OK when both maps of `spec` have 1 to 340 lines (the kernel's limit), every
// line maps at least one id and stays below 4294967295 inside and outside, no
// two lines of a map overlap, and both map id 0 inside (the virtual host's
// root, which its init becomes). Otherwise INVALID_ARGUMENT naming
// `container`, the field (virtual_host.user_namespace.uid_map[0].length) and
// the value.
absl::Status CheckUserNamespaceSpec(absl::string_view container,
                                    const UserNsSpec& spec);

// OK when the kernel lets us make user namespaces: UNIMPLEMENTED when it has
// none (no /proc/self/ns/user), FAILED_PRECONDITION when they are turned off
// (/proc/sys/user/max_user_namespaces is 0).
absl::Status CheckUserNamespacesAllowed(absl::string_view container,
                                        const KernelApi& kernel);

// The contents of a uid_map or gid_map file: "inside outside length\n" per
// line.
std::string IdMapText(
    const google::protobuf::RepeatedPtrField<IdMapEntry>& map);

// Whether `map` has a line covering id `inside` inside the namespace.
bool MapsInsideId(const google::protobuf::RepeatedPtrField<IdMapEntry>& map,
                  uint32_t inside);

// Writes /proc/<pid>/uid_map, then gid_map, each with one write, for a child
// that waits in its new user namespace. As root of the parent namespace we
// may write any map, so setgroups is left as it is. Errors name the file.
absl::Status WriteIdMaps(const KernelApi& kernel, pid_t pid,
                         const UserNsSpec& spec);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_VHOST_USER_NAMESPACE_H_
