// SPDX-License-Identifier: Apache-2.0
// An in-memory cgroup filesystem behind a NiceMock<MockKernelApi>, so the
// container-layer tests can lay out directories and files and then check
// what a call made, wrote, chowned and removed; and FakeMachineTest, the
// fixture that mounts hierarchies on it and builds an ApiContext.

#ifndef LMCTFY_TESTS_UNIT_LMCTFY_FAKE_CGROUPFS_H_
#define LMCTFY_TESTS_UNIT_LMCTFY_FAKE_CGROUPFS_H_

#include <sys/file.h>
#include <sys/types.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/config.pb.h"
#include "lmctfy/api_context.h"
#include "system_api/mock_kernel_api.h"
#include "util/hierarchy_names.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {

// Directories and files keyed by absolute path. A new directory below a
// registered mount gets that mount's template files, the way the kernel fills
// a new cgroup. Every change is appended to log() as "mkdir P", "rmdir P",
// "rename P Q", "write P V", "chown P UID GID", "setxattr P NAME VALUE",
// "lock P" or "unlock P". Changes are also counted as steps, so a test can
// make one step fail or stop every change from one step on, as if the caller
// were killed there (FailStep, DieAtStep), and Save and Restore the whole
// tree to repeat a call from the same start. Not thread-safe; must outlive
// every call made through the mock it is attached to.
class FakeCgroupFs {
 public:
  using Files = std::map<std::string, std::string>;

  explicit FakeCgroupFs(::testing::NiceMock<MockKernelApi>& kernel) {
    using ::testing::_;
    ON_CALL(kernel, ReadFile(_)).WillByDefault([this](absl::string_view p) {
      return Read(p);
    });
    ON_CALL(kernel, WriteFile(_, _))
        .WillByDefault([this](absl::string_view p, absl::string_view v) {
          return Write(p, v);
        });
    ON_CALL(kernel, PathExists(_)).WillByDefault([this](absl::string_view p) {
      return HasDir(p) || HasFile(p);
    });
    ON_CALL(kernel, IsDirectory(_)).WillByDefault([this](absl::string_view p) {
      return HasDir(p);
    });
    ON_CALL(kernel, ListSubdirectories(_))
        .WillByDefault([this](absl::string_view p) { return List(p); });
    ON_CALL(kernel, DirectoryLinkCount(_))
        .WillByDefault([this](absl::string_view p) -> absl::StatusOr<uint64_t> {
          ASSIGN_OR_RETURN(std::vector<std::string> children, List(p));
          return 2 + children.size();
        });
    ON_CALL(kernel, MkDir(_, _))
        .WillByDefault([this](absl::string_view p, mode_t) { return Make(p); });
    ON_CALL(kernel, RmDir(_)).WillByDefault([this](absl::string_view p) {
      return Remove(p);
    });
    ON_CALL(kernel, Rename(_, _))
        .WillByDefault([this](absl::string_view from, absl::string_view to) {
          return Move(from, to);
        });
    ON_CALL(kernel, Chown(_, _, _))
        .WillByDefault([this](absl::string_view p, int64_t uid, int64_t gid) {
          return ChangeOwner(p, uid, gid);
        });
    ON_CALL(kernel, SetXattr(_, _, _))
        .WillByDefault([this](absl::string_view p, absl::string_view name,
                              absl::string_view value) {
          if (!HasFile(p) && !HasDir(p)) return Missing(p);
          RETURN_IF_ERROR(Step(p));
          log_.push_back(absl::StrCat("setxattr ", p, " ", name, " ", value));
          xattrs_[absl::StrCat(p, " ", name)] = std::string(value);
          return absl::OkStatus();
        });
    // Directories and files can be opened and flocked; "lock P" and
    // "unlock P" (at close) are logged, and flocks() tells shared from
    // exclusive. Locks never block: the fake is single-threaded.
    ON_CALL(kernel, Open(_, _))
        .WillByDefault([this](absl::string_view p, int) -> absl::StatusOr<int> {
          if (!HasDir(p) && !HasFile(p)) return Missing(p);
          open_fds_[next_fd_] = std::string(p);
          return next_fd_++;
        });
    ON_CALL(kernel, Flock(_, _)).WillByDefault([this](int fd, int operation) {
      log_.push_back(absl::StrCat("lock ", open_fds_[fd]));
      flocks_.push_back(absl::StrCat((operation & LOCK_EX) != 0 ? "ex " : "sh ",
                                     open_fds_[fd]));
      return absl::OkStatus();
    });
    ON_CALL(kernel, Close(_)).WillByDefault([this](int fd) {
      log_.push_back(absl::StrCat("unlock ", open_fds_[fd]));
      open_fds_.erase(fd);
      return absl::OkStatus();
    });
    ON_CALL(kernel, GetXattr(_, _))
        .WillByDefault(
            [this](absl::string_view p,
                   absl::string_view name) -> absl::StatusOr<std::string> {
              auto it = xattrs_.find(absl::StrCat(p, " ", name));
              if ((!HasFile(p) && !HasDir(p)) || it == xattrs_.end()) {
                return absl::NotFoundError(
                    absl::StrCat(p, " has no attribute ", name));
              }
              return it->second;
            });
  }

  FakeCgroupFs(const FakeCgroupFs&) = delete;
  FakeCgroupFs& operator=(const FakeCgroupFs&) = delete;

  // Files every directory made below `mount` starts with.
  void SetTemplate(const std::string& mount, Files files) {
    templates_[mount] = std::move(files);
  }

  // Adds `path` and its missing parents without logging; `path` itself gets
  // its mount's template files unless it is a mount.
  void AddDir(const std::string& path) {
    std::string current;
    for (absl::string_view part :
         absl::StrSplit(path, '/', absl::SkipEmpty())) {
      absl::StrAppend(&current, "/", part);
      if (!HasDir(current)) dirs_[current] = next_order_++;
    }
    AddTemplateFiles(path);
  }

  void SetFile(const std::string& path, std::string contents) {
    files_[path] = std::move(contents);
  }
  void RemoveFile(const std::string& path) { files_.erase(path); }

  // What the tree holds: directories, files with their contents, owners and
  // extended attributes. Log and injected failures are not part of it.
  struct Saved {
    std::map<std::string, uint64_t> dirs;
    uint64_t next_order = 0;
    Files files;
    std::map<std::string, std::string> owners;
    std::map<std::string, std::string> xattrs;
  };
  Saved Save() const { return {dirs_, next_order_, files_, owners_, xattrs_}; }
  void Restore(const Saved& saved) {
    dirs_ = saved.dirs;
    next_order_ = saved.next_order;
    files_ = saved.files;
    owners_ = saved.owners;
    xattrs_ = saved.xattrs;
  }
  // The tree as sorted lines ("dir P", "file P=V", "owner P UID GID",
  // "xattr P NAME=V"), for comparing two trees with a readable difference.
  std::string Dump() const {
    std::vector<std::string> lines;
    for (const auto& [dir, order] : dirs_) lines.push_back("dir " + dir);
    for (const auto& [path, value] : files_) {
      lines.push_back(absl::StrCat("file ", path, "=", value));
    }
    for (const auto& [path, ids] : owners_) {
      lines.push_back(absl::StrCat("owner ", path, " ", ids));
    }
    for (const auto& [key, value] : xattrs_) {
      lines.push_back(absl::StrCat("xattr ", key, "=", value));
    }
    std::sort(lines.begin(), lines.end());
    return absl::StrJoin(lines, "\n");
  }

  // Changes made so far: mkdir, rmdir, rename, write, chown, setxattr and
  // the test's own TakeStep calls, each one step.
  int steps() const { return steps_; }
  // Step `step` (counted from 0, by steps()) fails with `status`, its
  // message prefixed with the path, and changes nothing; the others go on as
  // usual.
  void FailStep(int step, absl::Status status) {
    fail_step_ = step;
    fail_status_ = std::move(status);
  }
  // Step `step` and every later one fail with ABORTED and change nothing: what
  // a caller SIGKILLed just before that step leaves behind. Reads still work.
  void DieAtStep(int step) { die_step_ = step; }
  // Ends FailStep and DieAtStep and restarts the step count.
  void Revive() {
    fail_step_ = -1;
    die_step_ = -1;
    steps_ = 0;
  }
  // Counts one change a test makes itself (e.g. "kill 10"); OK when it may
  // happen.
  absl::Status TakeStep(absl::string_view what) { return Step(what); }
  // Lock requests in order, "ex P" or "sh P".
  const std::vector<std::string>& flocks() const { return flocks_; }

  // The next matching call fails with `status` (and changes nothing).
  void FailWrite(const std::string& path, absl::Status status) {
    write_failures_[path] = std::move(status);
  }
  void FailMkDir(const std::string& path, absl::Status status) {
    mkdir_failures_[path] = std::move(status);
  }
  void FailRmDir(const std::string& path, absl::Status status) {
    rmdir_failures_[path] = std::move(status);
  }

  // Drops `pid` from every tasks and cgroup.procs file, as its death would.
  void RemoveTask(pid_t pid) {
    for (auto& [path, contents] : files_) {
      if (!absl::EndsWith(path, "/tasks") &&
          !absl::EndsWith(path, "/cgroup.procs")) {
        continue;
      }
      std::vector<std::string> kept;
      for (absl::string_view word :
           absl::StrSplit(contents, '\n', absl::SkipEmpty())) {
        int parsed = 0;
        if (!absl::SimpleAtoi(word, &parsed) || parsed != pid) {
          kept.emplace_back(word);
        }
      }
      contents =
          kept.empty() ? "" : absl::StrCat(absl::StrJoin(kept, "\n"), "\n");
    }
  }

  bool HasDir(absl::string_view path) const {
    return dirs_.count(std::string(path)) > 0;
  }
  bool HasFile(absl::string_view path) const {
    return files_.count(std::string(path)) > 0;
  }
  // Contents of `path`, or "<missing>".
  std::string File(const std::string& path) const {
    auto it = files_.find(path);
    return it == files_.end() ? "<missing>" : it->second;
  }

  const std::vector<std::string>& log() const { return log_; }
  // Adds an event of the test's own (e.g. "kill 10") to the log.
  void AppendLog(std::string entry) { log_.push_back(std::move(entry)); }
  // The log entries starting with `prefix` (e.g. "mkdir "), in order.
  std::vector<std::string> LogOf(absl::string_view prefix) const {
    std::vector<std::string> matching;
    for (const std::string& entry : log_) {
      if (absl::StartsWith(entry, prefix)) matching.push_back(entry);
    }
    return matching;
  }
  void ClearLog() {
    log_.clear();
    flocks_.clear();
  }

 private:
  static std::string Parent(absl::string_view path) {
    size_t slash = path.rfind('/');
    return slash == 0 || slash == absl::string_view::npos
               ? std::string("/")
               : std::string(path.substr(0, slash));
  }

  static absl::Status Injected(std::map<std::string, absl::Status>& failures,
                               absl::string_view path) {
    auto it = failures.find(std::string(path));
    if (it == failures.end()) return absl::OkStatus();
    absl::Status status = std::move(it->second);
    failures.erase(it);
    return status;
  }

  // Counts a change of `what` (a path, or the test's own description).
  absl::Status Step(absl::string_view what) {
    const int step = steps_++;
    if (die_step_ >= 0 && step >= die_step_) {
      return absl::AbortedError(
          absl::StrCat(what, ": killed at step ", die_step_));
    }
    if (step == fail_step_) {
      return absl::Status(fail_status_.code(),
                          absl::StrCat(what, ": ", fail_status_.message()));
    }
    return absl::OkStatus();
  }

  static absl::Status Missing(absl::string_view path) {
    return absl::NotFoundError(
        absl::StrCat(path, ": No such file or directory"));
  }

  void AddTemplateFiles(const std::string& dir) {
    for (const auto& [mount, files] : templates_) {
      if (!absl::StartsWith(dir, absl::StrCat(mount, "/"))) continue;
      for (const auto& [name, contents] : files) {
        files_[absl::StrCat(dir, "/", name)] = contents;
      }
    }
  }

  absl::StatusOr<std::string> Read(absl::string_view path) const {
    auto it = files_.find(std::string(path));
    if (it == files_.end()) return Missing(path);
    return it->second;
  }

  absl::Status Write(absl::string_view path, absl::string_view value) {
    if (absl::Status failure = Injected(write_failures_, path); !failure.ok()) {
      return failure;
    }
    auto it = files_.find(std::string(path));
    if (it == files_.end()) return Missing(path);
    RETURN_IF_ERROR(Step(path));
    it->second = std::string(value);
    log_.push_back(absl::StrCat("write ", path, " ", value));
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> List(absl::string_view path) const {
    if (!HasDir(path)) return Missing(path);
    std::vector<std::pair<uint64_t, std::string>> children;
    std::string prefix = absl::StrCat(path, "/");
    for (const auto& [dir, order] : dirs_) {
      absl::string_view rest = dir;
      if (!absl::ConsumePrefix(&rest, prefix)) continue;
      if (rest.empty() || absl::StrContains(rest, '/')) continue;
      children.emplace_back(order, std::string(rest));
    }
    // Directory order is creation order, not alphabetical.
    std::sort(children.begin(), children.end());
    std::vector<std::string> names;
    for (auto& child : children) names.push_back(std::move(child.second));
    return names;
  }

  absl::Status Make(absl::string_view path) {
    if (absl::Status failure = Injected(mkdir_failures_, path); !failure.ok()) {
      return failure;
    }
    if (HasDir(path) || HasFile(path)) {
      return absl::AlreadyExistsError(absl::StrCat(path, ": File exists"));
    }
    if (!HasDir(Parent(path))) return Missing(path);
    RETURN_IF_ERROR(Step(path));
    dirs_[std::string(path)] = next_order_++;
    AddTemplateFiles(std::string(path));
    log_.push_back(absl::StrCat("mkdir ", path));
    return absl::OkStatus();
  }

  absl::Status Remove(absl::string_view path) {
    if (absl::Status failure = Injected(rmdir_failures_, path); !failure.ok()) {
      return failure;
    }
    if (!HasDir(path)) return Missing(path);
    absl::StatusOr<std::vector<std::string>> children = List(path);
    if (!children->empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": Device or resource busy"));
    }
    RETURN_IF_ERROR(Step(path));
    dirs_.erase(std::string(path));
    const std::string dir(path);
    const std::string prefix = absl::StrCat(path, "/");
    auto below = [&](const std::string& key) {
      return key == dir || absl::StartsWith(key, prefix) ||
             absl::StartsWith(key, dir + " ");
    };
    EraseIf(files_, below);
    EraseIf(owners_, below);
    EraseIf(xattrs_, below);
    log_.push_back(absl::StrCat("rmdir ", path));
    return absl::OkStatus();
  }

  // Moves a directory with everything below it, as cgroup v1 renames a
  // cgroup within its parent.
  absl::Status Move(absl::string_view from, absl::string_view to) {
    if (!HasDir(from)) return Missing(from);
    if (HasDir(to) || HasFile(to)) {
      return absl::AlreadyExistsError(absl::StrCat(to, ": File exists"));
    }
    if (Parent(from) != Parent(to)) {
      return absl::InternalError(
          absl::StrCat("renaming ", from, " to ", to, ": Input/output error"));
    }
    RETURN_IF_ERROR(Step(from));
    const std::string old_dir(from);
    const std::string new_dir(to);
    // Keys are paths, or "<path> <attribute>" for xattrs.
    auto moved = [&](const std::string& key) -> std::optional<std::string> {
      if (key == old_dir) return new_dir;
      for (char separator : {'/', ' '}) {
        if (absl::StartsWith(key, old_dir + separator)) {
          return new_dir + key.substr(old_dir.size());
        }
      }
      return std::nullopt;
    };
    MoveKeys(dirs_, moved);
    MoveKeys(files_, moved);
    MoveKeys(owners_, moved);
    MoveKeys(xattrs_, moved);
    log_.push_back(absl::StrCat("rename ", from, " ", to));
    return absl::OkStatus();
  }

  template <typename Map, typename Pred>
  static void EraseIf(Map& map, const Pred& pred) {
    for (auto it = map.begin(); it != map.end();) {
      it = pred(it->first) ? map.erase(it) : std::next(it);
    }
  }

  template <typename Map, typename Fn>
  static void MoveKeys(Map& map, const Fn& moved) {
    Map result;
    for (auto& [key, value] : map) {
      std::optional<std::string> new_key = moved(key);
      result[new_key.has_value() ? *new_key : key] = std::move(value);
    }
    map = std::move(result);
  }

  absl::Status ChangeOwner(absl::string_view path, int64_t uid, int64_t gid) {
    if (!HasDir(path) && !HasFile(path)) return Missing(path);
    RETURN_IF_ERROR(Step(path));
    // -1 keeps that id.
    std::string& ids = owners_[std::string(path)];
    std::vector<std::string> old_ids = absl::StrSplit(ids, ' ');
    if (old_ids.size() != 2) old_ids = {"0", "0"};
    ids = absl::StrCat(uid == -1 ? old_ids[0] : absl::StrCat(uid), " ",
                       gid == -1 ? old_ids[1] : absl::StrCat(gid));
    log_.push_back(absl::StrCat("chown ", path, " ", uid, " ", gid));
    return absl::OkStatus();
  }

  std::map<std::string, uint64_t> dirs_;
  uint64_t next_order_ = 0;
  Files files_;
  std::map<std::string, Files> templates_;
  std::map<std::string, absl::Status> write_failures_;
  std::map<std::string, absl::Status> mkdir_failures_;
  std::map<std::string, absl::Status> rmdir_failures_;
  std::vector<std::string> log_;
  std::vector<std::string> flocks_;
  // "UID GID" of paths that were chowned.
  std::map<std::string, std::string> owners_;
  int steps_ = 0;
  int fail_step_ = -1;
  absl::Status fail_status_;
  int die_step_ = -1;
  // Descriptors handed out by Open, and the paths they name.
  std::map<int, std::string> open_fds_;
  int next_fd_ = 100;
  // Extended attributes keyed by "<path> <name>".
  std::map<std::string, std::string> xattrs_;
};

// Matches an ok absl::StatusOr whose value equals `expected`.
MATCHER_P(IsOkAndHolds, expected, "") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return *arg == expected;
}

// The files a new cgroup of `hierarchy` starts with on a vanilla kernel
// (freezer.state only below the root, as on a real machine).
inline FakeCgroupFs::Files FakeCgroupFiles(CgroupHierarchy hierarchy) {
  FakeCgroupFs::Files files = {
      {"tasks", ""}, {"cgroup.procs", ""}, {"cgroup.clone_children", "0\n"}};
  switch (hierarchy) {
    case CGROUP_FREEZER:
      files["freezer.state"] = "THAWED\n";
      files["freezer.parent_freezing"] = "0\n";
      files["freezer.self_freezing"] = "0\n";
      break;
    case CGROUP_CPU:
      files["cpu.shares"] = "1024\n";
      files["cpu.cfs_period_us"] = "100000\n";
      files["cpu.cfs_quota_us"] = "-1\n";
      files["cpu.stat"] = "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n";
      break;
    case CGROUP_CPUACCT:
      files["cpuacct.usage"] = "0\n";
      files["cpuacct.usage_percpu"] = "0 0 0 0 \n";
      files["cpuacct.stat"] = "user 0\nsystem 0\n";
      break;
    case CGROUP_CPUSET:
      files["cpuset.cpus"] = "\n";
      files["cpuset.mems"] = "\n";
      break;
    case CGROUP_MEMORY:
      files["memory.limit_in_bytes"] = "9223372036854771712\n";
      files["memory.soft_limit_in_bytes"] = "9223372036854771712\n";
      files["memory.memsw.limit_in_bytes"] = "9223372036854771712\n";
      files["memory.usage_in_bytes"] = "0\n";
      files["memory.max_usage_in_bytes"] = "0\n";
      files["memory.failcnt"] = "0\n";
      files["memory.stat"] = "cache 0\nrss 0\ntotal_inactive_anon 0\n";
      files["memory.oom_control"] = "oom_kill_disable 0\nunder_oom 0\n";
      files["cgroup.event_control"] = "";
      break;
    case CGROUP_DEVICE:
      files["devices.allow"] = "";
      files["devices.deny"] = "";
      files["devices.list"] = "a *:* rwm\n";
      break;
    default:
      break;
  }
  return files;
}

// Base of the container-layer tests: a NiceMock kernel backed by a
// FakeCgroupFs holding mounted hierarchies and their root cgroups, and the
// ApiContext built on them. The calling thread is in container "/".
class FakeMachineTest : public ::testing::Test {
 protected:
  FakeMachineTest() : fs_(kernel_) {
    fs_.SetFile("/proc/thread-self/cgroup", "4:freezer:/\n");
  }

  // Mounts cpu, cpuacct, cpuset, memory, devices and freezer (and
  // perf_event when asked), each alone at /cg/<name>.
  void MountSeparately(bool with_perf_event = false) {
    for (CgroupHierarchy h : {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET,
                              CGROUP_MEMORY, CGROUP_DEVICE, CGROUP_FREEZER}) {
      Mount({h});
    }
    if (with_perf_event) Mount({CGROUP_PERF_EVENT});
  }

  // Mounts `hierarchies` together at /cg/<name>,<name>... and adds the root
  // cgroup. The first call replaces the default of no mounts.
  void Mount(const std::vector<CgroupHierarchy>& hierarchies) {
    std::vector<std::string> names;
    FakeCgroupFs::Files files;
    CgroupMount* mount = machine_.add_cgroup_mount();
    for (CgroupHierarchy h : hierarchies) {
      names.emplace_back(HierarchyName(h));
      mount->add_hierarchy(h);
      files.merge(FakeCgroupFiles(h));
    }
    std::string path = absl::StrCat("/cg/", absl::StrJoin(names, ","));
    mount->set_mount_path(path);
    for (CgroupHierarchy h : hierarchies) mounts_[h] = path;
    fs_.SetTemplate(path, files);

    fs_.AddDir(path);
    for (const auto& [file, contents] : files) {
      fs_.SetFile(absl::StrCat(path, "/", file), contents);
    }
    fs_.RemoveFile(absl::StrCat(path, "/freezer.state"));
    fs_.RemoveFile(absl::StrCat(path, "/freezer.parent_freezing"));
    fs_.RemoveFile(absl::StrCat(path, "/freezer.self_freezing"));
    if (files.count("cpuset.cpus") > 0) {
      fs_.SetFile(absl::StrCat(path, "/cpuset.cpus"), "0-3\n");
      fs_.SetFile(absl::StrCat(path, "/cpuset.mems"), "0\n");
    }
  }

  // Directory of container `name` in `hierarchy`, e.g. /cg/memory/a.
  std::string Dir(CgroupHierarchy hierarchy, const std::string& name) const {
    const std::string& mount = mounts_.at(hierarchy);
    return name == "/" ? mount : absl::StrCat(mount, name);
  }

  // Makes the freezer cgroup of `name` and its cgroups in `hierarchies`,
  // with their template files (cpuset: all four CPUs), the way a finished
  // Create leaves them.
  void AddContainer(const std::string& name,
                    const std::vector<CgroupHierarchy>& hierarchies = {}) {
    fs_.AddDir(Dir(CGROUP_FREEZER, name));
    for (CgroupHierarchy h : hierarchies) {
      fs_.AddDir(Dir(h, name));
      if (h == CGROUP_CPUSET) {
        fs_.SetFile(Dir(h, name) + "/cpuset.cpus", "0-3\n");
        fs_.SetFile(Dir(h, name) + "/cpuset.mems", "0\n");
      }
    }
  }

  // Sets the freezer `tasks` and `cgroup.procs` of `name`.
  void SetTasks(const std::string& name, const std::vector<pid_t>& threads,
                const std::vector<pid_t>& processes) {
    auto lines = [](const std::vector<pid_t>& ids) {
      return ids.empty() ? std::string()
                         : absl::StrCat(absl::StrJoin(ids, "\n"), "\n");
    };
    fs_.SetFile(absl::StrCat(Dir(CGROUP_FREEZER, name), "/tasks"),
                lines(threads));
    fs_.SetFile(absl::StrCat(Dir(CGROUP_FREEZER, name), "/cgroup.procs"),
                lines(processes));
  }

  // The context over the mounts, built on first use.
  std::shared_ptr<const ApiContext> Context() {
    if (context_ == nullptr) {
      absl::StatusOr<std::shared_ptr<const ApiContext>> context =
          ApiContext::Create(nullptr, &kernel_, machine_, options_);
      EXPECT_TRUE(context.ok()) << context.status();
      if (context.ok()) context_ = *context;
    }
    return context_;
  }

  ::testing::NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_;
  MachineSpec machine_;
  ContainerOptions options_;
  std::map<CgroupHierarchy, std::string> mounts_;

 private:
  std::shared_ptr<const ApiContext> context_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_UNIT_LMCTFY_FAKE_CGROUPFS_H_
