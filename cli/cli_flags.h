// SPDX-License-Identifier: Apache-2.0
// Long flags of the lmctfy command-line tool (INTERFACE.md 2.2). The flags
// the library reads itself live in lmctfy/flags.h.

#ifndef LMCTFY_CLI_CLI_FLAGS_H_
#define LMCTFY_CLI_CLI_FLAGS_H_

#include "gflags/gflags.h"

DECLARE_string(lmctfy_output_style);
DECLARE_string(lmctfy_config);
DECLARE_bool(lmctfy_force);
DECLARE_bool(lmctfy_recursive);
DECLARE_bool(lmctfy_no_wait);
DECLARE_bool(lmctfy_binary);
DECLARE_int64(lmctfy_output_fd);
DECLARE_bool(lmctfy_print_help);
DECLARE_bool(lmctfy_print_cmd_tree);
DECLARE_bool(lmctfy_print_cmd_tree_long);
DECLARE_bool(lmctfy_version);
DECLARE_bool(lmctfy_version_long);
DECLARE_double(lmctfy_watch_seconds);
DECLARE_int32(lmctfy_watch_count);
DECLARE_string(lmctfy_top_sort);
DECLARE_string(lmctfy_machine_spec);
DECLARE_string(lmctfy_cgroup_root);

namespace containers {
namespace lmctfy {
namespace cli {

// Puts every lmctfy_* flag (the tool's and the library's) back to its
// default, so one process can run the tool many times (tests do).
void ResetLmctfyFlags();

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_CLI_FLAGS_H_
