// SPDX-License-Identifier: Apache-2.0
// Process creation for LibcKernelApi: Spawn (fork, join cgroups, exec, with
// exec failures reported back through a close-on-exec pipe) and Exec.

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "glog/logging.h"

#include "system_api/child_signals.h"
#include "system_api/libc_kernel_api.h"
#include "util/status_macros.h"

extern char** environ;

namespace containers {
namespace lmctfy {
namespace {

// Used when PATH is unset, as execvp does.
constexpr char kDefaultSearchPath[] = "/bin:/usr/bin";
// Used when the fd limit cannot be read.
constexpr int kFallbackMaxFd = 65536;

// The step of the child that failed.
enum ChildStage : int {
  kJoinTasks = 1,
  kNewSession,
  kMoveReportFd,
  kOpenDevNull,
  kRedirectStdio,
  kExec,
  kOpenNamespace,
  kJoinNamespace,
  kForkIntoNamespace,
  kBecomeNamespaceRoot,
  // Not a failure: `index` is the pid of the grandchild that will exec.
  kForwarded,
};

// What a failing child writes to the report pipe before it exits.
struct ChildFailure {
  int stage;
  int error;
  int index;  // Position in tasks_files or namespace_files.
};

// Everything the child needs, prepared before fork so that the child only
// makes async-signal-safe calls.
struct PreparedSpawn {
  std::string program;
  std::vector<std::string> args;
  std::vector<char*> argv;
  std::vector<const char*> tasks_files;
  std::vector<const char*> namespace_files;
  char** envp = nullptr;
  bool detached = false;
  // Look `program` up in PATH in the child (execvpe).
  bool search_path = false;
  int max_fd = kFallbackMaxFd;
};

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", absl::CHexEscape(text), "\"");
}

// Resolves `command` through PATH unless it already names a path.
absl::StatusOr<std::string> FindProgram(const std::string& command) {
  if (command.find('/') != std::string::npos) return command;
  const char* search_path = getenv("PATH");
  if (search_path == nullptr) search_path = kDefaultSearchPath;
  for (absl::string_view dir : absl::StrSplit(search_path, ':')) {
    // An empty PATH entry means the current directory.
    std::string candidate =
        dir.empty() ? command : absl::StrCat(dir, "/", command);
    struct stat st;
    if (!command.empty() && stat(candidate.c_str(), &st) == 0 &&
        S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return absl::NotFoundError(
      absl::StrCat("command ", Quoted(command), " not found in PATH"));
}

absl::StatusOr<PreparedSpawn> Prepare(const SpawnRequest& request) {
  PreparedSpawn spawn;
  // Inside other namespaces the program is looked up in the child, where
  // PATH leads into the namespace's own root.
  if (request.namespace_files.empty()) {
    ASSIGN_OR_RETURN(spawn.program, FindProgram(request.argv[0]));
  } else {
    spawn.program = request.argv[0];
    spawn.search_path = true;
  }
  spawn.args = request.argv;
  for (std::string& arg : spawn.args) spawn.argv.push_back(arg.data());
  spawn.argv.push_back(nullptr);
  for (const std::string& file : request.tasks_files) {
    spawn.tasks_files.push_back(file.c_str());
  }
  for (const std::string& file : request.namespace_files) {
    spawn.namespace_files.push_back(file.c_str());
  }
  spawn.envp = environ;
  spawn.detached = request.detached;
  const long open_max = sysconf(_SC_OPEN_MAX);
  if (open_max > 0 && open_max < kFallbackMaxFd * 16) {
    spawn.max_fd = static_cast<int>(open_max);
  }
  return spawn;
}

// ---- Child side: async-signal-safe calls only. ----

[[noreturn]] void ReportAndExit(int report_fd, ChildStage stage, int error,
                                int index) {
  const ChildFailure failure = {stage, error, index};
  ssize_t unused;
  do {
    unused = write(report_fd, &failure, sizeof(failure));
  } while (unused == -1 && errno == EINTR);
  _exit(127);
}

void JoinTasksFiles(const PreparedSpawn& spawn, int report_fd) {
  for (size_t i = 0; i < spawn.tasks_files.size(); ++i) {
    int fd;
    do {
      fd = open(spawn.tasks_files[i], O_WRONLY | O_CLOEXEC);
    } while (fd == -1 && errno == EINTR);
    if (fd < 0)
      ReportAndExit(report_fd, kJoinTasks, errno, static_cast<int>(i));
    ssize_t written;
    do {
      written = write(fd, "0", 1);
    } while (written == -1 && errno == EINTR);
    const int error = written == 1 ? 0 : (written < 0 ? errno : EIO);
    close(fd);
    if (error != 0) {
      ReportAndExit(report_fd, kJoinTasks, error, static_cast<int>(i));
    }
  }
}

// Closes fds in [first, last], with close_range(2) when the kernel has it.
void CloseFdRange(unsigned int first, unsigned int last, int max_fd) {
  if (first > last) return;
  if (syscall(SYS_close_range, first, last, 0U) == 0) return;
  for (unsigned int fd = first;
       fd <= last && fd < static_cast<unsigned int>(max_fd); ++fd) {
    close(static_cast<int>(fd));
  }
}

// New session, stdio on /dev/null, every other fd closed except the report
// pipe (close-on-exec). Returns the report fd, which may have moved.
int Detach(const PreparedSpawn& spawn, int report_fd) {
  if (setsid() < 0) ReportAndExit(report_fd, kNewSession, errno, 0);

  // Keep the report pipe clear of the stdio slots about to be replaced.
  if (report_fd <= STDERR_FILENO) {
    const int moved = fcntl(report_fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    if (moved < 0) ReportAndExit(report_fd, kMoveReportFd, errno, 0);
    report_fd = moved;
  }

  int null_fd;
  do {
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  } while (null_fd == -1 && errno == EINTR);
  if (null_fd < 0) ReportAndExit(report_fd, kOpenDevNull, errno, 0);
  for (int target = STDIN_FILENO; target <= STDERR_FILENO; ++target) {
    int result;
    if (null_fd == target) {
      result = fcntl(target, F_SETFD, 0);
    } else {
      do {
        result = dup2(null_fd, target);
      } while (result == -1 && errno == EINTR);
    }
    if (result < 0) ReportAndExit(report_fd, kRedirectStdio, errno, 0);
  }

  const unsigned int keep = static_cast<unsigned int>(report_fd);
  CloseFdRange(STDERR_FILENO + 1, keep - 1, spawn.max_fd);
  CloseFdRange(keep + 1, ~0U, spawn.max_fd);
  return report_fd;
}

// Raw system calls, as the libc wrappers are not async-signal-safe.
void BecomeNamespaceRoot(int report_fd) {
  if (syscall(SYS_setgroups, 0, nullptr) != 0 ||
      syscall(SYS_setresgid, 0, 0, 0) != 0 ||
      syscall(SYS_setresuid, 0, 0, 0) != 0) {
    ReportAndExit(report_fd, kBecomeNamespaceRoot, errno, 0);
  }
}

// Joins every namespace file (all opened first: joining the mount namespace
// changes what /proc shows), then forks with CLONE_PARENT so that the
// program runs inside the pid namespace as the caller's child. Returns in
// that grandchild; the child reports its pid and exits.
void JoinNamespaces(const PreparedSpawn& spawn, int report_fd) {
  if (spawn.namespace_files.empty()) return;
  int fds[16];
  const size_t count = spawn.namespace_files.size();
  if (count > sizeof(fds) / sizeof(fds[0])) {
    ReportAndExit(report_fd, kOpenNamespace, E2BIG, 0);
  }
  for (size_t i = 0; i < count; ++i) {
    fds[i] = open(spawn.namespace_files[i], O_RDONLY | O_CLOEXEC);
    if (fds[i] < 0) {
      ReportAndExit(report_fd, kOpenNamespace, errno, static_cast<int>(i));
    }
  }
  bool joined_user_namespace = false;
  for (size_t i = 0; i < count; ++i) {
    if (ioctl(fds[i], NS_GET_NSTYPE) == CLONE_NEWUSER) {
      joined_user_namespace = true;
    }
    if (setns(fds[i], 0) != 0) {
      ReportAndExit(report_fd, kJoinNamespace, errno, static_cast<int>(i));
    }
    close(fds[i]);
  }
  // Our ids are unmapped in a joined user namespace (the program would run
  // as its overflow id); its root is who the virtual host's init is.
  if (joined_user_namespace) BecomeNamespaceRoot(report_fd);
  const long pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, nullptr, nullptr,
                           nullptr, nullptr);
  if (pid < 0) ReportAndExit(report_fd, kForkIntoNamespace, errno, 0);
  if (pid > 0) {
    const ChildFailure forwarded = {kForwarded, 0, static_cast<int>(pid)};
    ssize_t unused;
    do {
      unused = write(report_fd, &forwarded, sizeof(forwarded));
    } while (unused == -1 && errno == EINTR);
    _exit(0);
  }
}

[[noreturn]] void RunChild(const PreparedSpawn& spawn, int report_fd) {
  ResetSignalsInChild();
  JoinTasksFiles(spawn, report_fd);
  JoinNamespaces(spawn, report_fd);
  if (spawn.detached) report_fd = Detach(spawn, report_fd);
  if (spawn.search_path) {
    execvpe(spawn.program.c_str(), spawn.argv.data(), spawn.envp);
  } else {
    execve(spawn.program.c_str(), spawn.argv.data(), spawn.envp);
  }
  ReportAndExit(report_fd, kExec, errno, 0);
}

// ---- Parent side. ----

// Reads up to `size` bytes; returns the count, or -1 with errno set.
ssize_t ReadReport(int fd, ChildFailure* failure) {
  char* out = reinterpret_cast<char*>(failure);
  size_t total = 0;
  while (total < sizeof(*failure)) {
    const ssize_t n = read(fd, out + total, sizeof(*failure) - total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(total);
}

void Reap(pid_t pid) {
  while (waitpid(pid, nullptr, 0) == -1 && errno == EINTR) {
  }
}

absl::Status FailureStatus(const ChildFailure& failure,
                           const SpawnRequest& request) {
  const std::string program = Quoted(request.argv[0]);
  std::string what;
  switch (failure.stage) {
    case kJoinTasks:
      what = absl::StrCat(
          "joining ",
          failure.index >= 0 && static_cast<size_t>(failure.index) <
                                    request.tasks_files.size()
              ? request.tasks_files[failure.index]
              : "a tasks file",
          " for ", program);
      break;
    case kNewSession:
      what = absl::StrCat("starting a new session for ", program);
      break;
    case kMoveReportFd:
    case kRedirectStdio:
      what = absl::StrCat("redirecting stdio of ", program, " to /dev/null");
      break;
    case kOpenNamespace:
    case kJoinNamespace:
      what = absl::StrCat(
          failure.stage == kOpenNamespace ? "opening " : "joining ",
          failure.index >= 0 && static_cast<size_t>(failure.index) <
                                    request.namespace_files.size()
              ? request.namespace_files[failure.index]
              : "a namespace",
          " for ", program);
      break;
    case kForkIntoNamespace:
      what = absl::StrCat("forking ", program, " into its namespaces");
      break;
    case kBecomeNamespaceRoot:
      what = absl::StrCat("becoming root of the joined user namespace for ",
                          program);
      break;
    case kOpenDevNull:
      what = absl::StrCat("opening /dev/null for ", program);
      break;
    default:
      what = absl::StrCat("executing ", program);
      break;
  }
  return absl::ErrnoToStatus(failure.error, what);
}

}  // namespace

absl::StatusOr<pid_t> LibcKernelApi::Spawn(const SpawnRequest& request) const {
  if (request.argv.empty()) {
    return absl::InvalidArgumentError("spawning a process: empty command line");
  }
  ASSIGN_OR_RETURN(PreparedSpawn spawn, Prepare(request));
  VLOG(1) << "spawning " << spawn.program << " joining "
          << request.tasks_files.size() << " tasks files"
          << (request.detached ? ", detached" : "");

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::ErrnoToStatus(
        errno, absl::StrCat("creating a pipe for ", Quoted(request.argv[0])));
  }

  // Block every signal across fork so no handler of ours runs in the child
  // before it resets them.
  sigset_t all_signals;
  sigset_t old_signals;
  sigfillset(&all_signals);
  pthread_sigmask(SIG_SETMASK, &all_signals, &old_signals);
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    RunChild(spawn, pipe_fds[1]);
  }
  const int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old_signals, nullptr);
  close(pipe_fds[1]);
  if (child < 0) {
    close(pipe_fds[0]);
    return absl::ErrnoToStatus(
        fork_errno, absl::StrCat("forking for ", Quoted(request.argv[0])));
  }

  // EOF without data means execve succeeded and closed the pipe. A child
  // that joined namespaces first names the grandchild that execs.
  ChildFailure failure;
  ssize_t got = ReadReport(pipe_fds[0], &failure);
  pid_t pid = child;
  if (got == static_cast<ssize_t>(sizeof(failure)) &&
      failure.stage == kForwarded) {
    Reap(child);
    pid = failure.index;
    got = ReadReport(pipe_fds[0], &failure);
  }
  const int read_errno = errno;
  close(pipe_fds[0]);
  if (got == 0) return pid;

  if (got < 0) kill(pid, SIGKILL);
  Reap(pid);
  if (got < 0) {
    return absl::ErrnoToStatus(
        read_errno,
        absl::StrCat("reading the start report of ", Quoted(request.argv[0])));
  }
  if (static_cast<size_t>(got) != sizeof(failure)) {
    return absl::InternalError(absl::StrCat(
        "starting ", Quoted(request.argv[0]), ": truncated start report"));
  }
  return FailureStatus(failure, request);
}

absl::Status LibcKernelApi::Exec(const std::vector<std::string>& argv) const {
  if (argv.empty()) {
    return absl::InvalidArgumentError("executing: empty command line");
  }

  // Interval timers, ignored signals and the signal mask survive exec; the
  // new program must not inherit ours or our caller's.
  const struct itimerval zero = {};
  for (int timer : {ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF}) {
    setitimer(timer, &zero, nullptr);
  }
  ResetSignalsInChild();

  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  execvp(pointers[0], pointers.data());
  return absl::InternalError(
      absl::ErrnoToStatus(errno, absl::StrCat("executing ", Quoted(argv[0])))
          .message());
}

}  // namespace lmctfy
}  // namespace containers
