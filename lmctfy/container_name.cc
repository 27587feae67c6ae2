// SPDX-License-Identifier: Apache-2.0
// Checks container names against INTERFACE.md section 1 and turns relative
// names into absolute, canonical ones.

#include "lmctfy/container_name.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Whole components that are cgroup v1 control files.
constexpr absl::string_view kReservedComponents[] = {
    "tasks", "notify_on_release", "release_agent"};

// A component "<prefix>.<rest>" with one of these prefixes could collide with
// a control file of that cgroup subsystem (or the core "cgroup.*" files).
constexpr absl::string_view kReservedPrefixes[] = {
    "cgroup",  "cpu",   "cpuacct",    "cpuset",  "memory",   "devices",
    "freezer", "blkio", "perf_event", "net_cls", "net_prio", "hugetlb",
    "pids",    "rdma",  "misc",       "job",     "rlimit"};

bool IsAllowedCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '-' || c == '.' || c == '/';
}

absl::Status InvalidName(absl::string_view name, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "container name \"", absl::CHexEscape(name), "\" ", problem));
}

bool IsReserved(absl::string_view component) {
  for (absl::string_view reserved : kReservedComponents) {
    if (component == reserved) return true;
  }
  const size_t dot = component.find('.');
  if (dot == absl::string_view::npos) return false;
  const absl::string_view prefix = component.substr(0, dot);
  for (absl::string_view reserved : kReservedPrefixes) {
    if (prefix == reserved) return true;
  }
  return false;
}

// Why `component` cannot be part of a resolved name, or "" if it can.
std::string ComponentProblem(absl::string_view component) {
  if (component.empty()) return "has an empty path component";
  if (component.size() > kMaxNameComponentBytes) {
    return absl::StrCat("has a component of ", component.size(),
                        " bytes (limit ", kMaxNameComponentBytes, ")");
  }
  for (char c : component) {
    if (!IsAllowedCharacter(c) || c == '/') {
      return absl::StrCat(
          "has invalid character '", absl::CHexEscape(absl::string_view(&c, 1)),
          "' in component \"", absl::CHexEscape(component), "\"");
    }
  }
  if (!absl::ascii_isalnum(static_cast<unsigned char>(component[0]))) {
    return absl::StrCat("has component \"", component,
                        "\" that does not start with a letter or digit");
  }
  if (IsReserved(component)) {
    return absl::StrCat("has component \"", component,
                        "\" that is reserved for cgroup control files");
  }
  return "";
}

absl::Status CheckCharacters(absl::string_view name) {
  if (name.empty()) return InvalidName(name, "is empty");
  for (char c : name) {
    if (!IsAllowedCharacter(c)) {
      return InvalidName(
          name, absl::StrCat("contains invalid character '",
                             absl::CHexEscape(absl::string_view(&c, 1)), "'"));
    }
  }
  return absl::OkStatus();
}

// Splits `name` into its components. A leading '/' marks an absolute name
// and one trailing '/' is ignored; any other empty component is an error.
absl::StatusOr<std::vector<absl::string_view>> SplitComponents(
    absl::string_view name) {
  absl::string_view body = name;
  if (absl::ConsumePrefix(&body, "/") && body.empty()) {
    return std::vector<absl::string_view>();
  }
  absl::ConsumeSuffix(&body, "/");
  std::vector<absl::string_view> components = absl::StrSplit(body, '/');
  for (absl::string_view component : components) {
    if (component.empty()) {
      return InvalidName(name, "has an empty path component");
    }
  }
  return components;
}

// The components of the caller's container, which must be absolute.
absl::StatusOr<std::vector<std::string>> CurrentComponents(
    absl::string_view name, const CurrentContainerFn& current) {
  ASSIGN_OR_RETURN(std::string current_name, current());
  if (!absl::StartsWith(current_name, "/")) {
    return absl::InternalError(
        absl::StrCat("resolving container name \"", absl::CHexEscape(name),
                     "\": current container \"", absl::CHexEscape(current_name),
                     "\" is not absolute"));
  }
  return std::vector<std::string>(
      absl::StrSplit(current_name, '/', absl::SkipEmpty()));
}

}  // namespace

absl::StatusOr<std::string> ResolveContainerName(
    absl::string_view name, const CurrentContainerFn& current) {
  RETURN_IF_ERROR(CheckCharacters(name));
  ASSIGN_OR_RETURN(std::vector<absl::string_view> input, SplitComponents(name));

  std::vector<std::string> resolved;
  if (!absl::StartsWith(name, "/")) {
    ASSIGN_OR_RETURN(resolved, CurrentComponents(name, current));
  }

  for (absl::string_view component : input) {
    if (component == ".") continue;
    if (component == "..") {
      if (resolved.empty()) {
        return InvalidName(name, "climbs above the root container");
      }
      resolved.pop_back();
      continue;
    }
    resolved.emplace_back(component);
  }

  // Components of the caller's container are checked too: the result must be
  // a name lmctfy itself could have created.
  for (const std::string& component : resolved) {
    std::string problem = ComponentProblem(component);
    if (!problem.empty()) return InvalidName(name, problem);
  }

  std::string result = absl::StrCat("/", absl::StrJoin(resolved, "/"));
  if (result.size() > kMaxContainerNameBytes) {
    return InvalidName(
        name, absl::StrCat("resolves to ", result.size(), " bytes (limit ",
                           kMaxContainerNameBytes, ")"));
  }
  return result;
}

bool IsValidNameComponent(absl::string_view component) {
  return ComponentProblem(component).empty();
}

std::string ParentName(absl::string_view absolute_name) {
  const size_t slash = absolute_name.rfind('/');
  if (slash == absl::string_view::npos || slash == 0) return "/";
  return std::string(absolute_name.substr(0, slash));
}

std::string BaseName(absl::string_view absolute_name) {
  const size_t slash = absolute_name.rfind('/');
  if (slash == absl::string_view::npos) return std::string(absolute_name);
  return std::string(absolute_name.substr(slash + 1));
}

std::string JoinName(absl::string_view parent, absl::string_view child) {
  if (parent.empty() || parent == "/") return absl::StrCat("/", child);
  return absl::StrCat(parent, "/", child);
}

}  // namespace lmctfy
}  // namespace containers
