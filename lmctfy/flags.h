// SPDX-License-Identifier: Apache-2.0
// Command-line flags read by the library itself (shared with the CLI).

#ifndef LMCTFY_LMCTFY_FLAGS_H_
#define LMCTFY_LMCTFY_FLAGS_H_

#include "gflags/gflags.h"

// KillAll: rounds of SIGKILL before giving up on unkillable tasks.
DECLARE_int32(lmctfy_num_tries_for_unkillable);
// KillAll: milliseconds to wait between rounds.
DECLARE_int32(lmctfy_ms_delay_between_kills);
// Whether virtual hosts (namespaces) may be created.
DECLARE_bool(lmctfy_use_namespaces);

#endif  // LMCTFY_LMCTFY_FLAGS_H_
