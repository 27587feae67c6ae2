// SPDX-License-Identifier: Apache-2.0
// Definitions of the lmctfy tool's long flags.

#include "cli/cli_flags.h"

#include <vector>

#include "absl/strings/match.h"

#include "lmctfy/flags.h"

DEFINE_string(lmctfy_output_style, "pairs",
              "How results are printed: pairs, values, long or json");
DEFINE_string(lmctfy_config, "",
              "File holding the spec (text or binary proto) for create, "
              "update and init");
DEFINE_bool(lmctfy_force, false,
            "destroy: kill and remove everything inside the container");
DEFINE_bool(lmctfy_recursive, false, "list: include every descendant");
DEFINE_bool(lmctfy_no_wait, false,
            "run: start the command in the background and print its pid");
DEFINE_bool(lmctfy_binary, false,
            "spec, stats: print the serialized binary proto");
DEFINE_int64(lmctfy_output_fd, 1, "File descriptor that receives the output");
DEFINE_bool(lmctfy_print_help, false, "Print the usage text and exit");
DEFINE_bool(lmctfy_print_cmd_tree, false, "Print the command names and exit");
DEFINE_bool(lmctfy_print_cmd_tree_long, false,
            "Print the command tree with kinds and positions and exit");
DEFINE_bool(lmctfy_version, false, "Print the version and exit");
DEFINE_bool(lmctfy_version_long, false,
            "Print the version with the build date and time and exit");
DEFINE_double(lmctfy_watch_seconds, 0,
              "stats: print again every this many seconds (0: once); top: "
              "seconds between refreshes (0: 2)");
DEFINE_int32(lmctfy_watch_count, 0,
             "stats -w, top: stop after this many prints (0: until "
             "interrupted)");
DEFINE_string(lmctfy_top_sort, "cpu",
              "top: the column rows are sorted by: cpu, memory, tasks or "
              "name");
DEFINE_string(lmctfy_machine_spec, "",
              "File holding a MachineSpec (text or binary) with the mounts "
              "and virtual roots to use");
DEFINE_string(lmctfy_cgroup_root, "",
              "Path, relative to each hierarchy's mount, used as the root "
              "container of every hierarchy");

namespace containers {
namespace lmctfy {
namespace cli {

// The long-flag pass finds flags by name in the gflags registry. Naming the
// library's flags here links their definitions into every program that uses
// the tool, even one that never calls the code reading them.
extern const void* const kLibraryFlags[];
const void* const kLibraryFlags[] = {&FLAGS_lmctfy_num_tries_for_unkillable,
                                     &FLAGS_lmctfy_ms_delay_between_kills,
                                     &FLAGS_lmctfy_use_namespaces};

void ResetLmctfyFlags() {
  std::vector<gflags::CommandLineFlagInfo> flags;
  gflags::GetAllFlags(&flags);
  for (const gflags::CommandLineFlagInfo& flag : flags) {
    if (absl::StartsWith(flag.name, "lmctfy_")) {
      gflags::SetCommandLineOption(flag.name.c_str(),
                                   flag.default_value.c_str());
    }
  }
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
