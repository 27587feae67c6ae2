// SPDX-License-Identifier: Apache-2.0
// `lmctfy top`: a live table of a container and everything below it,
// refreshed every -w seconds, sorted by a column the person picks with a key.

#include <unistd.h>

#include <algorithm>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "cli/cli_flags.h"
#include "cli/commands.h"
#include "cli/commands_common.h"
#include "cli/terminal.h"
#include "cli/top_table.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

constexpr absl::Duration kDefaultInterval = absl::Seconds(2);
// The first frame needs two samples for CPU use; this is the gap between.
constexpr absl::Duration kFirstGap = absl::Milliseconds(300);
// Moves the cursor home and clears the screen.
constexpr char kClearScreen[] = "\x1b[H\x1b[2J";

// Changes `sort` for a sort key; false for keys that mean nothing.
bool ApplySortKey(char key, TopSort* sort) {
  switch (key) {
    case 'c':
      *sort = TopSort::kCpu;
      return true;
    case 'm':
      *sort = TopSort::kMemory;
      return true;
    case 't':
      *sort = TopSort::kTasks;
      return true;
    case 'n':
      *sort = TopSort::kName;
      return true;
    default:
      return false;
  }
}

absl::StatusOr<absl::Duration> RefreshInterval() {
  ASSIGN_OR_RETURN(const absl::Duration interval, WatchInterval());
  return interval == absl::ZeroDuration() ? kDefaultInterval : interval;
}

}  // namespace

absl::Status TopCommand(const std::vector<std::string>& args,
                        const CommandContext& context, CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> root,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(TopSort sort, ParseTopSort(FLAGS_lmctfy_top_sort));
  ASSIGN_OR_RETURN(const absl::Duration interval, RefreshInterval());
  const bool json = context.style == OutputStyle::kJson;
  const bool screen =
      !json && isatty(static_cast<int>(FLAGS_lmctfy_output_fd)) == 1;

  KeyReader keys(STDIN_FILENO);
  ASSIGN_OR_RETURN(std::vector<ContainerSample> before,
                   SampleContainers(*root));
  absl::Time sampled = absl::Now();
  absl::Duration wait = std::min(interval, kFirstGap);
  for (int frames = 0;
       FLAGS_lmctfy_watch_count <= 0 || frames < FLAGS_lmctfy_watch_count;
       ++frames) {
    // A sort key redraws at once; any other key is ignored.
    const absl::Time deadline = absl::Now() + wait;
    while (!keys.interrupted() && absl::Now() < deadline) {
      const std::optional<char> key = keys.WaitForKey(deadline - absl::Now());
      if (key == 'q') return absl::OkStatus();
      if (key.has_value() && ApplySortKey(*key, &sort)) break;
    }
    if (keys.interrupted()) return absl::OkStatus();

    ASSIGN_OR_RETURN(std::vector<ContainerSample> now, SampleContainers(*root));
    const absl::Time taken = absl::Now();
    std::vector<TopRow> rows = ComputeRows(before, now, taken - sampled);
    SortRows(sort, &rows);
    if (json) {
      *context.out << RenderJsonRows(rows);
    } else {
      *context.out << (screen       ? kClearScreen
                       : frames > 0 ? "\n"
                                    : "")
                   << RenderTable(root->name(), sort, interval, rows);
    }
    context.out->flush();
    before = std::move(now);
    sampled = taken;
    wait = interval;
  }
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
