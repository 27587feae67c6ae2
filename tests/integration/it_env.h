// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the integration tests: running the lmctfy CLI and other
// programs, reading cgroup files back, and a fixture that skips outside the
// confine.sh harness and cleans up every container a test made.

#ifndef LMCTFY_TESTS_INTEGRATION_IT_ENV_H_
#define LMCTFY_TESTS_INTEGRATION_IT_ENV_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace integration {

// The hierarchies confine.sh mounts, each at /sys/fs/cgroup/<name>.
extern const char* const kHierarchies[6];

// How a program run to completion ended and what it printed.
struct CommandResult {
  // The exit status, or 128 + signal number when killed, or -1 when it could
  // not be started or did not finish in time.
  int exit_code = -1;
  std::string out;
  std::string err;
};
std::ostream& operator<<(std::ostream& os, const CommandResult& result);

// The lmctfy binary: $LMCTFY_CLI (set by confine.sh) or the build's path.
std::string CliPath();

// Runs `argv` (argv[0] an absolute path) with stdin on /dev/null, collecting
// its stdout and stderr; kills it when it runs longer than `timeout`.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         absl::Duration timeout = absl::Seconds(60));
// Runs the lmctfy CLI with `args`.
CommandResult RunCli(const std::vector<std::string>& args);

// The pid in `pid="N"` output, or -1 when the output is not exactly that.
pid_t ParsePidLine(absl::string_view output);

// /sys/fs/cgroup/<hierarchy><container>, e.g. /sys/fs/cgroup/memory/a/b.
std::string CgroupDir(absl::string_view hierarchy, absl::string_view container);
bool CgroupExists(absl::string_view hierarchy, absl::string_view container);
// The hierarchies in which `container` has a cgroup directory.
std::vector<std::string> HierarchiesWith(absl::string_view container);
// Every cgroup directory below the six hierarchy roots, as "<h>:<path>".
std::set<std::string> AllCgroupDirs();

// Contents of a file, surrounding whitespace removed; records a test failure
// and returns "" when it cannot be read.
std::string ReadFileOrFail(const std::string& path);
// A cgroup file of `container`, e.g. ReadCgroupFile("memory", "/a",
// "memory.limit_in_bytes").
std::string ReadCgroupFile(absl::string_view hierarchy,
                           absl::string_view container, absl::string_view file);
// A cgroup file holding one integer; records a failure and returns -1 when
// it cannot be read or parsed.
int64_t ReadCgroupInt(absl::string_view hierarchy, absl::string_view container,
                      absl::string_view file);
// The numbers in a tasks or cgroup.procs file.
std::vector<pid_t> ReadPids(const std::string& path);
// The value of `key` in a "key value" file such as memory.oom_control, or -1.
int64_t ReadKeyedValue(const std::string& path, absl::string_view key);

// Polls `done` every few milliseconds until it holds or `bound` passes.
bool WaitUntil(const std::function<bool()>& done,
               absl::Duration bound = absl::Seconds(10));
// Whether `pid` has exited: reaps it when it is our child (tests run as a
// child subreaper, so orphans of the CLI become ours), then checks that no
// live process has that pid.
bool ProcessGone(pid_t pid);

// Runs each of `work` in a forked child at once and returns their exit
// statuses (exit code, or -1 when one did not exit normally).
std::vector<int> InParallel(const std::vector<std::function<int()>>& work);
// The same for `count` children running `work(i)`.
std::vector<int> InParallel(int count, const std::function<int(int)>& work);

// Base fixture of every integration test. SetUp skips the test (fails it
// when CI=true) unless it runs inside confine.sh; TearDown kills the
// processes and destroys (destroy -f) the containers the test registered,
// and fails when any of them is left.
class IntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Destroys `name` with `lmctfy destroy -f` in TearDown (in reverse order).
  void DestroyAtTearDown(const std::string& name);
  // SIGKILLs `pid` in TearDown if it is still alive.
  void KillAtTearDown(pid_t pid);

  // Creates `name` with the text spec through the CLI and registers it for
  // TearDown; a failure to create fails the test.
  void CreateWithCli(const std::string& name, const std::string& spec);
  // `lmctfy run -n <name> argv...`; returns the pid, registered for TearDown.
  pid_t RunInBackground(const std::string& name,
                        const std::vector<std::string>& argv);

  ContainerApi& api() { return *api_; }

 private:
  std::unique_ptr<ContainerApi> api_;
  std::vector<std::string> containers_;
  std::vector<pid_t> pids_;
};

}  // namespace integration
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_INTEGRATION_IT_ENV_H_
