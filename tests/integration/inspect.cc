// SPDX-License-Identifier: Apache-2.0
// inspect <file>: writes what this process received from whoever started it
// to <file>: its open descriptors (except the one reading /proc/self/fd),
// the SigBlk and SigIgn masks and the environment, one item a line.

#include <dirent.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

extern char** environ;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: inspect <file>\n");
    return 2;
  }
  std::string report;

  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return 1;
  while (const dirent* entry = readdir(fds)) {
    if (entry->d_name[0] == '.') continue;
    if (std::atoi(entry->d_name) == dirfd(fds)) continue;
    char target[PATH_MAX] = {};
    const std::string link = std::string("/proc/self/fd/") + entry->d_name;
    if (readlink(link.c_str(), target, sizeof(target) - 1) < 0) {
      std::strcpy(target, "?");
    }
    report += std::string("fd ") + entry->d_name + " " + target + "\n";
  }
  closedir(fds);

  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("SigBlk:", 0) == 0 || line.rfind("SigIgn:", 0) == 0) {
      report += line + "\n";
    }
  }
  for (char** var = environ; *var != nullptr; ++var) {
    report += std::string("env ") + *var + "\n";
  }

  // Opened only now, so the report file is not among the descriptors listed.
  std::FILE* out = std::fopen(argv[1], "we");
  if (out == nullptr) return 1;
  std::fputs(report.c_str(), out);
  return std::fclose(out) == 0 ? 0 : 1;
}
