// SPDX-License-Identifier: Apache-2.0
// Pause and resume on the real kernel: a paused busy process gets no CPU and
// is frozen, runs again after resume, and a paused container can still be
// destroyed with everything in it.

#include <sys/types.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr char kBusyLoop[] = "while :; do :; done";
// How long a paused process is watched for CPU time it must not get.
constexpr absl::Duration kPausedSpell = absl::Milliseconds(700);

// The state letter of /proc/<pid>/stat ('R', 'S', 'D', ...), or '?'.
char ProcessState(pid_t pid) {
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  std::getline(stat_file, stat);
  const size_t comm_end = stat.rfind(") ");
  if (comm_end == std::string::npos || comm_end + 2 >= stat.size()) return '?';
  return stat[comm_end + 2];
}

int64_t CpuUsage(const std::string& name) {
  return ReadCgroupInt("cpuacct", name, "cpuacct.usage");
}

class PauseTest : public IntegrationTest {
 protected:
  // A cpu-isolating container running a busy loop that has had some CPU.
  void StartBusyContainer(const std::string& name) {
    ASSERT_NO_FATAL_FAILURE(CreateWithCli(name, "cpu { limit: 1000 }"));
    busy_pid_ = RunInBackground(name, {"/bin/sh", "-c", kBusyLoop});
    ASSERT_GT(busy_pid_, 0);
    ASSERT_TRUE(WaitUntil([&name] { return CpuUsage(name) > 50'000'000; },
                          absl::Seconds(30)))
        << "the busy loop got no CPU";
    absl::StatusOr<std::unique_ptr<Container>> container = api().Get(name);
    ASSERT_TRUE(container.ok()) << container.status();
    container_ = std::move(*container);
  }

  pid_t busy_pid_ = -1;
  std::unique_ptr<Container> container_;
};

TEST_F(PauseTest, PausedBusyProcessGetsNoCpuUntilResumed) {
  ASSERT_NO_FATAL_FAILURE(StartBusyContainer("/p_busy"));

  ASSERT_TRUE(container_->Pause().ok());
  EXPECT_EQ(ReadCgroupFile("freezer", "/p_busy", "freezer.state"), "FROZEN");
  EXPECT_NE(ProcessState(busy_pid_), 'R') << "a frozen task is not runnable";
  const int64_t paused_usage = CpuUsage("/p_busy");
  absl::SleepFor(kPausedSpell);
  EXPECT_EQ(CpuUsage("/p_busy"), paused_usage)
      << "the paused container used CPU";
  EXPECT_EQ(ReadCgroupFile("freezer", "/p_busy", "freezer.state"), "FROZEN");

  ASSERT_TRUE(container_->Resume().ok());
  EXPECT_EQ(ReadCgroupFile("freezer", "/p_busy", "freezer.state"), "THAWED");
  EXPECT_TRUE(WaitUntil(
      [paused_usage] {
        return CpuUsage("/p_busy") > paused_usage + 50'000'000;
      },
      absl::Seconds(30)))
      << "the resumed busy loop got no CPU";
}

TEST_F(PauseTest, ForcedDestroyOfAPausedContainerLeavesNothing) {
  ASSERT_NO_FATAL_FAILURE(StartBusyContainer("/p_doomed"));
  ASSERT_TRUE(container_->Pause().ok());
  ASSERT_EQ(ReadCgroupFile("freezer", "/p_doomed", "freezer.state"), "FROZEN");

  const CommandResult destroyed = RunCli({"destroy", "-f", "/p_doomed"});

  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  EXPECT_TRUE(WaitUntil([this] { return ProcessGone(busy_pid_); }))
      << "the paused process survived the destroy";
  EXPECT_TRUE(HierarchiesWith("/p_doomed").empty())
      << "cgroups left in: "
      << absl::StrJoin(HierarchiesWith("/p_doomed"), ", ");
  EXPECT_EQ(container_->Pause().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
