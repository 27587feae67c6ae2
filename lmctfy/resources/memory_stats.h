// SPDX-License-Identifier: Apache-2.0
// Fills MemoryStats from one memory cgroup (INTERFACE.md 3.3, 4.9).

#ifndef LMCTFY_LMCTFY_RESOURCES_MEMORY_STATS_H_
#define LMCTFY_LMCTFY_RESOURCES_MEMORY_STATS_H_

#include "absl/status/status.h"
#include "include/lmctfy.pb.h"
#include "lmctfy/controllers/memory_controller.h"

namespace containers {
namespace lmctfy {

// Reads limits, usage, failcnt and memory.stat into `stats`.
absl::Status FillMemoryStats(const MemoryController& controller,
                             MemoryStats* stats);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_MEMORY_STATS_H_
