// SPDX-License-Identifier: Apache-2.0
// The table `lmctfy top` shows: one row per container with its CPU use since
// the previous sample, memory usage and limit and task count; how rows are
// sorted and how the table is laid out. No terminal handling here.

#ifndef LMCTFY_CLI_TOP_TABLE_H_
#define LMCTFY_CLI_TOP_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {

// What one look at a container found. Resources the container does not
// isolate itself are unset.
struct ContainerSample {
  std::string name;
  std::optional<uint64_t> cpu_ns;
  std::optional<int64_t> memory_usage;
  std::optional<int64_t> memory_limit;
  int64_t tasks = 0;
};

// Samples `root` and every container below it, `root` first. Containers
// destroyed during the walk are left out.
absl::StatusOr<std::vector<ContainerSample>> SampleContainers(
    const Container& root);

struct TopRow {
  ContainerSample sample;
  // Percent of one CPU used between two samples; unset without cpu or
  // without an earlier sample of the same container.
  std::optional<double> cpu_percent;
};

// Rows for `now`, with CPU use against `before` (taken `elapsed` earlier).
std::vector<TopRow> ComputeRows(const std::vector<ContainerSample>& before,
                                const std::vector<ContainerSample>& now,
                                absl::Duration elapsed);

enum class TopSort { kCpu, kMemory, kTasks, kName };

// "cpu", "memory", "tasks" or "name"; anything else is INVALID_ARGUMENT.
absl::StatusOr<TopSort> ParseTopSort(absl::string_view name);
absl::string_view TopSortName(TopSort sort);

// Largest first for cpu, memory and tasks (unset last), ascending for name;
// ties keep name order.
void SortRows(TopSort sort, std::vector<TopRow>* rows);

// The header line and the table, each line ending in "\n".
std::string RenderTable(absl::string_view root, TopSort sort,
                        absl::Duration interval,
                        const std::vector<TopRow>& rows);

// One JSON object per row and line, for -j.
std::string RenderJsonRows(const std::vector<TopRow>& rows);

// 1536 → "1.5Ki", 64 MiB → "64.0Mi"; limits of 2^62 and more read
// "unlimited" (the kernel's page-rounded maximum).
std::string HumanBytes(int64_t bytes);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_TOP_TABLE_H_
