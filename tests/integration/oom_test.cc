// SPDX-License-Identifier: Apache-2.0
// A memory limit is really enforced: a process that wants more than its
// container's limit is killed by the kernel's OOM killer.

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr int64_t kLimitBytes = 64LL << 20;

using OomTest = IntegrationTest;

TEST_F(OomTest, ProcessOverTheMemoryLimitIsOomKilled) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(kLimitBytes);
  DestroyAtTearDown("/oom");
  absl::StatusOr<std::unique_ptr<Container>> container =
      api().Create("/oom", spec);
  ASSERT_TRUE(container.ok()) << container.status();

  // Four times the limit, with no swap to escape to.
  RunSpec run_spec;
  run_spec.set_fd_policy(RunSpec::INHERIT);
  absl::StatusOr<pid_t> hog =
      (*container)->Run({LMCTFY_MEMHOG_PATH, "256"}, run_spec);
  ASSERT_TRUE(hog.ok()) << hog.status();
  KillAtTearDown(*hog);
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(*hog, &status, 0);
  } while (waited < 0 && errno == EINTR);

  ASSERT_EQ(waited, *hog);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "memhog was not killed; exit status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(ReadCgroupFile("memory", "/oom", "memory.limit_in_bytes"),
            std::to_string(kLimitBytes));
  EXPECT_GT(ReadCgroupInt("memory", "/oom", "memory.failcnt"), 0);
  EXPECT_GT(ReadKeyedValue(CgroupDir("memory", "/oom") + "/memory.oom_control",
                           "oom_kill"),
            0);

  absl::StatusOr<ContainerStats> stats =
      (*container)->Stats(Container::STATS_SUMMARY);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->memory().fail_count(), 0);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
