// SPDX-License-Identifier: Apache-2.0
// The kernel floor for the benchmarks: the same cgroup work lmctfy does for
// a container, done with raw syscalls and nothing else.

#ifndef LMCTFY_BENCH_FLOOR_H_
#define LMCTFY_BENCH_FLOOR_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace containers {
namespace lmctfy {
namespace bench {

// Cgroup directories of one container name across a fixed set of hierarchy
// mount points. Every method aborts the benchmark on a syscall failure,
// because a floor that silently skips work would flatter nobody.
class RawContainer {
 public:
  // `hierarchies` are mount points such as /sys/fs/cgroup/memory.
  RawContainer(const std::vector<std::string>& hierarchies,
               const std::string& name);

  // mkdir in every hierarchy, then the memory limit, soft limit (0: the
  // spec sets no reservation) and cpu shares writes.
  void Create(long long memory_limit, long long cpu_shares) const;
  // fork; the child writes "0" to each tasks file and execs `program`;
  // the parent waits for it.
  void RunAndWait(const char* program) const;
  // rmdir in every hierarchy.
  void Destroy() const;
  // Reads the files a summary of this container's stats is made of
  // (INTERFACE.md 4.9): cpuacct.usage, .usage_percpu and .stat, and
  // memory.limit_in_bytes, .soft_limit_in_bytes, .usage_in_bytes,
  // .max_usage_in_bytes, .failcnt and .stat, where present.
  long long ReadSummaryStats() const;
  // Reads the files its spec is made of: cpu.shares, cpu.cfs_quota_us,
  // cpuset.cpus, memory.limit_in_bytes and memory.soft_limit_in_bytes, where
  // present.
  long long ReadSpecSettings() const;
  // Whether the container exists: one stat of its freezer directory, the
  // hierarchy every container has.
  bool Exists() const;

 private:
  std::vector<std::string> dirs_;
  std::string memory_dir_;
  std::string cpu_dir_;
  std::string cpuacct_dir_;
  std::string cpuset_dir_;
  std::string freezer_dir_;
};

// Counts the directories below `dir` (recursively) with openat/getdents,
// the floor for a recursive container listing.
int CountSubdirectories(const std::string& dir);

}  // namespace bench
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_BENCH_FLOOR_H_
