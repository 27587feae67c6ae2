// SPDX-License-Identifier: Apache-2.0
// Definitions of the flags the library reads.

#include "lmctfy/flags.h"

DEFINE_int32(lmctfy_num_tries_for_unkillable, 3,
             "Rounds of SIGKILL that KillAll and destroy try before giving up");
DEFINE_int32(lmctfy_ms_delay_between_kills, 250,
             "Milliseconds KillAll waits between rounds of SIGKILL");
DEFINE_bool(lmctfy_use_namespaces, true,
            "Allow virtual hosts (containers in their own namespaces)");
