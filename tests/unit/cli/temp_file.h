// SPDX-License-Identifier: Apache-2.0
// A file with given contents in a fresh temporary directory, for tests that
// need a config file on disk.

#ifndef LMCTFY_TESTS_UNIT_CLI_TEMP_FILE_H_
#define LMCTFY_TESTS_UNIT_CLI_TEMP_FILE_H_

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace containers {
namespace lmctfy {
namespace cli {

// Removes the file and its directory when destroyed.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    char dir_template[] = "/tmp/lmctfy_cli_test_XXXXXX";
    const char* dir = mkdtemp(dir_template);
    dir_ = dir == nullptr ? "/tmp" : dir;
    path_ = dir_ + "/spec";
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_UNIT_CLI_TEMP_FILE_H_
