// SPDX-License-Identifier: Apache-2.0
// Helpers and the base fixture shared by the integration tests.

#include "tests/integration/it_env.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace containers {
namespace lmctfy {
namespace integration {

const char* const kHierarchies[6] = {"cpu",    "cpuacct", "cpuset",
                                     "memory", "devices", "freezer"};

namespace {

constexpr char kCgroupRoot[] = "/sys/fs/cgroup";
constexpr absl::Duration kPollInterval = absl::Milliseconds(10);

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && absl::EqualsIgnoreCase(ci, "true");
}

// Why the integration tests cannot run here, or "" when they can.
std::string SkipReason() {
  const char* skip = std::getenv("LMCTFY_IT_SKIP");
  if (skip != nullptr && *skip != '\0') return skip;
  if (std::getenv("LMCTFY_CONFINED") == nullptr) {
    return "not running inside tests/integration/confine.sh, which keeps "
           "the tests away from the machine's own cgroups";
  }
  return "";
}

// Reads everything from `out_fd` and `err_fd` until both close or
// `deadline` passes; returns false on timeout.
bool DrainPipes(int out_fd, int err_fd, absl::Time deadline,
                CommandResult* result) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result->out, &result->err};
  int open_count = 2;
  while (open_count > 0) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    const int ready = poll(fds, 2, absl::ToInt64Milliseconds(left) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const CommandResult& result) {
  return os << "exit " << result.exit_code << ", stdout \"" << result.out
            << "\", stderr \"" << result.err << "\"";
}

std::string CliPath() {
  const char* cli = std::getenv("LMCTFY_CLI");
  if (cli != nullptr && *cli != '\0') return cli;
  return LMCTFY_CLI_PATH;
}

CommandResult RunCommand(const std::vector<std::string>& argv,
                         absl::Duration timeout) {
  CommandResult result;
  std::vector<char*> args;
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);

  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    dup2(null_fd, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  close(null_fd);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (pid < 0) {
    result.err = absl::StrCat("fork: ", std::strerror(errno));
  } else {
    if (!DrainPipes(out_pipe[0], err_pipe[0], absl::Now() + timeout, &result)) {
      kill(pid, SIGKILL);
      result.err += absl::StrCat("\n[timed out after ",
                                 absl::FormatDuration(timeout), "]");
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  return result;
}

CommandResult RunCli(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CliPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

pid_t ParsePidLine(absl::string_view output) {
  int pid = -1;
  if (!absl::ConsumePrefix(&output, "pid=\"") ||
      !absl::ConsumeSuffix(&output, "\"\n") ||
      !absl::SimpleAtoi(output, &pid)) {
    return -1;
  }
  return pid;
}

std::string CgroupDir(absl::string_view hierarchy,
                      absl::string_view container) {
  if (container == "/") container = "";
  return absl::StrCat(kCgroupRoot, "/", hierarchy, container);
}

bool CgroupExists(absl::string_view hierarchy, absl::string_view container) {
  std::error_code error;
  return std::filesystem::is_directory(CgroupDir(hierarchy, container), error);
}

std::vector<std::string> HierarchiesWith(absl::string_view container) {
  std::vector<std::string> found;
  for (const char* hierarchy : kHierarchies) {
    if (CgroupExists(hierarchy, container)) found.push_back(hierarchy);
  }
  return found;
}

std::set<std::string> AllCgroupDirs() {
  namespace fs = std::filesystem;
  std::set<std::string> dirs;
  for (const char* hierarchy : kHierarchies) {
    const std::string root = CgroupDir(hierarchy, "/");
    std::error_code error;
    fs::recursive_directory_iterator it(root, error);
    for (; !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
      if (it->is_directory(error) && !it->is_symlink(error)) {
        dirs.insert(absl::StrCat(hierarchy, ":",
                                 it->path().string().substr(root.size())));
      }
    }
  }
  return dirs;
}

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return std::string(absl::StripAsciiWhitespace(contents.str()));
}

std::string ReadCgroupFile(absl::string_view hierarchy,
                           absl::string_view container,
                           absl::string_view file) {
  return ReadFileOrFail(
      absl::StrCat(CgroupDir(hierarchy, container), "/", file));
}

int64_t ReadCgroupInt(absl::string_view hierarchy, absl::string_view container,
                      absl::string_view file) {
  const std::string text = ReadCgroupFile(hierarchy, container, file);
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    ADD_FAILURE() << file << " of " << container << " holds \"" << text
                  << "\", not an integer";
    return -1;
  }
  return value;
}

std::vector<pid_t> ReadPids(const std::string& path) {
  std::vector<pid_t> pids;
  for (absl::string_view word : absl::StrSplit(
           ReadFileOrFail(path), absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    int pid = 0;
    if (absl::SimpleAtoi(word, &pid)) pids.push_back(pid);
  }
  return pids;
}

int64_t ReadKeyedValue(const std::string& path, absl::string_view key) {
  for (absl::string_view line :
       absl::StrSplit(ReadFileOrFail(path), '\n', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> pair =
        absl::StrSplit(line, absl::MaxSplits(' ', 1));
    int64_t value = 0;
    if (pair.first == key && absl::SimpleAtoi(pair.second, &value)) {
      return value;
    }
  }
  return -1;
}

bool WaitUntil(const std::function<bool()>& done, absl::Duration bound) {
  const absl::Time deadline = absl::Now() + bound;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(kPollInterval);
  }
  return true;
}

bool ProcessGone(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, WNOHANG);
  if (kill(pid, 0) != 0 && errno == ESRCH) return true;

  // A zombie that is not our child has exited too; its parent reaps it.
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  std::getline(stat_file, stat);
  const size_t comm_end = stat.rfind(") ");
  return comm_end != std::string::npos && comm_end + 2 < stat.size() &&
         stat[comm_end + 2] == 'Z';
}

void IntegrationTest::SetUp() {
  const std::string reason = SkipReason();
  if (!reason.empty()) {
    if (InCi()) {
      FAIL() << "integration tests cannot run: " << reason
             << " (with CI=true a skip counts as a failure)";
    }
    GTEST_SKIP() << reason;
  }

  // Processes the CLI starts in the background outlive it; as subreaper
  // this process inherits them, so tests can reap them and see them die.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0)
      << std::strerror(errno);
  absl::StatusOr<std::unique_ptr<ContainerApi>> api = ContainerApi::New();
  ASSERT_TRUE(api.ok()) << api.status();
  api_ = std::move(*api);
}

void IntegrationTest::TearDown() {
  for (pid_t pid : pids_) {
    if (!ProcessGone(pid)) kill(pid, SIGKILL);
    EXPECT_TRUE(WaitUntil([pid] { return ProcessGone(pid); }))
        << "pid " << pid << " survived SIGKILL";
  }
  for (auto it = containers_.rbegin(); it != containers_.rend(); ++it) {
    const CommandResult destroyed = RunCli({"destroy", "-f", *it});
    // 5 (NOT_FOUND): the test already destroyed it.
    EXPECT_TRUE(destroyed.exit_code == 0 || destroyed.exit_code == 5)
        << "destroy -f " << *it << ": " << destroyed;
    EXPECT_TRUE(HierarchiesWith(*it).empty())
        << "container " << *it << " still has cgroups in: "
        << absl::StrJoin(HierarchiesWith(*it), ", ");
  }
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

void IntegrationTest::DestroyAtTearDown(const std::string& name) {
  containers_.push_back(name);
}

void IntegrationTest::KillAtTearDown(pid_t pid) { pids_.push_back(pid); }

void IntegrationTest::CreateWithCli(const std::string& name,
                                    const std::string& spec) {
  DestroyAtTearDown(name);
  const CommandResult created = RunCli({"create", name, spec});
  ASSERT_EQ(created.exit_code, 0) << "create " << name << ": " << created;
}

pid_t IntegrationTest::RunInBackground(const std::string& name,
                                       const std::vector<std::string>& argv) {
  std::vector<std::string> args = {"run", "-n", name};
  args.insert(args.end(), argv.begin(), argv.end());
  const CommandResult ran = RunCli(args);
  const pid_t pid = ParsePidLine(ran.out);
  EXPECT_EQ(ran.exit_code, 0) << "run -n " << name << ": " << ran;
  EXPECT_GT(pid, 0) << "run -n " << name << ": " << ran;
  if (pid > 0) KillAtTearDown(pid);
  return pid;
}

std::vector<int> InParallel(const std::vector<std::function<int()>>& work) {
  std::vector<pid_t> pids;
  for (const auto& one : work) {
    const pid_t pid = fork();
    if (pid == 0) {
      const int code = one();
      std::fflush(nullptr);
      _exit(code);
    }
    if (pid > 0) pids.push_back(pid);
  }
  std::vector<int> codes;
  for (pid_t pid : pids) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  return codes;
}

std::vector<int> InParallel(int count, const std::function<int(int)>& work) {
  std::vector<std::function<int()>> each;
  for (int i = 0; i < count; ++i) {
    each.push_back([&work, i] { return work(i); });
  }
  return InParallel(each);
}

}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
