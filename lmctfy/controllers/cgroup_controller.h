// SPDX-License-Identifier: Apache-2.0
// The files of one cgroup directory in one cgroup v1 hierarchy: the shared
// base of every per-hierarchy controller.

#ifndef LMCTFY_CONTROLLERS_CGROUP_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_CGROUP_CONTROLLER_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/config.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Reads and writes the files of one cgroup directory. It formats and parses
// kernel text and nothing more: no defaults and no spec logic. Writes are
// decimal text without a newline. Errors keep the kernel's code and name the
// file and the value involved.
//
// Does not own `kernel`, which must outlive it. Thread-safe: it holds no
// mutable state.
class CgroupController {
 public:
  // `path` is the absolute cgroup directory without a trailing slash, e.g.
  // /sys/fs/cgroup/memory/a/b.
  CgroupController(CgroupHierarchy hierarchy, std::string path,
                   const KernelApi& kernel);
  virtual ~CgroupController() = default;

  CgroupHierarchy hierarchy() const { return hierarchy_; }
  const std::string& path() const { return path_; }

  // `file` inside the cgroup directory.
  std::string FilePath(absl::string_view file) const;
  // The "tasks" file; what a new process writes itself into.
  std::string TasksFile() const;

  // True if the cgroup directory exists.
  virtual bool Exists() const;
  // True if `file` exists in the cgroup directory.
  virtual bool HasFile(absl::string_view file) const;

  // Makes the cgroup directory (mode 0755). ALREADY_EXISTS if it is there;
  // other kernel errors as returned.
  virtual absl::Status CreateDirectory() const;
  // Removes the cgroup directory and every cgroup below it, children before
  // their parents. A directory that is already gone counts as removed. The
  // first other kernel error stops the removal and is returned; what was
  // removed stays removed.
  virtual absl::Status Destroy() const;

  // The raw contents of `file`.
  virtual absl::StatusOr<std::string> ReadFile(absl::string_view file) const;
  // Writes `value` to `file` in one write. Kernel errors keep their code and
  // gain the value and the path.
  virtual absl::Status WriteFile(absl::string_view file,
                                 absl::string_view value) const;

  // The integer in `file`, surrounding whitespace ignored. Values above
  // INT64_MAX (the kernel's "unlimited") saturate at INT64_MAX. INTERNAL,
  // naming the file and the text, when it holds anything else.
  virtual absl::StatusOr<int64_t> ReadInt(absl::string_view file) const;
  // The unsigned integer in `file`; INTERNAL on other text.
  virtual absl::StatusOr<uint64_t> ReadUint(absl::string_view file) const;
  // Writes `value` as decimal text.
  virtual absl::Status WriteInt(absl::string_view file, int64_t value) const;
  virtual absl::Status WriteUint(absl::string_view file, uint64_t value) const;

  // "key value" lines of `file` (blank lines skipped), in file order. Values
  // saturate like ReadInt. INTERNAL naming the file and the line when a line
  // has another shape.
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  ReadKeyValues(absl::string_view file) const;
  // The whitespace-separated integers of `file`, in order; INTERNAL naming
  // the file and the word that is not one.
  virtual absl::StatusOr<std::vector<int64_t>> ReadIntList(
      absl::string_view file) const;

  // Moves thread `tid` into this cgroup (writes "tasks").
  virtual absl::Status EnterThread(pid_t tid) const;
  // Moves every thread of process `pid` into this cgroup (writes
  // "cgroup.procs").
  virtual absl::Status EnterProcess(pid_t pid) const;
  // Thread ids in "tasks", in file order.
  virtual absl::StatusOr<std::vector<pid_t>> GetThreads() const;
  // Process ids in "cgroup.procs", in file order.
  virtual absl::StatusOr<std::vector<pid_t>> GetProcesses() const;
  // Names (not paths) of the child cgroups.
  virtual absl::StatusOr<std::vector<std::string>> GetSubdirectories() const;

  // Hands the cgroup to `uid`/`gid` (-1 keeps an id): chowns the directory,
  // "tasks", "cgroup.procs" and each of `extra_files` that exists. Stops at
  // the first kernel error.
  virtual absl::Status Delegate(
      int64_t uid, int64_t gid,
      const std::vector<std::string>& extra_files) const;

 protected:
  const KernelApi& kernel() const { return kernel_; }

  // The value of `key` among `pairs`, which were read from `file`. INTERNAL
  // naming the file and the key when it is missing.
  absl::StatusOr<int64_t> ValueOf(
      const std::vector<std::pair<std::string, int64_t>>& pairs,
      absl::string_view file, absl::string_view key) const;

 private:
  absl::StatusOr<std::vector<pid_t>> ReadPids(absl::string_view file) const;

  const CgroupHierarchy hierarchy_;
  const std::string path_;
  const KernelApi& kernel_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_CGROUP_CONTROLLER_H_
