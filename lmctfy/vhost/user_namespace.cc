// SPDX-License-Identifier: Apache-2.0
// User namespace id maps of a virtual host; see the header.

#include "lmctfy/vhost/user_namespace.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// The most lines a uid_map or gid_map takes (since Linux 4.15).
constexpr int kMaxIdMapLines = 340;
// Ids run up to this one, which is itself invalid ((uid_t)-1).
constexpr uint64_t kIdLimit = 4294967295u;
constexpr char kField[] = "virtual_host.user_namespace.";

using IdMap = google::protobuf::RepeatedPtrField<IdMapEntry>;

absl::Status Invalid(absl::string_view container, absl::string_view field,
                     absl::string_view value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "container ", container, ": ", kField, field, " \"", value, "\" ", why));
}

// Whether [a, a + a_length) and [b, b + b_length) share an id.
bool Overlap(uint64_t a, uint64_t a_length, uint64_t b, uint64_t b_length) {
  return a < b + b_length && b < a + a_length;
}

absl::Status CheckLine(absl::string_view container, const std::string& field,
                       const IdMap& map, int index) {
  const IdMapEntry& line = map.Get(index);
  if (line.length() == 0) {
    return Invalid(container, absl::StrCat(field, ".length"), "0",
                   "must be at least 1");
  }
  for (const auto& [name, first] :
       {std::pair<const char*, uint64_t>{"id_inside_ns", line.id_inside_ns()},
        {"id_outside_ns", line.id_outside_ns()}}) {
    if (first + line.length() > kIdLimit) {
      return Invalid(
          container, absl::StrCat(field, ".", name), absl::StrCat(first),
          absl::StrCat("with length ", line.length(),
                       " runs past the last valid id ", kIdLimit - 1));
    }
  }
  for (int other = 0; other < index; ++other) {
    const IdMapEntry& earlier = map.Get(other);
    if (Overlap(line.id_inside_ns(), line.length(), earlier.id_inside_ns(),
                earlier.length()) ||
        Overlap(line.id_outside_ns(), line.length(), earlier.id_outside_ns(),
                earlier.length())) {
      return Invalid(container, field,
                     absl::StrCat(line.id_inside_ns(), " ",
                                  line.id_outside_ns(), " ", line.length()),
                     absl::StrCat("overlaps line ", other, " of the map"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMap(absl::string_view container, const char* name,
                      const IdMap& map) {
  if (map.empty() || map.size() > kMaxIdMapLines) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", container, ": ", kField, name, " has ",
                     map.size(), " lines; it must have 1 to ", kMaxIdMapLines));
  }
  for (int index = 0; index < map.size(); ++index) {
    RETURN_IF_ERROR(
        CheckLine(container, absl::StrCat(name, "[", index, "]"), map, index));
  }
  if (!MapsInsideId(map, 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "container ", container, ": ", kField, name,
        " maps no id_inside_ns 0; the virtual host's root must be mapped"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckUserNamespaceSpec(absl::string_view container,
                                    const UserNsSpec& spec) {
  RETURN_IF_ERROR(CheckMap(container, "uid_map", spec.uid_map()));
  return CheckMap(container, "gid_map", spec.gid_map());
}

absl::Status CheckUserNamespacesAllowed(absl::string_view container,
                                        const KernelApi& kernel) {
  if (!kernel.PathExists("/proc/self/ns/user")) {
    return absl::UnimplementedError(absl::StrCat(
        "container ", container,
        ": virtual_host.user_namespace needs user namespaces, which this "
        "kernel lacks (no /proc/self/ns/user)"));
  }
  absl::StatusOr<std::string> limit =
      kernel.ReadFile("/proc/sys/user/max_user_namespaces");
  int64_t value = 0;
  if (limit.ok() &&
      absl::SimpleAtoi(absl::StripAsciiWhitespace(*limit), &value) &&
      value == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container ", container,
        ": virtual_host.user_namespace needs user namespaces, which are "
        "turned off (/proc/sys/user/max_user_namespaces is 0)"));
  }
  return absl::OkStatus();
}

std::string IdMapText(const IdMap& map) {
  std::string text;
  for (const IdMapEntry& line : map) {
    absl::StrAppend(&text, line.id_inside_ns(), " ", line.id_outside_ns(), " ",
                    line.length(), "\n");
  }
  return text;
}

bool MapsInsideId(const IdMap& map, uint32_t inside) {
  for (const IdMapEntry& line : map) {
    if (Overlap(inside, 1, line.id_inside_ns(), line.length())) return true;
  }
  return false;
}

absl::Status WriteIdMaps(const KernelApi& kernel, pid_t pid,
                         const UserNsSpec& spec) {
  RETURN_IF_ERROR(kernel.WriteFile(absl::StrCat("/proc/", pid, "/uid_map"),
                                   IdMapText(spec.uid_map())));
  return kernel.WriteFile(absl::StrCat("/proc/", pid, "/gid_map"),
                          IdMapText(spec.gid_map()));
}

}  // namespace lmctfy
}  // namespace containers
