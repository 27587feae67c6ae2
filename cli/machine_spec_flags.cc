// SPDX-License-Identifier: Apache-2.0
// Builds the MachineSpec the confinement flags describe.

#include "cli/machine_spec_flags.h"

#include <string>

#include "absl/strings/str_cat.h"

#include "cli/cli_flags.h"
#include "cli/spec_parsing.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {

absl::StatusOr<std::optional<MachineSpec>> MachineSpecFromFlags() {
  if (FLAGS_lmctfy_machine_spec.empty() && FLAGS_lmctfy_cgroup_root.empty()) {
    return std::nullopt;
  }

  MachineSpec machine;
  if (!FLAGS_lmctfy_machine_spec.empty()) {
    ASSIGN_OR_RETURN(const std::string contents,
                     ReadWholeFile(FLAGS_lmctfy_machine_spec));
    RETURN_IF_ERROR(ParseTextOrBinary(
        contents, absl::StrCat("machine spec file ", FLAGS_lmctfy_machine_spec),
        &machine));
  }
  if (!FLAGS_lmctfy_cgroup_root.empty()) {
    SetVirtualRootOfAllHierarchies(FLAGS_lmctfy_cgroup_root, &machine);
  }
  return machine;
}

void SetVirtualRootOfAllHierarchies(absl::string_view root,
                                    MachineSpec* machine) {
  MachineSpec::VirtualRoot* virtual_root = machine->mutable_virtual_root();
  virtual_root->clear_cgroup_virtual_root();

  const google::protobuf::EnumDescriptor* hierarchies =
      CgroupHierarchy_descriptor();
  for (int i = 0; i < hierarchies->value_count(); ++i) {
    const auto hierarchy =
        static_cast<CgroupHierarchy>(hierarchies->value(i)->number());
    if (hierarchy == CGROUP_UNKNOWN) continue;
    MachineSpec::VirtualRoot::CgroupVirtualRoot* entry =
        virtual_root->add_cgroup_virtual_root();
    entry->set_hierarchy(hierarchy);
    entry->set_root(std::string(root));
  }
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
