// SPDX-License-Identifier: Apache-2.0
// Reads, writes, creates and removes the files of one cgroup directory.

#include "lmctfy/controllers/cgroup_controller.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr mode_t kCgroupDirectoryMode = 0755;

// Parses a decimal integer. Values above INT64_MAX saturate, because the
// kernel prints "unlimited" as a huge unsigned number.
bool ParseSaturatingInt(absl::string_view text, int64_t* value) {
  if (absl::SimpleAtoi(text, value)) return true;

  uint64_t unsigned_value = 0;
  if (!absl::SimpleAtoi(text, &unsigned_value)) return false;
  *value = std::numeric_limits<int64_t>::max();
  return true;
}

absl::Status UnparsableError(absl::string_view path, absl::string_view what,
                             absl::string_view text) {
  return absl::InternalError(
      absl::StrCat(path, ": expected ", what, ", read \"", text, "\""));
}

// Parses every whitespace-separated word of `text` as a T.
template <typename T>
absl::StatusOr<std::vector<T>> ParseWords(absl::string_view path,
                                          absl::string_view text) {
  std::vector<T> values;
  for (absl::string_view word :
       absl::StrSplit(text, absl::ByAnyChar(" \t\n"), absl::SkipEmpty())) {
    T value;
    if (!absl::SimpleAtoi(word, &value)) {
      return UnparsableError(path, "a list of integers", word);
    }
    values.push_back(value);
  }
  return values;
}

// Removes `dir` and everything below it. The rmdir comes first: a leaf, the
// common case, then costs one syscall. cgroupfs refuses (EBUSY) a directory
// that still has subdirectories, and only then are they listed and removed.
// Vanished directories are fine: another process may be removing the tree.
absl::Status RemoveTree(const KernelApi& kernel, const std::string& dir) {
  absl::Status removed = kernel.RmDir(dir);
  if (removed.ok() || absl::IsNotFound(removed)) return absl::OkStatus();

  absl::StatusOr<std::vector<std::string>> children =
      kernel.ListSubdirectories(dir);
  if (absl::IsNotFound(children.status())) return absl::OkStatus();
  RETURN_IF_ERROR(children.status());
  // No subdirectory: the refusal has another cause (tasks, permissions).
  if (children->empty()) return removed;

  for (const std::string& child : *children) {
    RETURN_IF_ERROR(RemoveTree(kernel, absl::StrCat(dir, "/", child)));
  }
  removed = kernel.RmDir(dir);
  if (absl::IsNotFound(removed)) return absl::OkStatus();
  return removed;
}

}  // namespace

CgroupController::CgroupController(CgroupHierarchy hierarchy, std::string path,
                                   const KernelApi& kernel)
    : hierarchy_(hierarchy), path_(std::move(path)), kernel_(kernel) {}

std::string CgroupController::FilePath(absl::string_view file) const {
  return absl::StrCat(path_, "/", file);
}

std::string CgroupController::TasksFile() const { return FilePath("tasks"); }

bool CgroupController::Exists() const { return kernel_.IsDirectory(path_); }

bool CgroupController::HasFile(absl::string_view file) const {
  return kernel_.PathExists(FilePath(file));
}

absl::Status CgroupController::CreateDirectory() const {
  return kernel_.MkDir(path_, kCgroupDirectoryMode);
}

absl::Status CgroupController::Destroy() const {
  return RemoveTree(kernel_, path_);
}

absl::StatusOr<std::string> CgroupController::ReadFile(
    absl::string_view file) const {
  return kernel_.ReadFile(FilePath(file));
}

absl::Status CgroupController::WriteFile(absl::string_view file,
                                         absl::string_view value) const {
  const std::string path = FilePath(file);
  absl::Status status = kernel_.WriteFile(path, value);
  if (status.ok()) return status;

  // The libc kernel layer already says what was written where; only a terser
  // message needs the value and the path added.
  if (absl::StrContains(status.message(), path) &&
      absl::StrContains(status.message(), absl::StrCat("\"", value, "\""))) {
    return status;
  }
  return absl::Status(status.code(),
                      absl::StrCat("writing \"", value, "\" to ", path, ": ",
                                   status.message()));
}

absl::StatusOr<int64_t> CgroupController::ReadInt(
    absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  int64_t value = 0;
  if (!ParseSaturatingInt(trimmed, &value)) {
    return UnparsableError(FilePath(file), "an integer", trimmed);
  }
  return value;
}

absl::StatusOr<uint64_t> CgroupController::ReadUint(
    absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  uint64_t value = 0;
  if (!absl::SimpleAtoi(trimmed, &value)) {
    return UnparsableError(FilePath(file), "an unsigned integer", trimmed);
  }
  return value;
}

absl::Status CgroupController::WriteInt(absl::string_view file,
                                        int64_t value) const {
  return WriteFile(file, absl::StrCat(value));
}

absl::Status CgroupController::WriteUint(absl::string_view file,
                                         uint64_t value) const {
  return WriteFile(file, absl::StrCat(value));
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
CgroupController::ReadKeyValues(absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  std::vector<std::pair<std::string, int64_t>> pairs;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int64_t value = 0;
    if (words.size() != 2 || !ParseSaturatingInt(words[1], &value)) {
      return UnparsableError(FilePath(file), "\"<key> <integer>\"", line);
    }
    pairs.emplace_back(std::string(words[0]), value);
  }
  return pairs;
}

absl::StatusOr<std::vector<int64_t>> CgroupController::ReadIntList(
    absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  return ParseWords<int64_t>(FilePath(file), text);
}

absl::Status CgroupController::EnterThread(pid_t tid) const {
  return WriteInt("tasks", tid);
}

absl::Status CgroupController::EnterProcess(pid_t pid) const {
  return WriteInt("cgroup.procs", pid);
}

absl::StatusOr<std::vector<pid_t>> CgroupController::GetThreads() const {
  return ReadPids("tasks");
}

absl::StatusOr<std::vector<pid_t>> CgroupController::GetProcesses() const {
  return ReadPids("cgroup.procs");
}

absl::StatusOr<std::vector<std::string>> CgroupController::GetSubdirectories()
    const {
  return kernel_.ListSubdirectories(path_);
}

absl::Status CgroupController::Delegate(
    int64_t uid, int64_t gid,
    const std::vector<std::string>& extra_files) const {
  RETURN_IF_ERROR(kernel_.Chown(path_, uid, gid));
  RETURN_IF_ERROR(kernel_.Chown(FilePath("tasks"), uid, gid));
  RETURN_IF_ERROR(kernel_.Chown(FilePath("cgroup.procs"), uid, gid));

  // Optional files differ between kernels; only those present are handed over.
  for (const std::string& file : extra_files) {
    if (!HasFile(file)) continue;
    RETURN_IF_ERROR(kernel_.Chown(FilePath(file), uid, gid));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CgroupController::ValueOf(
    const std::vector<std::pair<std::string, int64_t>>& pairs,
    absl::string_view file, absl::string_view key) const {
  for (const auto& [name, value] : pairs) {
    if (name == key) return value;
  }
  return absl::InternalError(
      absl::StrCat(FilePath(file), ": key \"", key, "\" is missing"));
}

absl::StatusOr<std::vector<pid_t>> CgroupController::ReadPids(
    absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  return ParseWords<pid_t>(FilePath(file), text);
}

}  // namespace lmctfy
}  // namespace containers
