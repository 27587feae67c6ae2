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

  // mkdir in every hierarchy, then the memory limit and cpu shares writes.
  void Create(long long memory_limit, long long cpu_shares) const;
  // fork; the child writes "0" to each tasks file and execs `program`;
  // the parent waits for it.
  void RunAndWait(const char* program) const;
  // rmdir in every hierarchy.
  void Destroy() const;
  // Reads memory.usage_in_bytes and cpuacct.usage where present.
  long long ReadUsage() const;
  // Reads memory.limit_in_bytes, memory.soft_limit_in_bytes and cpu.shares
  // where present.
  long long ReadLimits() const;
  // Whether the container exists: one stat of its freezer directory, the
  // hierarchy every container has.
  bool Exists() const;

 private:
  std::vector<std::string> dirs_;
  std::string memory_dir_;
  std::string cpu_dir_;
  std::string cpuacct_dir_;
  std::string freezer_dir_;
};

// Counts the directories below `dir` (recursively) with openat/getdents,
// the floor for a recursive container listing.
int CountSubdirectories(const std::string& dir);

}  // namespace bench
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_BENCH_FLOOR_H_
