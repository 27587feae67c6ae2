// SPDX-License-Identifier: Apache-2.0
// What a process started in a container receives from lmctfy: no descriptor
// of lmctfy's own (a detached run: only stdio; otherwise stdio and what the
// caller left inheritable), no blocked or ignored signals even when the
// caller had some, and the caller's environment unchanged (INTERFACE.md
// 4.10).

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

extern char** environ;

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

constexpr char kMarker[] = "LMCTFY_IT_HYGIENE=caller";

// What the inspect helper wrote about itself.
struct Received {
  std::set<int> fds;
  std::string blocked;
  std::string ignored;
  std::set<std::string> env;
};

Received ReadReport(const std::string& path) {
  Received received;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (absl::StartsWith(line, "fd ")) {
      received.fds.insert(std::atoi(line.c_str() + 3));
    } else if (absl::StartsWith(line, "SigBlk:")) {
      received.blocked = line.substr(line.find_first_not_of(" \t", 7));
    } else if (absl::StartsWith(line, "SigIgn:")) {
      received.ignored = line.substr(line.find_first_not_of(" \t", 7));
    } else if (absl::StartsWith(line, "env ")) {
      received.env.insert(line.substr(4));
    }
  }
  return received;
}

// Our descriptors without close-on-exec: every process we start gets them,
// and a run with the INHERIT fd policy passes them on (INTERFACE.md 3.2).
// Stdio is always among them.
std::set<int> OurInheritableFds() {
  std::set<int> fds = {0, 1, 2};
  for (int fd = 3; fd < 1024; ++fd) {
    const int flags = fcntl(fd, F_GETFD);
    if (flags >= 0 && (flags & FD_CLOEXEC) == 0) fds.insert(fd);
  }
  return fds;
}

std::set<std::string> OurEnvironment() {
  std::set<std::string> env;
  for (char** var = environ; *var != nullptr; ++var) env.insert(*var);
  return env;
}

// The caller's state a container process must not receive: a blocked
// signal, an ignored signal, and (for detached runs) a descriptor open
// without close-on-exec. Set for the lifetime of the object.
class MessyCaller {
 public:
  MessyCaller() {
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &blocked, &old_mask_);
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &ignore, &old_usr2_);
    sigaction(SIGHUP, &ignore, &old_hup_);
    putenv(const_cast<char*>(kMarker));
  }
  ~MessyCaller() {
    unsetenv("LMCTFY_IT_HYGIENE");
    sigaction(SIGHUP, &old_hup_, nullptr);
    sigaction(SIGUSR2, &old_usr2_, nullptr);
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    if (leaked_fd_ >= 0) close(leaked_fd_);
  }
  // Opens /dev/null without O_CLOEXEC and keeps it open.
  void LeakDescriptor() { leaked_fd_ = open("/dev/null", O_RDONLY); }

 private:
  sigset_t old_mask_;
  struct sigaction old_usr2_ = {};
  struct sigaction old_hup_ = {};
  int leaked_fd_ = -1;
};

class ProcessHygieneTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (IsSkipped()) return;
    report_ = absl::StrCat("/tmp/lmctfy_it_inspect_", getpid());
    unlink(report_.c_str());
    ASSERT_NO_FATAL_FAILURE(
        CreateWithCli("/clean", "memory { limit: 67108864 }"));
  }
  void TearDown() override {
    unlink(report_.c_str());
    IntegrationTest::TearDown();
  }
  bool ReportWritten() const { return access(report_.c_str(), F_OK) == 0; }

  std::string report_;
};

TEST_F(ProcessHygieneTest, BackgroundRunGetsOnlyStdioAndNoCallerSignalState) {
  CommandResult ran;
  {
    MessyCaller caller;
    caller.LeakDescriptor();
    ran = RunCli({"run", "-n", "/clean", LMCTFY_INSPECT_PATH, report_});
  }
  ASSERT_EQ(ran.exit_code, 0) << ran;
  const pid_t pid = ParsePidLine(ran.out);
  ASSERT_GT(pid, 0) << ran;
  KillAtTearDown(pid);
  ASSERT_TRUE(WaitUntil([&] { return ProcessGone(pid); }));
  ASSERT_TRUE(ReportWritten());

  const Received received = ReadReport(report_);
  EXPECT_THAT(received.fds, ElementsAre(0, 1, 2));
  EXPECT_EQ(received.blocked, "0000000000000000");
  EXPECT_EQ(received.ignored, "0000000000000000");
  EXPECT_TRUE(received.env.count(kMarker)) << "caller's environment lost";
}

TEST_F(ProcessHygieneTest, ForegroundRunGetsOnlyStdioAndNoCallerSignalState) {
  CommandResult ran;
  std::set<std::string> caller_env;
  std::set<int> caller_fds;
  {
    MessyCaller caller;
    caller_env = OurEnvironment();
    caller_fds = OurInheritableFds();
    ran = RunCli({"run", "/clean", LMCTFY_INSPECT_PATH, report_});
  }
  ASSERT_EQ(ran.exit_code, 0) << ran;
  ASSERT_TRUE(ReportWritten());

  const Received received = ReadReport(report_);
  EXPECT_EQ(received.fds, caller_fds);
  EXPECT_EQ(received.blocked, "0000000000000000");
  EXPECT_EQ(received.ignored, "0000000000000000");
  EXPECT_EQ(received.env, caller_env);
}

TEST_F(ProcessHygieneTest, LibraryRunGetsOnlyStdioAndNoCallerSignalState) {
  auto container = api().Get("/clean");
  ASSERT_TRUE(container.ok()) << container.status();
  absl::StatusOr<pid_t> pid;
  std::set<std::string> caller_env;
  std::set<int> caller_fds;
  {
    MessyCaller caller;
    caller_env = OurEnvironment();
    caller_fds = OurInheritableFds();
    pid = (*container)->Run({LMCTFY_INSPECT_PATH, report_}, RunSpec());
  }
  ASSERT_TRUE(pid.ok()) << pid.status();
  KillAtTearDown(*pid);
  ASSERT_TRUE(WaitUntil([&] { return ProcessGone(*pid); }));
  ASSERT_TRUE(ReportWritten());

  const Received received = ReadReport(report_);
  EXPECT_EQ(received.fds, caller_fds);
  EXPECT_EQ(received.blocked, "0000000000000000");
  EXPECT_EQ(received.ignored, "0000000000000000");
  EXPECT_EQ(received.env, caller_env);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
