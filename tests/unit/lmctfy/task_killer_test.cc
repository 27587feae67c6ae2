// SPDX-License-Identifier: Apache-2.0
// Tests of KillAllTasks: freeze, signal, thaw and the kill rounds.

#include "lmctfy/task_killer.h"

#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

constexpr char kState[] = "/cg/freezer/a/freezer.state";

class TaskKillerTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    Mount({CGROUP_FREEZER});
    AddContainer("/a");
    ON_CALL(kernel_, SleepFor(_)).WillByDefault([this](absl::Duration d) {
      slept_ += d;
    });
    // By default a task dies at its first SIGKILL.
    ON_CALL(kernel_, Kill(_, _)).WillByDefault([this](pid_t pid, int signal) {
      return Signal(pid, signal);
    });
  }

  // Logs the kill; the task dies once it has had `lives_[pid]` + 1 kills.
  absl::Status Signal(pid_t pid, int signal) {
    EXPECT_EQ(signal, SIGKILL);
    fs_.AppendLog(absl::StrCat("kill ", pid));
    if (lives_[pid]-- <= 0) fs_.RemoveTask(pid);
    return absl::OkStatus();
  }

  absl::Status KillAll() {
    return KillAllTasks("/a", FreezerController("/cg/freezer/a", kernel_),
                        kernel_, options_);
  }

  std::map<pid_t, int> lives_;
  absl::Duration slept_;
};

TEST_F(TaskKillerTest, EmptyContainerIsNeitherFrozenNorSignalled) {
  EXPECT_CALL(kernel_, Kill(_, _)).Times(0);
  ASSERT_TRUE(KillAll().ok());
  EXPECT_THAT(fs_.log(), IsEmpty());
}

TEST_F(TaskKillerTest, FreezesSignalsEveryThreadThenThaws) {
  SetTasks("/a", {10, 11, 12}, {10, 12});
  ASSERT_TRUE(KillAll().ok());
  EXPECT_THAT(fs_.log(),
              ElementsAre(absl::StrCat("write ", kState, " FROZEN"), "kill 10",
                          "kill 11", "kill 12",
                          absl::StrCat("write ", kState, " THAWED")));
  EXPECT_EQ(fs_.File("/cg/freezer/a/tasks"), "");
}

TEST_F(TaskKillerTest, PausedContainerIsThawedSoTheKillsLand) {
  fs_.SetFile(kState, "FROZEN\n");
  SetTasks("/a", {10}, {10});
  ASSERT_TRUE(KillAll().ok());
  EXPECT_EQ(fs_.File(kState), "THAWED");
  EXPECT_EQ(fs_.File("/cg/freezer/a/cgroup.procs"), "");
}

TEST_F(TaskKillerTest, KeepsKillingInRoundsUntilTheContainerIsEmpty) {
  SetTasks("/a", {10}, {10});
  lives_[10] = 2;
  ASSERT_TRUE(KillAll().ok());
  EXPECT_THAT(fs_.LogOf("kill "), ElementsAre("kill 10", "kill 10", "kill 10"));
}

TEST_F(TaskKillerTest, SurvivingProcessesAreFailedPreconditionWithCount) {
  SetTasks("/a", {10, 11}, {10, 11});
  lives_[10] = lives_[11] = 100;
  absl::Status status = KillAll();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("2 processes"));
  // Once while frozen, then once per round.
  EXPECT_EQ(fs_.LogOf("kill ").size(), 2u + 3 * 2);
  // Each round waits up to the delay between kills.
  EXPECT_EQ(slept_, 3 * absl::Milliseconds(250));
  EXPECT_EQ(fs_.File(kState), "THAWED");
}

TEST_F(TaskKillerTest, RoundsAndDelayComeFromOptions) {
  options_.kill_rounds = 1;
  options_.delay_between_kills = absl::Milliseconds(10);
  SetTasks("/a", {10}, {10});
  lives_[10] = 100;
  absl::Status status = KillAll();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1 processes"));
  EXPECT_EQ(fs_.LogOf("kill ").size(), 2u);
  EXPECT_EQ(slept_, absl::Milliseconds(10));
}

TEST_F(TaskKillerTest, TouristThreadsAreKilledAfterProcesses) {
  SetTasks("/a", {10, 99}, {10});
  lives_[99] = 1;
  ASSERT_TRUE(KillAll().ok());
  EXPECT_THAT(fs_.LogOf("kill "), ElementsAre("kill 10", "kill 99", "kill 99"));
}

TEST_F(TaskKillerTest, SurvivingThreadsAreCountedAsThreads) {
  SetTasks("/a", {99}, {});
  lives_[99] = 100;
  absl::Status status = KillAll();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1 threads"));
}

TEST_F(TaskKillerTest, TaskThatIsAlreadyGoneIsIgnored) {
  SetTasks("/a", {10, 11}, {10, 11});
  ON_CALL(kernel_, Kill(10, SIGKILL)).WillByDefault([this](pid_t pid, int) {
    fs_.RemoveTask(pid);
    return absl::NotFoundError("kill 10: No such process");
  });
  EXPECT_TRUE(KillAll().ok());
}

TEST_F(TaskKillerTest, OtherSignalErrorIsReturnedAfterThawing) {
  SetTasks("/a", {10}, {10});
  ON_CALL(kernel_, Kill(_, _))
      .WillByDefault(Return(absl::PermissionDeniedError("not permitted")));
  absl::Status status = KillAll();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(fs_.File(kState), "THAWED");
}

TEST_F(TaskKillerTest, ContainerWithoutFreezerStateIsKilledUnfrozen) {
  fs_.RemoveFile(kState);
  SetTasks("/a", {10}, {10});
  ASSERT_TRUE(KillAll().ok());
  EXPECT_THAT(fs_.log(), ElementsAre("kill 10"));
}

TEST_F(TaskKillerTest, FreezeThatNeverCompletesIsUndoneAndKillsGoOn) {
  options_.freezer_timeout = absl::Milliseconds(20);
  SetTasks("/a", {10}, {10});
  // A task stuck in the kernel keeps the cgroup FREEZING until it thaws.
  ON_CALL(kernel_, ReadFile(Eq(kState)))
      .WillByDefault([this](absl::string_view) -> absl::StatusOr<std::string> {
        std::string state = fs_.File(kState);
        return state == "FROZEN" ? std::string("FREEZING\n") : state;
      });
  ASSERT_TRUE(KillAll().ok());
  EXPECT_EQ(fs_.File(kState), "THAWED");
  EXPECT_THAT(fs_.LogOf("kill "), ElementsAre("kill 10"));
}

TEST_F(TaskKillerTest, ListingFailureIsReturned) {
  fs_.RemoveFile("/cg/freezer/a/tasks");
  EXPECT_EQ(KillAll().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
