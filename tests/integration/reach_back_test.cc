// SPDX-License-Identifier: Apache-2.0
// A process started in a container cannot reach back into the lmctfy
// process that started it: no descriptor of the manager is inherited, and
// /proc/<manager>/{exe,root,cwd,environ,mem,fd/*} cannot be opened while the
// manager is still alive, even when both run as the same (delegated) user.

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kName[] = "/reach";
constexpr int kUser = 4321;
constexpr char kSetpriv[] = "/usr/bin/setpriv";

// What reach_probe wrote.
struct Probe {
  bool done = false;
  bool manager_alive = false;
  std::vector<std::string> reached;
  std::vector<std::string> blocked;
  std::set<int> fds;
};

Probe ReadProbe(const std::string& path) {
  Probe probe;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line == "done") probe.done = true;
    if (line == "manager alive") probe.manager_alive = true;
    if (absl::StartsWith(line, "reached ")) probe.reached.push_back(line);
    if (absl::StartsWith(line, "blocked ")) probe.blocked.push_back(line);
    if (absl::StartsWith(line, "fd ")) {
      probe.fds.insert(std::atoi(line.c_str() + 3));
    }
  }
  return probe;
}

std::vector<std::string> AsUser(std::vector<std::string> argv) {
  std::vector<std::string> wrapped = {kSetpriv, absl::StrCat("--reuid=", kUser),
                                      absl::StrCat("--regid=", kUser),
                                      "--clear-groups"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

class ReachBackTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (IsSkipped()) return;
    if (access(kSetpriv, X_OK) != 0) {
      GTEST_SKIP() << kSetpriv << " is needed to act as another user";
    }
    // Handed to the user, so it can run processes in it itself.
    ASSERT_NO_FATAL_FAILURE(CreateWithCli(
        kName, absl::StrCat("owner: ", kUser, " owner_group: ", kUser,
                            " memory { limit: 67108864 }")));
    report_ = absl::StrCat("/tmp/lmctfy_it_reach_", getpid());
    unlink(report_.c_str());
    // Created here, written by the probe as the user.
    const int fd = open(report_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    ASSERT_GE(fd, 0);
    fchmod(fd, 0666);
    close(fd);
  }
  void TearDown() override {
    unlink(report_.c_str());
    IntegrationTest::TearDown();
  }

  Probe WaitForProbe() {
    Probe probe;
    WaitUntil([&] {
      probe = ReadProbe(report_);
      return probe.done;
    });
    return probe;
  }

  std::string report_;
};

// `lmctfy run -n` as the container's owner: the probe runs as the same user
// while lmctfy is still alive (its output pipe is full, so it cannot finish
// writing the pid and exit).
TEST_F(ReachBackTest, BackgroundRunCannotReachTheLiveLmctfyOfItsOwnUser) {
  int out[2];
  ASSERT_EQ(pipe2(out, O_CLOEXEC | O_NONBLOCK), 0);
  const std::string filler(4096, 'x');
  while (write(out[1], filler.data(), filler.size()) > 0) {
  }
  const pid_t manager = fork();
  if (manager == 0) {
    dup2(out[1], 1);
    const int flags = fcntl(1, F_GETFL);
    fcntl(1, F_SETFL, flags & ~O_NONBLOCK);
    std::vector<std::string> argv =
        AsUser({CliPath(), "run", "-n", kName, LMCTFY_REACH_PROBE_PATH,
                absl::StrCat(getpid()), report_});
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  ASSERT_GT(manager, 0);
  close(out[1]);
  const Probe probe = WaitForProbe();
  // Let lmctfy finish: drain its output and reap it.
  const int flags = fcntl(out[0], F_GETFL);
  fcntl(out[0], F_SETFL, flags & ~O_NONBLOCK);
  char buffer[4096];
  while (read(out[0], buffer, sizeof(buffer)) > 0) {
  }
  close(out[0]);
  int status = 0;
  waitpid(manager, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

  ASSERT_TRUE(probe.done) << "the probe did not report";
  EXPECT_TRUE(probe.manager_alive);
  EXPECT_THAT(probe.reached, IsEmpty());
  EXPECT_FALSE(probe.blocked.empty());
  EXPECT_THAT(probe.fds, ElementsAre(0, 1, 2));
}

// The library in a long-lived manager (this test, with a notification
// registered, so its listener's epoll and eventfd descriptors are open):
// a detached Run gets stdio only, and a probe of another user cannot open
// the manager's /proc entries.
TEST_F(ReachBackTest, LibraryRunGetsNoManagerDescriptorAndCannotReachIt) {
  auto container = api().Get(kName);
  ASSERT_TRUE(container.ok()) << container.status();
  EventSpec event;
  event.mutable_memory_threshold()->set_usage(1 << 30);
  auto id =
      (*container)->RegisterNotification(event, [](Container*, absl::Status) {
      });
  ASSERT_TRUE(id.ok()) << id.status();

  RunSpec detached;
  detached.set_fd_policy(RunSpec::DETACHED);
  absl::StatusOr<pid_t> pid =
      (*container)
          ->Run(AsUser(
                    {LMCTFY_REACH_PROBE_PATH, absl::StrCat(getpid()), report_}),
                detached);
  ASSERT_TRUE(pid.ok()) << pid.status();
  KillAtTearDown(*pid);
  const Probe probe = WaitForProbe();
  EXPECT_TRUE(WaitUntil([&] { return ProcessGone(*pid); }));
  EXPECT_TRUE((*container)->UnregisterNotification(*id).ok());

  ASSERT_TRUE(probe.done) << "the probe did not report";
  EXPECT_TRUE(probe.manager_alive);
  EXPECT_THAT(probe.reached, IsEmpty());
  EXPECT_THAT(probe.fds, ElementsAre(0, 1, 2));
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
