// SPDX-License-Identifier: Apache-2.0
// reach_probe <manager pid> <file>: tries to reach back into the process
// that started it through /proc/<manager pid> (its executable, root, working
// directory, environment, memory and every descriptor) and writes what it
// found to <file>, one item a line:
//   manager alive|gone       whether /proc/<manager pid> existed
//   reached <what>           an open that succeeded (a hole)
//   blocked <what> <errno>   an open that failed
//   fd <n> <target>          a descriptor this process received
//   done

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string report;

void Try(const std::string& what, int flags) {
  const int fd = open(what.c_str(), flags | O_CLOEXEC);
  if (fd >= 0) {
    report += "reached " + what + "\n";
    close(fd);
  } else {
    report += "blocked " + what + " " + std::to_string(errno) + "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: reach_probe <manager pid> <file>\n");
    return 2;
  }
  const std::string proc = std::string("/proc/") + argv[1];

  // Our own descriptors first, before opening anything.
  DIR* own = opendir("/proc/self/fd");
  if (own == nullptr) return 1;
  while (const dirent* entry = readdir(own)) {
    if (entry->d_name[0] == '.') continue;
    if (std::atoi(entry->d_name) == dirfd(own)) continue;
    char target[PATH_MAX] = {};
    const std::string link = std::string("/proc/self/fd/") + entry->d_name;
    if (readlink(link.c_str(), target, sizeof(target) - 1) < 0) {
      std::strcpy(target, "?");
    }
    report += std::string("fd ") + entry->d_name + " " + target + "\n";
  }
  closedir(own);

  report +=
      access(proc.c_str(), F_OK) == 0 ? "manager alive\n" : "manager gone\n";
  Try(proc + "/exe", O_RDONLY);
  Try(proc + "/root", O_RDONLY | O_DIRECTORY);
  Try(proc + "/cwd", O_RDONLY | O_DIRECTORY);
  Try(proc + "/environ", O_RDONLY);
  Try(proc + "/mem", O_RDONLY);
  Try(proc + "/fd", O_RDONLY | O_DIRECTORY);
  // Each descriptor by number, listed or not.
  for (int fd = 0; fd < 64; ++fd) {
    const std::string path = proc + "/fd/" + std::to_string(fd);
    const int opened = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (opened >= 0) {
      report += "reached " + path + "\n";
      close(opened);
    } else if (errno != ENOENT) {
      report += "blocked " + path + " " + std::to_string(errno) + "\n";
    }
  }
  report += "done\n";

  std::FILE* out = std::fopen(argv[2], "we");
  if (out == nullptr) return 1;
  std::fputs(report.c_str(), out);
  return std::fclose(out) == 0 ? 0 : 1;
}
