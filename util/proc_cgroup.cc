// SPDX-License-Identifier: Apache-2.0
// Splits /proc/<pid>/cgroup lines into subsystem -> path entries.

#include "util/proc_cgroup.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status MalformedLine(absl::string_view line, size_t line_number) {
  return absl::InvalidArgumentError(absl::StrCat("malformed /proc cgroup line ",
                                                 line_number, ": \"",
                                                 absl::CHexEscape(line), "\""));
}

}  // namespace

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ParseProcCgroup(
    absl::string_view contents) {
  absl::flat_hash_map<std::string, std::string> paths;
  size_t line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    if (line.empty()) continue;

    // The path is last and may itself contain ':', so split at most twice.
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::MaxSplits(':', 2));
    unsigned int hierarchy_id = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &hierarchy_id) ||
        !absl::StartsWith(parts[2], "/")) {
      return MalformedLine(line, line_number);
    }

    for (absl::string_view subsystem : absl::StrSplit(parts[1], ',')) {
      paths.try_emplace(subsystem, parts[2]);
    }
  }
  return paths;
}

}  // namespace lmctfy
}  // namespace containers
