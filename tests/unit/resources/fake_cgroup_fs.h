// SPDX-License-Identifier: Apache-2.0
// An in-memory cgroup tree behind a NiceMock<MockKernelApi>, for the tests of
// resource handlers and factories, plus the machine layouts they run on.

#ifndef LMCTFY_TESTS_UNIT_RESOURCES_FAKE_CGROUP_FS_H_
#define LMCTFY_TESTS_UNIT_RESOURCES_FAKE_CGROUP_FS_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/config.pb.h"
#include "lmctfy/cgroup_layout.h"
#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace testing_fs {

// Directories and files answered through the mock's ON_CALLs. Writes replace
// a file's contents and are logged in order; a new directory under a mount
// gets that mount's template files, as the kernel gives a new cgroup its
// control files.
class FakeCgroupFs {
 public:
  explicit FakeCgroupFs(::testing::NiceMock<MockKernelApi>& kernel) {
    using ::testing::_;
    using ::testing::Invoke;
    ON_CALL(kernel, ReadFile(_))
        .WillByDefault(Invoke([this](absl::string_view p) { return Read(p); }));
    ON_CALL(kernel, WriteFile(_, _))
        .WillByDefault(Invoke([this](absl::string_view p, absl::string_view v) {
          return Write(p, v);
        }));
    ON_CALL(kernel, PathExists(_))
        .WillByDefault(Invoke([this](absl::string_view p) {
          return files_.count(std::string(p)) > 0 ||
                 dirs_.count(std::string(p)) > 0;
        }));
    ON_CALL(kernel, IsDirectory(_))
        .WillByDefault(Invoke([this](absl::string_view p) {
          return dirs_.count(std::string(p)) > 0;
        }));
    ON_CALL(kernel, ListSubdirectories(_))
        .WillByDefault(Invoke([this](absl::string_view p) { return List(p); }));
    ON_CALL(kernel, MkDir(_, _))
        .WillByDefault(
            Invoke([this](absl::string_view p, mode_t) { return MakeDir(p); }));
    ON_CALL(kernel, RmDir(_)).WillByDefault(Invoke([this](absl::string_view p) {
      return RemoveDir(p);
    }));
    ON_CALL(kernel, Chown(_, _, _))
        .WillByDefault(Invoke([this](absl::string_view p, int64_t, int64_t) {
          chowned_.emplace_back(p);
          return absl::OkStatus();
        }));
  }

  // A directory that exists from the start (no template files added).
  void AddDir(const std::string& path) { dirs_.insert(path); }
  // A cgroup that exists from the start, with its mount's template files.
  void AddCgroup(const std::string& path) {
    ASSERT_TRUE(MakeDir(path).ok()) << path;
    made_dirs_.pop_back();
  }
  void AddFile(const std::string& path, const std::string& contents) {
    files_[path] = contents;
  }
  // Files every directory made later below `mount` starts with.
  void SetNewCgroupFiles(const std::string& mount,
                         std::map<std::string, std::string> files) {
    templates_[mount] = std::move(files);
  }
  // Every later write of `value` to `path` ("" = any value) fails.
  void FailWrite(const std::string& path, absl::Status status,
                 const std::string& value = "") {
    write_failures_[{path, value}] = std::move(status);
  }
  void FailMkDir(const std::string& path, absl::Status status) {
    mkdir_failures_[path] = std::move(status);
  }

  bool HasDir(const std::string& path) const { return dirs_.count(path) > 0; }
  std::string Contents(const std::string& path) const {
    auto it = files_.find(path);
    return it == files_.end() ? "<absent>" : it->second;
  }
  // Successful writes as "path=value", in order.
  const std::vector<std::string>& writes() const { return writes_; }
  // Successful writes whose path starts with `prefix`.
  std::vector<std::string> WritesUnder(absl::string_view prefix) const {
    std::vector<std::string> selected;
    for (const std::string& w : writes_) {
      if (absl::StartsWith(w, prefix)) selected.push_back(w);
    }
    return selected;
  }
  std::vector<std::string> made_dirs() const { return made_dirs_; }
  std::vector<std::string> removed_dirs() const { return removed_dirs_; }
  const std::vector<std::string>& chowned() const { return chowned_; }
  void ClearLog() {
    writes_.clear();
    made_dirs_.clear();
    removed_dirs_.clear();
    chowned_.clear();
  }

 private:
  absl::StatusOr<std::string> Read(absl::string_view path) const {
    auto it = files_.find(std::string(path));
    if (it == files_.end()) {
      return absl::NotFoundError(absl::StrCat(path, ": No such file"));
    }
    return it->second;
  }

  absl::Status Write(absl::string_view path, absl::string_view value) {
    for (const std::string& key : {std::string(value), std::string()}) {
      auto failure = write_failures_.find({std::string(path), key});
      if (failure != write_failures_.end()) return failure->second;
    }
    auto it = files_.find(std::string(path));
    if (it == files_.end()) {
      return absl::NotFoundError(absl::StrCat(path, ": No such file"));
    }
    it->second = std::string(value);
    writes_.push_back(absl::StrCat(path, "=", value));
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> List(absl::string_view path) const {
    if (dirs_.count(std::string(path)) == 0) {
      return absl::NotFoundError(absl::StrCat(path, ": No such directory"));
    }
    std::vector<std::string> children;
    const std::string prefix = absl::StrCat(path, "/");
    for (const std::string& dir : dirs_) {
      absl::string_view rest = dir;
      if (absl::ConsumePrefix(&rest, prefix) && !absl::StrContains(rest, '/')) {
        children.emplace_back(rest);
      }
    }
    return children;
  }

  absl::Status MakeDir(absl::string_view path) {
    const std::string dir(path);
    auto failure = mkdir_failures_.find(dir);
    if (failure != mkdir_failures_.end()) return failure->second;
    if (dirs_.count(dir) > 0) {
      return absl::AlreadyExistsError(absl::StrCat(dir, ": File exists"));
    }
    if (dirs_.count(dir.substr(0, dir.rfind('/'))) == 0) {
      return absl::NotFoundError(absl::StrCat(dir, ": No such directory"));
    }
    dirs_.insert(dir);
    made_dirs_.push_back(dir);
    for (const auto& [mount, files] : templates_) {
      if (!absl::StartsWith(dir, mount + "/")) continue;
      for (const auto& [file, contents] : files) {
        files_[absl::StrCat(dir, "/", file)] = contents;
      }
    }
    return absl::OkStatus();
  }

  absl::Status RemoveDir(absl::string_view path) {
    const std::string dir(path);
    if (dirs_.count(dir) == 0) {
      return absl::NotFoundError(absl::StrCat(dir, ": No such directory"));
    }
    absl::StatusOr<std::vector<std::string>> children = List(dir);
    if (!children->empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, ": Directory not empty"));
    }
    dirs_.erase(dir);
    const std::string prefix = dir + "/";
    for (auto it = files_.begin(); it != files_.end();) {
      it = absl::StartsWith(it->first, prefix) ? files_.erase(it) : ++it;
    }
    removed_dirs_.push_back(dir);
    return absl::OkStatus();
  }

  std::set<std::string> dirs_;
  std::map<std::string, std::string> files_;
  std::map<std::string, std::map<std::string, std::string>> templates_;
  std::map<std::pair<std::string, std::string>, absl::Status> write_failures_;
  std::map<std::string, absl::Status> mkdir_failures_;
  std::vector<std::string> writes_;
  std::vector<std::string> made_dirs_;
  std::vector<std::string> removed_dirs_;
  std::vector<std::string> chowned_;
};

// Gives each mount of StandardMachine() (or, when `cpu_mount` and
// `cpuacct_mount` are equal, of CoMountedCpuMachine()) a root cgroup and the
// files a vanilla kernel puts in root and new cgroups: CFS bandwidth and
// cpu.idle but no cpu.lat, swap accounting, no Google memory files. The root
// cpuset holds CPUs 0-7 and node 0; new cpusets start empty.
inline void AddVanillaHierarchies(
    FakeCgroupFs& fs, const std::string& cpu_mount = "/cg/cpu",
    const std::string& cpuacct_mount = "/cg/cpuacct") {
  const std::map<std::string, std::string> task_files = {{"tasks", ""},
                                                         {"cgroup.procs", ""}};
  std::map<std::string, std::map<std::string, std::string>> files;
  files[cpu_mount] = {
      {"cpu.shares", "1024\n"},
      {"cpu.cfs_period_us", "100000\n"},
      {"cpu.cfs_quota_us", "-1\n"},
      {"cpu.idle", "0\n"},
      {"cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n"}};
  files[cpuacct_mount].insert({{"cpuacct.usage", "0\n"},
                               {"cpuacct.usage_percpu", "0 0 \n"},
                               {"cpuacct.stat", "user 0\nsystem 0\n"}});
  files["/cg/cpuset"] = {{"cpuset.cpus", "\n"},
                         {"cpuset.mems", "\n"},
                         {"cgroup.clone_children", "0\n"}};
  files["/cg/memory"] = {
      {"memory.limit_in_bytes", "9223372036854771712\n"},
      {"memory.soft_limit_in_bytes", "9223372036854771712\n"},
      {"memory.memsw.limit_in_bytes", "9223372036854771712\n"},
      {"memory.usage_in_bytes", "0\n"},
      {"memory.max_usage_in_bytes", "0\n"},
      {"memory.failcnt", "0\n"},
      {"memory.stat", "cache 0\nrss 0\n"},
      {"cgroup.event_control", ""}};
  files["/cg/devices"] = {{"devices.list", "a *:* rwm\n"},
                          {"devices.allow", ""},
                          {"devices.deny", ""}};
  files["/cg/freezer"] = {};
  files["/cg/perf_event"] = {};
  for (auto& [mount, mount_files] : files) {
    mount_files.insert(task_files.begin(), task_files.end());
    fs.AddDir("/cg");
    fs.AddDir(mount);
    for (const auto& [file, contents] : mount_files) {
      fs.AddFile(mount + "/" + file, contents);
    }
    fs.SetNewCgroupFiles(mount, mount_files);
  }
  fs.AddFile("/cg/cpuset/cpuset.cpus", "0-7\n");
  fs.AddFile("/cg/cpuset/cpuset.mems", "0\n");
}

// A machine spec with one mount per (hierarchy, path) pair.
inline MachineSpec SeparateMounts(
    const std::vector<std::pair<CgroupHierarchy, std::string>>& mounts) {
  MachineSpec spec;
  for (const auto& [hierarchy, path] : mounts) {
    CgroupMount* mount = spec.add_cgroup_mount();
    mount->set_mount_path(path);
    mount->add_hierarchy(hierarchy);
  }
  return spec;
}

// Every hierarchy the resources use, each mounted at /cg/<name>.
inline MachineSpec StandardMachine() {
  return SeparateMounts({{CGROUP_CPU, "/cg/cpu"},
                         {CGROUP_CPUACCT, "/cg/cpuacct"},
                         {CGROUP_CPUSET, "/cg/cpuset"},
                         {CGROUP_MEMORY, "/cg/memory"},
                         {CGROUP_DEVICE, "/cg/devices"},
                         {CGROUP_FREEZER, "/cg/freezer"},
                         {CGROUP_PERF_EVENT, "/cg/perf_event"}});
}

// As StandardMachine, but cpu and cpuacct share /cg/cpu,cpuacct.
inline MachineSpec CoMountedCpuMachine() {
  MachineSpec spec = SeparateMounts({{CGROUP_CPUSET, "/cg/cpuset"},
                                     {CGROUP_MEMORY, "/cg/memory"},
                                     {CGROUP_FREEZER, "/cg/freezer"}});
  CgroupMount* mount = spec.add_cgroup_mount();
  mount->set_mount_path("/cg/cpu,cpuacct");
  mount->add_hierarchy(CGROUP_CPU);
  mount->add_hierarchy(CGROUP_CPUACCT);
  return spec;
}

// Loads `machine`, which must not need the kernel (no virtual roots).
inline CgroupLayout LoadLayout(const KernelApi& kernel,
                               const MachineSpec& machine) {
  absl::StatusOr<CgroupLayout> layout = CgroupLayout::Load(kernel, machine);
  EXPECT_TRUE(layout.ok()) << layout.status();
  return *layout;
}

}  // namespace testing_fs
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_UNIT_RESOURCES_FAKE_CGROUP_FS_H_
