// SPDX-License-Identifier: Apache-2.0
// Turns a MemorySpec into the values to write to a memory cgroup, checks
// them, and writes them in an order the kernel accepts.

#ifndef LMCTFY_LMCTFY_RESOURCES_MEMORY_SETTINGS_H_
#define LMCTFY_LMCTFY_RESOURCES_MEMORY_SETTINGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "include/lmctfy.h"
#include "lmctfy/controllers/memory_controller.h"

namespace containers {
namespace lmctfy {

// Values for one memory cgroup; unset members are left alone.
struct MemoryPlan {
  std::optional<int64_t> limit;        // memory.limit_in_bytes, -1 unlimited
  std::optional<int64_t> reservation;  // memory.soft_limit_in_bytes
  std::optional<int64_t> swap_limit;   // memory.memsw.limit_in_bytes
  // Google-kernel files, written as given after the limits.
  std::vector<std::pair<std::string, int64_t>> extra;
};

// Whether a memory file exists for the container being changed.
using HasMemoryFileFn = std::function<bool(absl::string_view file)>;

// Builds the plan for `spec` under `policy` (replace fills in defaults) and
// refuses, without writing, bad values and fields this kernel lacks. When
// `creating`, defaults a new cgroup already has are not planned.
// `current_limit` is called only when a swap limit must be compared with a
// limit the spec leaves unchanged.
absl::StatusOr<MemoryPlan> PlanMemory(
    absl::string_view container, const MemorySpec& spec,
    Container::UpdatePolicy policy, bool creating,
    const HasMemoryFileFn& has_file,
    const std::function<absl::StatusOr<int64_t>()>& current_limit);

// Writes `plan`, ordering memory and memory+swap limits so the kernel never
// sees limit > memsw limit. On a failed write restores what it changed,
// unless the cgroup is `fresh` (just made; the caller removes it).
absl::Status ApplyMemoryPlan(const MemoryController& controller,
                             const MemoryPlan& plan, bool fresh);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_MEMORY_SETTINGS_H_
