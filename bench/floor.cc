// SPDX-License-Identifier: Apache-2.0
// Raw-syscall cgroup work for the benchmark floor.

#include "bench/floor.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace containers {
namespace lmctfy {
namespace bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "floor: %s: %s\n", what.c_str(), std::strerror(errno));
  std::abort();
}

void WriteFile(const std::string& path, const std::string& value) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) Die("open " + path);
  if (write(fd, value.data(), value.size()) !=
      static_cast<ssize_t>(value.size())) {
    Die("write " + path);
  }
  close(fd);
}

long long ReadNumber(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("open " + path);
  char buffer[64];
  const ssize_t n = read(fd, buffer, sizeof(buffer) - 1);
  close(fd);
  if (n < 0) Die("read " + path);
  buffer[n] = '\0';
  return std::atoll(buffer);
}

// Reads a whole file (memory.stat is larger than one number) and returns its
// length, so the compiler cannot drop the read.
long long ReadAll(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("open " + path);
  char buffer[4096];
  long long total = 0;
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) total += n;
  close(fd);
  if (n < 0) Die("read " + path);
  return total;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

RawContainer::RawContainer(const std::vector<std::string>& hierarchies,
                           const std::string& name) {
  for (const std::string& hierarchy : hierarchies) {
    dirs_.push_back(hierarchy + name);
    if (EndsWith(hierarchy, "/memory")) memory_dir_ = dirs_.back();
    if (EndsWith(hierarchy, "/cpu")) cpu_dir_ = dirs_.back();
    if (EndsWith(hierarchy, "/cpuacct")) cpuacct_dir_ = dirs_.back();
    if (EndsWith(hierarchy, "/cpuset")) cpuset_dir_ = dirs_.back();
    if (EndsWith(hierarchy, "/freezer")) freezer_dir_ = dirs_.back();
  }
}

void RawContainer::Create(long long memory_limit, long long cpu_shares) const {
  for (const std::string& dir : dirs_) {
    if (mkdir(dir.c_str(), 0755) != 0) Die("mkdir " + dir);
  }
  if (!memory_dir_.empty()) {
    WriteFile(memory_dir_ + "/memory.limit_in_bytes",
              std::to_string(memory_limit));
    // An unset reservation is written as 0 (INTERFACE.md 4.7.2).
    WriteFile(memory_dir_ + "/memory.soft_limit_in_bytes", "0");
  }
  if (!cpu_dir_.empty()) {
    WriteFile(cpu_dir_ + "/cpu.shares", std::to_string(cpu_shares));
  }
}

void RawContainer::RunAndWait(const char* program) const {
  std::vector<std::string> tasks;
  for (const std::string& dir : dirs_) tasks.push_back(dir + "/tasks");
  const pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    for (const std::string& file : tasks) {
      const int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0 || write(fd, "0", 1) != 1) _exit(126);
      close(fd);
    }
    execl(program, program, static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) Die("waitpid");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    errno = 0;
    Die("the floor's child failed to join or exec");
  }
}

void RawContainer::Destroy() const {
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
    if (rmdir(it->c_str()) != 0) Die("rmdir " + *it);
  }
}

long long RawContainer::ReadSummaryStats() const {
  long long total = 0;
  if (!cpuacct_dir_.empty()) {
    for (const char* file :
         {"/cpuacct.usage", "/cpuacct.usage_percpu", "/cpuacct.stat"}) {
      total += ReadAll(cpuacct_dir_ + file);
    }
  }
  if (!memory_dir_.empty()) {
    for (const char* file :
         {"/memory.limit_in_bytes", "/memory.soft_limit_in_bytes",
          "/memory.usage_in_bytes", "/memory.max_usage_in_bytes",
          "/memory.failcnt", "/memory.stat"}) {
      total += ReadAll(memory_dir_ + file);
    }
  }
  return total;
}

long long RawContainer::ReadSpecSettings() const {
  long long total = 0;
  if (!cpu_dir_.empty()) {
    total += ReadNumber(cpu_dir_ + "/cpu.shares");
    total += ReadNumber(cpu_dir_ + "/cpu.cfs_quota_us");
  }
  if (!cpuset_dir_.empty()) total += ReadAll(cpuset_dir_ + "/cpuset.cpus");
  if (!memory_dir_.empty()) {
    total += ReadNumber(memory_dir_ + "/memory.limit_in_bytes");
    total += ReadNumber(memory_dir_ + "/memory.soft_limit_in_bytes");
  }
  return total;
}

bool RawContainer::Exists() const {
  struct stat info;
  return stat(freezer_dir_.c_str(), &info) == 0;
}

int CountSubdirectories(const std::string& dir) {
  DIR* stream = opendir(dir.c_str());
  if (stream == nullptr) Die("opendir " + dir);
  int count = 0;
  while (const dirent* entry = readdir(stream)) {
    if (entry->d_type != DT_DIR || entry->d_name[0] == '.') continue;
    count += 1 + CountSubdirectories(dir + "/" + entry->d_name);
  }
  closedir(stream);
  return count;
}

}  // namespace bench
}  // namespace lmctfy
}  // namespace containers
