// SPDX-License-Identifier: Apache-2.0
// Tests for LibcKernelApi file, directory and signal operations, against
// files in a private temporary directory (never cgroups).

#include "system_api/libc_kernel_api.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void WriteTestFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::trunc);
  out << contents;
}

// Gives each test a fresh directory under $TEST_TMPDIR (or /tmp).
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = getenv("TEST_TMPDIR");
    std::string pattern =
        absl::StrCat(base != nullptr ? base : "/tmp", "/lmctfy_libc_XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }

  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  const std::string& dir() const { return dir_; }
  std::string Path(absl::string_view name) const {
    return absl::StrCat(dir_, "/", name);
  }

 private:
  std::string dir_;
};

class LibcKernelApiFileTest : public TempDirTest {
 protected:
  LibcKernelApi kernel_;
};

TEST_F(LibcKernelApiFileTest, ReadFileReturnsWholeContents) {
  const std::string contents(200 * 1024 + 7, 'x');
  const std::string path = Path("big");
  WriteTestFile(path, contents);
  absl::StatusOr<std::string> read = kernel_.ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);
}

TEST_F(LibcKernelApiFileTest, ReadFileOfEmptyFileIsEmpty) {
  WriteTestFile(Path("empty"), "");
  absl::StatusOr<std::string> read = kernel_.ReadFile(Path("empty"));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "");
}

TEST_F(LibcKernelApiFileTest, ReadFileReadsKernelFilesThatReportSizeZero) {
  absl::StatusOr<std::string> read = kernel_.ReadFile("/proc/self/status");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(*read, HasSubstr("Pid:"));
}

TEST_F(LibcKernelApiFileTest, ReadFileOfMissingPathIsNotFoundNamingPath) {
  absl::StatusOr<std::string> read = kernel_.ReadFile(Path("missing"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(read.status().message(),
              HasSubstr(absl::StrCat("reading ", Path("missing"), ": ")));
}

TEST_F(LibcKernelApiFileTest, ReadFileOfDirectoryFailsNamingPath) {
  absl::StatusOr<std::string> read = kernel_.ReadFile(dir());
  EXPECT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(),
              HasSubstr(absl::StrCat("reading ", dir())));
}

TEST_F(LibcKernelApiFileTest, WriteFileRoundTripsThroughReadFile) {
  WriteTestFile(Path("value"), "");
  ASSERT_TRUE(kernel_.WriteFile(Path("value"), "500").ok());
  absl::StatusOr<std::string> read = kernel_.ReadFile(Path("value"));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "500");
}

TEST_F(LibcKernelApiFileTest, WriteFileNeitherTruncatesNorAppends) {
  WriteTestFile(Path("value"), "abcdef");
  ASSERT_TRUE(kernel_.WriteFile(Path("value"), "XY").ok());
  EXPECT_EQ(ReadTestFile(Path("value")), "XYcdef");
}

TEST_F(LibcKernelApiFileTest, WriteFileDoesNotCreateMissingFile) {
  absl::Status status = kernel_.WriteFile(Path("cpu.cfs_quota_us"), "500");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("writing \"500\" to ",
                                     Path("cpu.cfs_quota_us"), ": ")));
  EXPECT_FALSE(std::filesystem::exists(Path("cpu.cfs_quota_us")));
}

TEST_F(LibcKernelApiFileTest, WriteFileFailureCarriesErrnoCodeAndValue) {
  absl::Status status = kernel_.WriteFile("/dev/full", "12\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("writing \"12\\n\" to /dev/full"));
}

TEST_F(LibcKernelApiFileTest, PathExistsForFilesAndDirectories) {
  WriteTestFile(Path("file"), "");
  EXPECT_TRUE(kernel_.PathExists(Path("file")));
  EXPECT_TRUE(kernel_.PathExists(dir()));
  EXPECT_FALSE(kernel_.PathExists(Path("missing")));
}

TEST_F(LibcKernelApiFileTest, IsDirectoryOnlyForDirectories) {
  WriteTestFile(Path("file"), "");
  EXPECT_TRUE(kernel_.IsDirectory(dir()));
  EXPECT_FALSE(kernel_.IsDirectory(Path("file")));
  EXPECT_FALSE(kernel_.IsDirectory(Path("missing")));
}

TEST_F(LibcKernelApiFileTest, ListSubdirectoriesSkipsFilesAndSymlinks) {
  std::filesystem::create_directory(Path("a"));
  std::filesystem::create_directory(Path("b.c"));
  WriteTestFile(Path("tasks"), "");
  std::filesystem::create_directory_symlink(Path("a"), Path("link"));
  absl::StatusOr<std::vector<std::string>> names =
      kernel_.ListSubdirectories(dir());
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, UnorderedElementsAre("a", "b.c"));
}

TEST_F(LibcKernelApiFileTest, ListSubdirectoriesOfMissingDirIsNotFound) {
  absl::StatusOr<std::vector<std::string>> names =
      kernel_.ListSubdirectories(Path("missing"));
  EXPECT_EQ(names.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(names.status().message(),
              HasSubstr(absl::StrCat("listing directory ", Path("missing"))));
}

TEST_F(LibcKernelApiFileTest, ListSubdirectoriesOfFileFailsNamingPath) {
  WriteTestFile(Path("file"), "");
  absl::StatusOr<std::vector<std::string>> names =
      kernel_.ListSubdirectories(Path("file"));
  EXPECT_FALSE(names.ok());
  EXPECT_THAT(names.status().message(), HasSubstr(Path("file")));
}

TEST_F(LibcKernelApiFileTest, MkDirCreatesDirectoryWithMode) {
  const mode_t old_umask = umask(0);
  absl::Status status = kernel_.MkDir(Path("new"), 0750);
  umask(old_umask);
  ASSERT_TRUE(status.ok()) << status;
  struct stat st;
  ASSERT_EQ(stat(Path("new").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0750u);
}

TEST_F(LibcKernelApiFileTest, MkDirOfExistingDirIsAlreadyExists) {
  absl::Status status = kernel_.MkDir(dir(), 0755);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("creating directory ", dir())));
}

TEST_F(LibcKernelApiFileTest, RmDirRemovesEmptyDirectory) {
  std::filesystem::create_directory(Path("gone"));
  ASSERT_TRUE(kernel_.RmDir(Path("gone")).ok());
  EXPECT_FALSE(std::filesystem::exists(Path("gone")));
}

TEST_F(LibcKernelApiFileTest, RmDirOfNonEmptyDirFailsNamingPath) {
  std::filesystem::create_directories(Path("full/child"));
  absl::Status status = kernel_.RmDir(Path("full"));
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("removing directory ", Path("full"))));
}

TEST_F(LibcKernelApiFileTest, RmDirOfMissingDirIsNotFound) {
  absl::Status status = kernel_.RmDir(Path("missing"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr(Path("missing")));
}

TEST_F(LibcKernelApiFileTest, RenameMovesDirectoryWithItsContents) {
  std::filesystem::create_directory(Path(".staged"));
  WriteTestFile(Path(".staged/file"), "kept");
  ASSERT_TRUE(kernel_.Rename(Path(".staged"), Path("whole")).ok());
  EXPECT_FALSE(std::filesystem::exists(Path(".staged")));
  EXPECT_TRUE(std::filesystem::is_directory(Path("whole")));
  EXPECT_TRUE(std::filesystem::exists(Path("whole/file")));
}

TEST_F(LibcKernelApiFileTest, RenameOfMissingDirIsNotFoundNamingBothPaths) {
  absl::Status status = kernel_.Rename(Path("missing"), Path("target"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("renaming ", Path("missing"), " to ",
                                     Path("target"))));
}

TEST_F(LibcKernelApiFileTest, ChownWithMinusOneLeavesOwnerUnchanged) {
  WriteTestFile(Path("file"), "");
  struct stat before;
  ASSERT_EQ(stat(Path("file").c_str(), &before), 0);
  ASSERT_TRUE(kernel_.Chown(Path("file"), -1, -1).ok());
  ASSERT_TRUE(kernel_.Chown(Path("file"), getuid(), -1).ok());
  struct stat after;
  ASSERT_EQ(stat(Path("file").c_str(), &after), 0);
  EXPECT_EQ(after.st_uid, before.st_uid);
  EXPECT_EQ(after.st_gid, before.st_gid);
}

TEST_F(LibcKernelApiFileTest, ChownOfMissingPathIsNotFoundNamingIt) {
  absl::Status status = kernel_.Chown(Path("missing"), 1000, 1000);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("changing owner of ", Path("missing"),
                                     " to 1000:1000")));
}

TEST_F(LibcKernelApiFileTest, MountOnMissingTargetFailsNamingIt) {
  absl::Status status =
      kernel_.Mount("none", Path("missing"), "tmpfs", 0, "size=1m");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(Path("missing")));
  EXPECT_THAT(status.message(), HasSubstr("tmpfs"));
}

TEST_F(LibcKernelApiFileTest, KillWithSignalZeroProbesOwnProcess) {
  EXPECT_TRUE(kernel_.Kill(getpid(), 0).ok());
}

TEST_F(LibcKernelApiFileTest, KillOfReapedChildIsNotFoundNamingPid) {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(waitpid(pid, nullptr, 0), pid);
  absl::Status status = kernel_.Kill(pid, SIGTERM);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("signal ", SIGTERM, " to pid ", pid)));
}

TEST(LibcKernelApiEpollTest, EpollReportsASignalledEventFdUntilRemoved) {
  LibcKernelApi kernel;
  absl::StatusOr<int> epoll = kernel.EpollCreate();
  ASSERT_TRUE(epoll.ok()) << epoll.status();
  EXPECT_NE(fcntl(*epoll, F_GETFD) & FD_CLOEXEC, 0);
  absl::StatusOr<int> event = kernel.EventFd();
  ASSERT_TRUE(event.ok()) << event.status();
  ASSERT_TRUE(kernel.EpollAdd(*epoll, *event).ok());

  absl::StatusOr<std::vector<int>> ready =
      kernel.EpollWait(*epoll, absl::ZeroDuration());
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_TRUE(ready->empty());

  ASSERT_TRUE(kernel.SignalEventFd(*event, 3).ok());
  ready = kernel.EpollWait(*epoll, absl::Seconds(5));
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_EQ(*ready, std::vector<int>{*event});
  absl::StatusOr<uint64_t> count = kernel.DrainEventFd(*event);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 3u);

  ASSERT_TRUE(kernel.EpollRemove(*epoll, *event).ok());
  ASSERT_TRUE(kernel.SignalEventFd(*event, 1).ok());
  ready = kernel.EpollWait(*epoll, absl::ZeroDuration());
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_TRUE(ready->empty());

  EXPECT_TRUE(kernel.Close(*event).ok());
  EXPECT_TRUE(kernel.Close(*epoll).ok());
}

TEST(LibcKernelApiEpollTest, EpollAddOfAClosedFdFailsNamingIt) {
  LibcKernelApi kernel;
  absl::StatusOr<int> epoll = kernel.EpollCreate();
  ASSERT_TRUE(epoll.ok()) << epoll.status();
  absl::Status added = kernel.EpollAdd(*epoll, 1000000);
  EXPECT_FALSE(added.ok());
  EXPECT_THAT(std::string(added.message()), HasSubstr("fd 1000000"));
  absl::Status removed = kernel.EpollRemove(*epoll, 1000000);
  EXPECT_THAT(std::string(removed.message()), HasSubstr("fd 1000000"));
  EXPECT_TRUE(kernel.Close(*epoll).ok());
}

TEST_F(LibcKernelApiFileTest, SleepForReturns) {
  kernel_.SleepFor(absl::Milliseconds(1));
}

// ---- Spawn and Exec ----

// An fd number the tests open without O_CLOEXEC, far from the ones children
// open for themselves.
constexpr int kLeakedFd = 57;

class LibcKernelApiSpawnTest : public LibcKernelApiFileTest {
 protected:
  // Exit code of `pid`, or 128 + signal if it was killed.
  static int WaitForExit(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
  }

  // True when this process has no child left, zombie or alive.
  static bool NoChildrenLeft() {
    return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
  }

  // Runs find in a child to record "<fd> <target>" for each of its fds.
  std::map<std::string, std::string> ChildFds(bool detached) {
    const std::string report = Path("fds");
    SpawnRequest request;
    request.argv = {"find",     "/proc/self/fd/", "-mindepth",
                    "1",        "-maxdepth",      "1",
                    "-fprintf", report,           "%f %l\\n"};
    request.detached = detached;
    absl::StatusOr<pid_t> pid = kernel_.Spawn(request);
    EXPECT_TRUE(pid.ok()) << pid.status();
    if (!pid.ok()) return {};
    EXPECT_EQ(WaitForExit(*pid), 0);

    std::map<std::string, std::string> fds;
    std::istringstream lines(ReadTestFile(report));
    std::string fd;
    std::string target;
    while (lines >> fd >> target) fds[fd] = target;
    return fds;
  }

  // Opens a file at kLeakedFd without O_CLOEXEC; closed in TearDown.
  void LeakFd() {
    WriteTestFile(Path("leaked"), "");
    const int fd = open(Path("leaked").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(dup2(fd, kLeakedFd), kLeakedFd);
    close(fd);
  }

  void TearDown() override {
    close(kLeakedFd);
    LibcKernelApiFileTest::TearDown();
  }
};

TEST_F(LibcKernelApiSpawnTest, SpawnOfTrueReturnsPidThatExitsZero) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"/bin/true"}, {}});
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_GT(*pid, 0);
  EXPECT_EQ(WaitForExit(*pid), 0);
}

TEST_F(LibcKernelApiSpawnTest, SpawnLooksUpProgramInPath) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"true"}, {}});
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(WaitForExit(*pid), 0);
}

TEST_F(LibcKernelApiSpawnTest, SpawnPassesArguments) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"/bin/sh", "-c", "exit 3"}, {}});
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(WaitForExit(*pid), 3);
}

TEST_F(LibcKernelApiSpawnTest, SpawnOfEmptyArgvIsInvalidArgument) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LibcKernelApiSpawnTest, SpawnWritesZeroToEachTasksFile) {
  WriteTestFile(Path("tasks1"), "");
  WriteTestFile(Path("tasks2"), "");
  absl::StatusOr<pid_t> pid =
      kernel_.Spawn({{"/bin/true"}, {Path("tasks1"), Path("tasks2")}});
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(WaitForExit(*pid), 0);
  EXPECT_EQ(ReadTestFile(Path("tasks1")), "0");
  EXPECT_EQ(ReadTestFile(Path("tasks2")), "0");
}

TEST_F(LibcKernelApiSpawnTest, SpawnOfProgramMissingFromPathIsNotFound) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"lmctfy-no-such-program"}, {}});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(pid.status().message(),
              HasSubstr("command \"lmctfy-no-such-program\" not found"));
  EXPECT_TRUE(NoChildrenLeft());
}

TEST_F(LibcKernelApiSpawnTest, SpawnOfMissingProgramIsNotFoundAndReaped) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{Path("no-such-program")}, {}});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(pid.status().message(),
              HasSubstr(absl::StrCat("executing \"", Path("no-such-program"),
                                     "\": No such file or directory")));
  EXPECT_TRUE(NoChildrenLeft());
}

TEST_F(LibcKernelApiSpawnTest, SpawnOfNonExecutableFileIsPermissionDenied) {
  WriteTestFile(Path("script"), "#!/bin/sh\n");
  chmod(Path("script").c_str(), 0644);
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{Path("script")}, {}});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(pid.status().message(), HasSubstr(Path("script")));
  EXPECT_TRUE(NoChildrenLeft());
}

TEST_F(LibcKernelApiSpawnTest, SpawnWithTasksFileInMissingDirNamesIt) {
  const std::string tasks = Path("missing/tasks");
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"/bin/true"}, {tasks}});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(pid.status().message(),
              HasSubstr(absl::StrCat("joining ", tasks,
                                     " for \"/bin/true\": No such file")));
  EXPECT_TRUE(NoChildrenLeft());
}

TEST_F(LibcKernelApiSpawnTest, SpawnStopsAtTheFirstTasksFileThatFails) {
  WriteTestFile(Path("tasks1"), "");
  WriteTestFile(Path("tasks3"), "");
  absl::StatusOr<pid_t> pid =
      kernel_.Spawn({{"/bin/true"}, {Path("tasks1"), dir(), Path("tasks3")}});
  EXPECT_FALSE(pid.ok());
  EXPECT_THAT(pid.status().message(),
              HasSubstr(absl::StrCat("joining ", dir(), " for")));
  EXPECT_EQ(ReadTestFile(Path("tasks1")), "0");
  EXPECT_EQ(ReadTestFile(Path("tasks3")), "");
  EXPECT_TRUE(NoChildrenLeft());
}

TEST_F(LibcKernelApiSpawnTest, DetachedChildHasStdioOnDevNull) {
  std::map<std::string, std::string> fds = ChildFds(/*detached=*/true);
  EXPECT_EQ(fds["0"], "/dev/null");
  EXPECT_EQ(fds["1"], "/dev/null");
  EXPECT_EQ(fds["2"], "/dev/null");
}

TEST_F(LibcKernelApiSpawnTest, DetachedChildDoesNotInheritOtherFds) {
  LeakFd();
  std::map<std::string, std::string> fds = ChildFds(/*detached=*/true);
  EXPECT_FALSE(fds.empty());
  EXPECT_EQ(fds.count(absl::StrCat(kLeakedFd)), 0u);
}

TEST_F(LibcKernelApiSpawnTest, AttachedChildInheritsFdsWithoutCloexec) {
  LeakFd();
  std::map<std::string, std::string> fds = ChildFds(/*detached=*/false);
  EXPECT_EQ(fds[absl::StrCat(kLeakedFd)], Path("leaked"));
}

TEST_F(LibcKernelApiSpawnTest, DetachedChildLeadsItsOwnSession) {
  SpawnRequest request;
  request.argv = {"/bin/sleep", "30"};
  request.detached = true;
  absl::StatusOr<pid_t> pid = kernel_.Spawn(request);
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(getsid(*pid), *pid);
  kill(*pid, SIGKILL);
  EXPECT_EQ(WaitForExit(*pid), 128 + SIGKILL);
}

TEST_F(LibcKernelApiSpawnTest, AttachedChildStaysInCallersSession) {
  absl::StatusOr<pid_t> pid = kernel_.Spawn({{"/bin/sleep", "30"}, {}});
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(getsid(*pid), getsid(0));
  kill(*pid, SIGKILL);
  EXPECT_EQ(WaitForExit(*pid), 128 + SIGKILL);
}

TEST_F(LibcKernelApiSpawnTest, ChildStartsWithDefaultSignalsAndEmptyMask) {
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_action;
  ASSERT_EQ(sigaction(SIGUSR1, &ignore, &old_action), 0);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  sigset_t old_mask;
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &block, &old_mask), 0);

  absl::StatusOr<pid_t> pid = kernel_.Spawn(
      {{"/bin/sh", "-c",
        absl::StrCat("exec grep -E '^Sig(Blk|Ign)' /proc/self/status > ",
                     Path("signals"))},
       {}});
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGUSR1, &old_action, nullptr);

  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(WaitForExit(*pid), 0);
  const std::string signals = ReadTestFile(Path("signals"));
  EXPECT_THAT(signals, HasSubstr("SigBlk:\t0000000000000000"));
  EXPECT_THAT(signals, HasSubstr("SigIgn:\t0000000000000000"));
}

TEST_F(LibcKernelApiSpawnTest, ExecOfEmptyArgvIsInvalidArgument) {
  EXPECT_EQ(kernel_.Exec({}).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LibcKernelApiSpawnTest, ExecOfMissingProgramIsInternalNamingIt) {
  absl::Status status = kernel_.Exec({"lmctfy-no-such-program"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(status.message(),
              HasSubstr("executing \"lmctfy-no-such-program\": No such file"));
}

TEST_F(LibcKernelApiSpawnTest, ExecReplacesProcessWithIntervalTimersCleared) {
  const pid_t pid = fork();
  if (pid == 0) {
    // Without clearing, this alarm would kill the shell before it exits.
    struct itimerval alarm = {};
    alarm.it_value.tv_usec = 50 * 1000;
    setitimer(ITIMER_REAL, &alarm, nullptr);
    (void)kernel_.Exec({"sh", "-c", "sleep 0.3; exit 7"});
    _exit(99);
  }
  ASSERT_GT(pid, 0);
  EXPECT_EQ(WaitForExit(pid), 7);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
