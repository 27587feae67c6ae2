// SPDX-License-Identifier: Apache-2.0
// The MachineSpec asked for by --lmctfy_machine_spec and
// --lmctfy_cgroup_root.

#ifndef LMCTFY_CLI_MACHINE_SPEC_FLAGS_H_
#define LMCTFY_CLI_MACHINE_SPEC_FLAGS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/config.pb.h"

namespace containers {
namespace lmctfy {
namespace cli {

// Nothing when neither flag is set. Otherwise the spec read from
// --lmctfy_machine_spec (text or binary; an empty spec when unset), with its
// virtual roots replaced by --lmctfy_cgroup_root when that is set. Errors:
// the file's read error, or INVALID_ARGUMENT when it does not parse.
absl::StatusOr<std::optional<MachineSpec>> MachineSpecFromFlags();

// Makes `root` the virtual root of every hierarchy but CGROUP_UNKNOWN,
// replacing the virtual roots `machine` had.
void SetVirtualRootOfAllHierarchies(absl::string_view root,
                                    MachineSpec* machine);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_MACHINE_SPEC_FLAGS_H_
