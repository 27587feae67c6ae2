// SPDX-License-Identifier: Apache-2.0
// Tests of how ContainerImpl places tasks: Enter, Run and Exec.

#include <sys/file.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/container_impl.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;

class ContainerTasksTest : public FakeMachineTest {
 protected:
  ContainerImpl ContainerAt(const std::string& name) {
    return ContainerImpl(name, Context());
  }

  // Enter(pid_t) as callers see it through the Container interface.
  absl::Status EnterOne(const std::string& name, pid_t tid) {
    ContainerImpl container = ContainerAt(name);
    return static_cast<Container&>(container).Enter(tid);
  }

  // The tasks files written with `tid`, in order.
  std::vector<std::string> FilesWritten(pid_t tid) const {
    std::vector<std::string> files;
    std::string suffix = absl::StrCat(" ", tid);
    for (const std::string& entry : fs_.LogOf("write ")) {
      if (!absl::EndsWith(entry, suffix)) continue;
      files.push_back(entry.substr(6, entry.size() - 6 - suffix.size()));
    }
    return files;
  }
};

// ---- Enter ----

TEST_F(ContainerTasksTest, EnterWritesFreezerThenEachResourceInOrder) {
  MountSeparately(/*with_perf_event=*/true);
  AddContainer("/a", {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_MEMORY,
                      CGROUP_PERF_EVENT, CGROUP_DEVICE});
  ASSERT_TRUE(EnterOne("/a", 42).ok());
  EXPECT_THAT(FilesWritten(42),
              ElementsAre("/cg/freezer/a/tasks", "/cg/cpu/a/tasks",
                          "/cg/cpuacct/a/tasks", "/cg/cpuset/a/tasks",
                          "/cg/memory/a/tasks", "/cg/perf_event/a/tasks",
                          "/cg/devices/a/tasks"));
}

TEST_F(ContainerTasksTest, EnterUsesNearestAncestorForResourcesNotIsolated) {
  MountSeparately();
  AddContainer("/a",
               {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_MEMORY});
  AddContainer("/a/b");
  ASSERT_TRUE(EnterOne("/a/b", 7).ok());
  EXPECT_THAT(FilesWritten(7),
              ElementsAre("/cg/freezer/a/b/tasks", "/cg/cpu/a/tasks",
                          "/cg/cpuacct/a/tasks", "/cg/cpuset/a/tasks",
                          "/cg/memory/a/tasks", "/cg/devices/tasks"));
}

TEST_F(ContainerTasksTest, EnterWritesCoMountedDirectoryOnce) {
  Mount({CGROUP_CPU, CGROUP_CPUACCT});
  Mount({CGROUP_MEMORY});
  Mount({CGROUP_FREEZER});
  AddContainer("/a", {CGROUP_CPU, CGROUP_MEMORY});
  ASSERT_TRUE(EnterOne("/a", 9).ok());
  EXPECT_THAT(FilesWritten(9),
              ElementsAre("/cg/freezer/a/tasks", "/cg/cpu,cpuacct/a/tasks",
                          "/cg/memory/a/tasks"));
}

TEST_F(ContainerTasksTest, EnterMovesEachThreadCompletelyBeforeTheNext) {
  Mount({CGROUP_MEMORY});
  Mount({CGROUP_FREEZER});
  AddContainer("/a", {CGROUP_MEMORY});
  ASSERT_TRUE(ContainerAt("/a").Enter(std::vector<pid_t>{1, 2}).ok());
  EXPECT_THAT(
      fs_.LogOf("write "),
      ElementsAre("write /cg/freezer/a/tasks 1", "write /cg/memory/a/tasks 1",
                  "write /cg/freezer/a/tasks 2", "write /cg/memory/a/tasks 2"));
}

TEST_F(ContainerTasksTest, EnterRootUsesRootCgroups) {
  Mount({CGROUP_MEMORY});
  Mount({CGROUP_FREEZER});
  ASSERT_TRUE(EnterOne("/", 5).ok());
  EXPECT_THAT(FilesWritten(5),
              ElementsAre("/cg/freezer/tasks", "/cg/memory/tasks"));
}

TEST_F(ContainerTasksTest, EnterFailureSaysWhichThreadsAlreadyMoved) {
  MountSeparately();
  AddContainer("/a", {CGROUP_MEMORY});
  ON_CALL(kernel_, WriteFile(Eq("/cg/memory/a/tasks"), Eq("3")))
      .WillByDefault(Return(absl::NotFoundError("No such process")));
  absl::Status status = ContainerAt("/a").Enter(std::vector<pid_t>{1, 2, 3, 4});
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("thread 3"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("1,2 already moved"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("No such process"));
  EXPECT_THAT(FilesWritten(4), IsEmpty());
}

TEST_F(ContainerTasksTest, EnterFailureOfFirstThreadClaimsNoMovedThreads) {
  MountSeparately();
  AddContainer("/a");
  fs_.FailWrite("/cg/freezer/a/tasks", absl::PermissionDeniedError("denied"));
  absl::Status status = EnterOne("/a", 5);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("already moved")));
}

TEST_F(ContainerTasksTest, EnterMissingContainerIsNotFound) {
  MountSeparately();
  EXPECT_EQ(EnterOne("/gone", 5).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

// ---- Run ----

class ContainerRunTest : public ContainerTasksTest {
 protected:
  void SetUp() override {
    MountSeparately();
    AddContainer("/a", {CGROUP_MEMORY});
  }
};

TEST_F(ContainerRunTest, RunSpawnsChildJoiningTheTasksFiles) {
  SpawnRequest request;
  EXPECT_CALL(kernel_, Spawn(_))
      .WillOnce(DoAll(SaveArg<0>(&request), Return(pid_t{77})));
  EXPECT_THAT(ContainerAt("/a").Run({"/bin/sleep", "5"}, RunSpec()),
              IsOkAndHolds(77));
  EXPECT_THAT(request.argv, ElementsAre("/bin/sleep", "5"));
  EXPECT_THAT(request.tasks_files,
              ElementsAre("/cg/freezer/a/tasks", "/cg/cpu/tasks",
                          "/cg/cpuacct/tasks", "/cg/cpuset/tasks",
                          "/cg/memory/a/tasks", "/cg/devices/tasks"));
  EXPECT_FALSE(request.detached);
  // The child joins by itself; the caller writes no tasks file.
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerRunTest, RunSkipsCgroupsTheCallerIsAlreadyIn) {
  fs_.SetFile("/proc/thread-self/cgroup",
              "4:freezer:/\n6:devices:/\n3:cpu:/\n9:memory:/elsewhere\n");
  SpawnRequest request;
  EXPECT_CALL(kernel_, Spawn(_))
      .WillOnce(DoAll(SaveArg<0>(&request), Return(pid_t{77})));
  ASSERT_TRUE(ContainerAt("/a").Run({"/bin/true"}, RunSpec()).ok());
  EXPECT_THAT(request.tasks_files,
              ElementsAre("/cg/freezer/a/tasks", "/cg/cpuacct/tasks",
                          "/cg/cpuset/tasks", "/cg/memory/a/tasks"));
}

TEST_F(ContainerRunTest, EnterOfOtherThreadsWritesEveryTasksFile) {
  fs_.SetFile("/proc/thread-self/cgroup", "4:freezer:/\n6:devices:/\n");
  ASSERT_TRUE(EnterOne("/a", 42).ok());
  EXPECT_THAT(FilesWritten(42),
              ElementsAre("/cg/freezer/a/tasks", "/cg/cpu/tasks",
                          "/cg/cpuacct/tasks", "/cg/cpuset/tasks",
                          "/cg/memory/a/tasks", "/cg/devices/tasks"));
}

TEST_F(ContainerRunTest, EnterOfCallingThreadSkipsCgroupsItIsIn) {
  fs_.SetFile("/proc/thread-self/cgroup", "4:freezer:/\n6:devices:/\n");
  ASSERT_TRUE(EnterOne("/a", 0).ok());
  EXPECT_THAT(
      FilesWritten(0),
      ElementsAre("/cg/freezer/a/tasks", "/cg/cpu/tasks", "/cg/cpuacct/tasks",
                  "/cg/cpuset/tasks", "/cg/memory/a/tasks"));
}

TEST_F(ContainerRunTest, RunDetachedAsksForDetachedChild) {
  SpawnRequest request;
  EXPECT_CALL(kernel_, Spawn(_))
      .WillOnce(DoAll(SaveArg<0>(&request), Return(pid_t{78})));
  RunSpec spec;
  spec.set_fd_policy(RunSpec::DETACHED);
  ASSERT_TRUE(ContainerAt("/a").Run({"daemon"}, spec).ok());
  EXPECT_TRUE(request.detached);
}

TEST_F(ContainerRunTest, RunInheritKeepsDescriptors) {
  SpawnRequest request;
  EXPECT_CALL(kernel_, Spawn(_))
      .WillOnce(DoAll(SaveArg<0>(&request), Return(pid_t{79})));
  RunSpec spec;
  spec.set_fd_policy(RunSpec::INHERIT);
  ASSERT_TRUE(ContainerAt("/a").Run({"cat"}, spec).ok());
  EXPECT_FALSE(request.detached);
}

TEST_F(ContainerRunTest, RunRefusesBadRequestsWithoutSpawning) {
  EXPECT_CALL(kernel_, Spawn(_)).Times(0);
  ContainerImpl a = ContainerAt("/a");
  EXPECT_EQ(a.Run({}, RunSpec()).status().code(),
            absl::StatusCode::kInvalidArgument);

  RunSpec unknown;
  unknown.set_fd_policy(RunSpec::UNKNOWN);
  absl::Status status = a.Run({"ls"}, unknown).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("fd_policy"));

  RunSpec console;
  console.mutable_console()->set_slave_pty("3");
  EXPECT_EQ(a.Run({"ls"}, console).status().code(),
            absl::StatusCode::kUnimplemented);

  RunSpec apparmor;
  apparmor.set_apparmor_profile("confined");
  EXPECT_EQ(a.Run({"ls"}, apparmor).status().code(),
            absl::StatusCode::kUnimplemented);
}

TEST_F(ContainerRunTest, RunSpawnFailureKeepsCodeAndNamesContainer) {
  EXPECT_CALL(kernel_, Spawn(_))
      .WillOnce(Return(absl::NotFoundError("exec nosuch: No such file")));
  absl::Status status = ContainerAt("/a").Run({"nosuch"}, RunSpec()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("nosuch"));
}

TEST_F(ContainerRunTest, RunInMissingContainerIsNotFound) {
  EXPECT_CALL(kernel_, Spawn(_)).Times(0);
  EXPECT_EQ(ContainerAt("/gone").Run({"ls"}, RunSpec()).status().code(),
            absl::StatusCode::kNotFound);
}

// ---- Exec ----

TEST_F(ContainerRunTest, ExecEntersCallingThreadThenReplacesProcess) {
  EXPECT_CALL(kernel_, Exec(ElementsAre("ls", "-l")))
      .WillOnce([this](const std::vector<std::string>&) {
        fs_.AppendLog("exec");
        return absl::NotFoundError("No such file or directory");
      });
  absl::Status status = ContainerAt("/a").Exec({"ls", "-l"});
  // Exec returns only on failure.
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr("ls"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("No such file or directory"));
  EXPECT_THAT(
      fs_.log(),
      ElementsAre("lock /cg/freezer/a", "write /cg/freezer/a/tasks 0",
                  "write /cg/cpu/tasks 0", "write /cg/cpuacct/tasks 0",
                  "write /cg/cpuset/tasks 0", "write /cg/memory/a/tasks 0",
                  "write /cg/devices/tasks 0", "unlock /cg/freezer/a", "exec"));
}

// A destroy holds the lock exclusively while it kills and removes, so a
// child that started under the shared lock is seen and killed by it.
TEST_F(ContainerRunTest, RunHoldsASharedLockUntilTheChildHasStarted) {
  EXPECT_CALL(kernel_, Flock(_, LOCK_SH)).WillOnce([this](int, int) {
    fs_.AppendLog("shared lock");
    return absl::OkStatus();
  });
  EXPECT_CALL(kernel_, Spawn(_)).WillOnce([this](const SpawnRequest&) {
    fs_.AppendLog("spawn");
    return 42;
  });
  ASSERT_TRUE(ContainerAt("/a").Run({"/bin/true"}, RunSpec()).ok());
  EXPECT_THAT(fs_.log(),
              ElementsAre("shared lock", "spawn", "unlock /cg/freezer/a"));
}

TEST_F(ContainerRunTest, EnterOfContainerDestroyedWhileWaitingIsNotFound) {
  EXPECT_CALL(kernel_, Flock(_, LOCK_SH)).WillOnce([this](int, int) {
    EXPECT_TRUE(kernel_.RmDir("/cg/freezer/a").ok());
    return absl::OkStatus();
  });
  absl::Status status = ContainerAt("/a").Enter({10});
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerRunTest, ExecWithoutCommandIsInvalidArgument) {
  EXPECT_CALL(kernel_, Exec(_)).Times(0);
  EXPECT_EQ(ContainerAt("/a").Exec({}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerRunTest, ExecStopsWhenEnterFails) {
  fs_.FailWrite("/cg/memory/a/tasks", absl::PermissionDeniedError("denied"));
  EXPECT_CALL(kernel_, Exec(_)).Times(0);
  EXPECT_EQ(ContainerAt("/a").Exec({"ls"}).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(ContainerRunTest, ExecInMissingContainerIsNotFound) {
  EXPECT_CALL(kernel_, Exec(_)).Times(0);
  EXPECT_EQ(ContainerAt("/gone").Exec({"ls"}).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
