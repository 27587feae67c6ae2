// SPDX-License-Identifier: Apache-2.0
// Parses mountinfo lines and applies the "later mount hides earlier" rule to
// the cgroup v1 entries.

#include "util/mount_table.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

#include "util/hierarchy_names.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Field positions in a mountinfo line before the optional fields.
constexpr size_t kRootField = 3;
constexpr size_t kMountPointField = 4;
constexpr size_t kFirstOptionalField = 6;
// After the "-" separator: fstype, source, super options.
constexpr size_t kFieldsAfterSeparator = 3;

struct MountEntry {
  std::string mount_path;
  std::string mount_root;
  std::string fstype;
  std::string super_options;
};

bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }

// The kernel writes space, tab, newline and backslash in paths as \ooo.
std::string DecodeOctalEscapes(absl::string_view field) {
  std::string decoded;
  decoded.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() &&
        IsOctalDigit(field[i + 1]) && IsOctalDigit(field[i + 2]) &&
        IsOctalDigit(field[i + 3])) {
      decoded.push_back(static_cast<char>((field[i + 1] - '0') * 64 +
                                          (field[i + 2] - '0') * 8 +
                                          (field[i + 3] - '0')));
      i += 3;
      continue;
    }
    decoded.push_back(field[i]);
  }
  return decoded;
}

absl::StatusOr<MountEntry> ParseLine(absl::string_view line,
                                     size_t line_number) {
  std::vector<absl::string_view> fields =
      absl::StrSplit(line, ' ', absl::SkipEmpty());
  auto separator = std::find(fields.begin(), fields.end(), "-");
  if (separator == fields.end() ||
      separator - fields.begin() <
          static_cast<ptrdiff_t>(kFirstOptionalField) ||
      fields.end() - separator <=
          static_cast<ptrdiff_t>(kFieldsAfterSeparator)) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed mountinfo line ", line_number, ": \"",
                     absl::CHexEscape(line), "\""));
  }
  MountEntry entry;
  entry.mount_root = DecodeOctalEscapes(fields[kRootField]);
  entry.mount_path = DecodeOctalEscapes(fields[kMountPointField]);
  entry.fstype = std::string(separator[1]);
  entry.super_options = std::string(separator[3]);
  return entry;
}

// True if a mount on `upper` covers `lower` (same path or a parent of it).
bool Covers(absl::string_view upper, absl::string_view lower) {
  if (upper == lower || upper == "/") return true;
  return absl::StartsWith(lower, upper) && lower.size() > upper.size() &&
         lower[upper.size()] == '/';
}

std::vector<CgroupHierarchy> KnownHierarchies(absl::string_view options) {
  std::vector<CgroupHierarchy> hierarchies;
  for (absl::string_view option : absl::StrSplit(options, ',')) {
    std::optional<CgroupHierarchy> hierarchy = HierarchyFromName(option);
    if (hierarchy.has_value() &&
        std::find(hierarchies.begin(), hierarchies.end(), *hierarchy) ==
            hierarchies.end()) {
      hierarchies.push_back(*hierarchy);
    }
  }
  std::sort(hierarchies.begin(), hierarchies.end());
  return hierarchies;
}

}  // namespace

absl::StatusOr<std::vector<CgroupMountPoint>> ParseCgroupMounts(
    absl::string_view mountinfo) {
  std::vector<MountEntry> entries;
  size_t line_number = 0;
  for (absl::string_view line : absl::StrSplit(mountinfo, '\n')) {
    ++line_number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    ASSIGN_OR_RETURN(MountEntry entry, ParseLine(line, line_number));
    entries.push_back(std::move(entry));
  }

  std::vector<CgroupMountPoint> mounts;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].fstype != "cgroup") continue;
    bool hidden = false;
    for (size_t j = i + 1; j < entries.size() && !hidden; ++j) {
      hidden = Covers(entries[j].mount_path, entries[i].mount_path);
    }
    if (hidden) continue;
    std::vector<CgroupHierarchy> hierarchies =
        KnownHierarchies(entries[i].super_options);
    if (hierarchies.empty()) continue;
    mounts.push_back(CgroupMountPoint{std::move(entries[i].mount_path),
                                      std::move(entries[i].mount_root),
                                      std::move(hierarchies)});
  }
  return mounts;
}

}  // namespace lmctfy
}  // namespace containers
