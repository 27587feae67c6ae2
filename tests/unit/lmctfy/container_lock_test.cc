// SPDX-License-Identifier: Apache-2.0
// Tests of ContainerLock and of how Create and Destroy take it.

#include "lmctfy/container_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/container_api_impl.h"
#include "lmctfy/container_impl.h"
#include "system_api/mock_kernel_api.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::IsEmpty;
using ::testing::Return;
using ::testing::StrictMock;

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY;

TEST(ContainerLockTest, LocksEachDirectoryInOrderAndReleasesNewestFirst) {
  StrictMock<MockKernelApi> kernel;
  {
    InSequence order;
    EXPECT_CALL(kernel, Open(absl::string_view("/cg/freezer"), kDirFlags))
        .WillOnce(Return(7));
    EXPECT_CALL(kernel, Flock(7, LOCK_EX)).WillOnce(Return(absl::OkStatus()));
    EXPECT_CALL(kernel, Open(absl::string_view("/cg/freezer/a"), kDirFlags))
        .WillOnce(Return(8));
    EXPECT_CALL(kernel, Flock(8, LOCK_EX)).WillOnce(Return(absl::OkStatus()));
    EXPECT_CALL(kernel, Close(8)).WillOnce(Return(absl::OkStatus()));
    EXPECT_CALL(kernel, Close(7)).WillOnce(Return(absl::OkStatus()));
  }
  absl::StatusOr<ContainerLock> lock =
      ContainerLock::Acquire(kernel, "/a", {"/cg/freezer", "/cg/freezer/a"});
  EXPECT_TRUE(lock.ok()) << lock.status();
}

TEST(ContainerLockTest, MissingDirectoryIsNotFoundAndReleasesEarlierLocks) {
  StrictMock<MockKernelApi> kernel;
  EXPECT_CALL(kernel, Open(absl::string_view("/cg/freezer"), kDirFlags))
      .WillOnce(Return(7));
  EXPECT_CALL(kernel, Flock(7, LOCK_EX)).WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel, Open(absl::string_view("/cg/freezer/a"), kDirFlags))
      .WillOnce(Return(absl::NotFoundError("opening /cg/freezer/a")));
  EXPECT_CALL(kernel, Close(7)).WillOnce(Return(absl::OkStatus()));

  absl::StatusOr<ContainerLock> lock =
      ContainerLock::Acquire(kernel, "/a", {"/cg/freezer", "/cg/freezer/a"});

  EXPECT_EQ(lock.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(lock.status().message()), HasSubstr("/a"));
}

TEST(ContainerLockTest, FlockFailureNamesTheContainerAndDirectory) {
  StrictMock<MockKernelApi> kernel;
  EXPECT_CALL(kernel, Open(_, _)).WillOnce(Return(7));
  EXPECT_CALL(kernel, Flock(7, LOCK_EX))
      .WillOnce(Return(absl::UnavailableError("locking fd 7")));
  EXPECT_CALL(kernel, Close(7)).WillOnce(Return(absl::OkStatus()));

  absl::StatusOr<ContainerLock> lock =
      ContainerLock::Acquire(kernel, "/web", {"/cg/freezer"});

  EXPECT_EQ(lock.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(lock.status().message()),
              HasSubstr("container /web at /cg/freezer"));
}

// Position of `entry` in `log`, or -1.
int IndexOf(const std::vector<std::string>& log, const std::string& entry) {
  auto it = std::find(log.begin(), log.end(), entry);
  return it == log.end() ? -1 : static_cast<int>(it - log.begin());
}

class ContainerLockingTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    MountSeparately();
    api_ = std::make_unique<ContainerApiImpl>(Context());
  }
  ContainerApiImpl& api() { return *api_; }

 private:
  std::unique_ptr<ContainerApiImpl> api_;
};

TEST_F(ContainerLockingTest, CreateHoldsTheParentLockAroundEveryMkdir) {
  ContainerSpec spec;
  spec.mutable_memory();
  ASSERT_TRUE(api().Create("/a", spec).ok());

  const std::vector<std::string>& log = fs_.log();
  const int locked = IndexOf(log, "lock /cg/freezer");
  const int unlocked = IndexOf(log, "unlock /cg/freezer");
  ASSERT_GE(locked, 0);
  EXPECT_LT(locked, IndexOf(log, "mkdir /cg/memory/a"));
  EXPECT_GT(unlocked, IndexOf(log, "rename /cg/freezer/.a /cg/freezer/a"));
}

TEST_F(ContainerLockingTest, RemoveRemnantsHoldsTheParentLock) {
  fs_.AddDir("/cg/freezer/.a");
  fs_.AddDir("/cg/memory/a");
  ASSERT_TRUE(api().RemoveRemnants("/a").ok());
  const std::vector<std::string>& log = fs_.log();
  const int locked = IndexOf(log, "lock /cg/freezer");
  ASSERT_GE(locked, 0);
  EXPECT_LT(locked, IndexOf(log, "rmdir /cg/memory/a"));
  EXPECT_GT(IndexOf(log, "unlock /cg/freezer"),
            IndexOf(log, "rmdir /cg/freezer/.a"));
}

// Update, Pause, Resume and KillAll: shared on the container's directory (it
// keeps existing), exclusive on its cgroup.procs (they wait for each other),
// around every write they make.
class ChangeLockingTest : public ContainerLockingTest {
 protected:
  void SetUp() override {
    ContainerLockingTest::SetUp();
    AddContainer("/a", {CGROUP_MEMORY});
  }

  // The change made by `change` happened entirely inside the lock.
  void ExpectLockedAround(const std::function<absl::Status()>& change,
                          const std::string& first_write) {
    fs_.ClearLog();
    absl::Status status = change();
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_THAT(fs_.flocks(),
                ::testing::ElementsAre("sh /cg/freezer/a",
                                       "ex /cg/freezer/a/cgroup.procs"));
    const std::vector<std::string>& log = fs_.log();
    const int locked = IndexOf(log, "lock /cg/freezer/a/cgroup.procs");
    const int written = IndexOf(log, first_write);
    ASSERT_GE(locked, 0);
    ASSERT_GE(written, 0);
    EXPECT_LT(locked, written);
    std::vector<std::string> writes = fs_.LogOf("write ");
    ASSERT_FALSE(writes.empty());
    EXPECT_GT(IndexOf(log, "unlock /cg/freezer/a/cgroup.procs"),
              IndexOf(log, writes.back()));
  }
};

TEST_F(ChangeLockingTest, UpdateHoldsTheChangeLock) {
  ContainerImpl a("/a", Context());
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(1 << 20);
  ExpectLockedAround([&] { return a.Update(spec, Container::UPDATE_DIFF); },
                     "write /cg/memory/a/memory.limit_in_bytes 1048576");
}

TEST_F(ChangeLockingTest, PauseAndResumeHoldTheChangeLock) {
  ContainerImpl a("/a", Context());
  ExpectLockedAround([&] { return a.Pause(); },
                     "write /cg/freezer/a/freezer.state FROZEN");
  ExpectLockedAround([&] { return a.Resume(); },
                     "write /cg/freezer/a/freezer.state THAWED");
}

TEST_F(ChangeLockingTest, KillAllHoldsTheChangeLock) {
  SetTasks("/a", {10}, {10});
  ON_CALL(kernel_, Kill(_, _)).WillByDefault([this](pid_t pid, int) {
    fs_.RemoveTask(pid);
    return absl::OkStatus();
  });
  ContainerImpl a("/a", Context());
  ExpectLockedAround([&] { return a.KillAll(); },
                     "write /cg/freezer/a/freezer.state FROZEN");
}

TEST_F(ChangeLockingTest, ChangesOfAVanishedContainerAreNotFound) {
  ContainerImpl gone("/gone", Context());
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(1 << 20);
  for (const absl::Status& status :
       {gone.Update(spec, Container::UPDATE_DIFF), gone.Pause(), gone.Resume(),
        gone.KillAll()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("/gone"));
  }
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

// Destroy already holds the container exclusively; the KillAll inside it
// takes no lock of its own (it would wait for itself).
TEST_F(ChangeLockingTest, DestroyDoesNotTakeTheChangeLock) {
  SetTasks("/a", {10}, {10});
  ON_CALL(kernel_, Kill(_, _)).WillByDefault([this](pid_t pid, int) {
    fs_.RemoveTask(pid);
    return absl::OkStatus();
  });
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(api().Destroy(&a).ok());
  EXPECT_THAT(fs_.flocks(),
              ::testing::ElementsAre("ex /cg/freezer", "ex /cg/freezer/a"));
}

// The other process won while this one waited for the lock: the name is
// taken, and nothing may be made or removed.
TEST_F(ContainerLockingTest, CreateMadeByAnotherWhileWaitingIsAlreadyExists) {
  ON_CALL(kernel_, Flock(_, _)).WillByDefault([this](int, int) {
    if (!fs_.HasDir("/cg/freezer/a")) {
      fs_.AddDir("/cg/memory/a");
      fs_.AddDir("/cg/freezer/a");
    }
    return absl::OkStatus();
  });
  ContainerSpec spec;
  spec.mutable_memory();

  absl::Status status = api().Create("/a", spec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerLockingTest, CreateReturnsALockFailure) {
  ON_CALL(kernel_, Open(absl::string_view("/cg/freezer"), _))
      .WillByDefault(
          Return(absl::PermissionDeniedError("opening /cg/freezer")));

  absl::Status status = api().Create("/a", ContainerSpec()).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /a"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerLockingTest, CreateUnderMissingParentIsStillNotFound) {
  absl::Status status = api().Create("/nope/a", ContainerSpec()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/nope"));
}

TEST_F(ContainerLockingTest, DestroyLocksParentThenContainerBeforeRemoving) {
  AddContainer("/a", {CGROUP_MEMORY});
  ContainerImpl a("/a", Context());

  ASSERT_TRUE(api().Destroy(&a).ok());

  const std::vector<std::string>& log = fs_.log();
  const int parent = IndexOf(log, "lock /cg/freezer");
  const int own = IndexOf(log, "lock /cg/freezer/a");
  ASSERT_GE(parent, 0);
  EXPECT_LT(parent, own);
  EXPECT_LT(own, IndexOf(log, "rmdir /cg/memory/a"));
  EXPECT_GT(IndexOf(log, "unlock /cg/freezer"),
            IndexOf(log, "rmdir /cg/freezer/a"));
}

// Another destroy of the same name finished while this one waited.
TEST_F(ContainerLockingTest, DestroyOfContainerGoneWhileWaitingIsNotFound) {
  AddContainer("/a");
  ON_CALL(kernel_, Flock(_, _)).WillByDefault([this](int, int) {
    if (fs_.HasDir("/cg/freezer/a")) {
      EXPECT_TRUE(kernel_.RmDir("/cg/freezer/a").ok());
    }
    return absl::OkStatus();
  });
  ContainerImpl a("/a", Context());

  absl::Status status = api().Destroy(&a);

  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
