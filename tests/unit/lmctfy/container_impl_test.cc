// SPDX-License-Identifier: Apache-2.0
// Tests of ContainerImpl's update, read-back, listing, pause and the small
// calls, on a fake cgroup filesystem.

#include "lmctfy/container_impl.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "tests/common/parse_spec.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::AtLeast;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

std::vector<std::string> Names(
    const std::vector<std::unique_ptr<Container>>& containers) {
  std::vector<std::string> names;
  for (const auto& container : containers) names.push_back(container->name());
  return names;
}

class ContainerImplTest : public FakeMachineTest {
 protected:
  void SetUp() override { MountSeparately(); }

  ContainerImpl ContainerAt(const std::string& name) {
    return ContainerImpl(name, Context());
  }

  // A container isolating cpu and memory.
  void AddCpuMemoryContainer(const std::string& name) {
    AddContainer(name,
                 {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_MEMORY});
  }
};

// ---- Update ----

TEST_F(ContainerImplTest, UpdateDiffWritesOnlyTheFieldsSet) {
  AddCpuMemoryContainer("/a");
  ASSERT_TRUE(ContainerAt("/a")
                  .Update(ParseSpec("memory { limit: 1000000 }"),
                          Container::UPDATE_DIFF)
                  .ok());
  EXPECT_THAT(fs_.LogOf("write "),
              ElementsAre("write /cg/memory/a/memory.limit_in_bytes 1000000"));
}

TEST_F(ContainerImplTest, UpdateDiffOfResourceNotIsolatedIsInvalidArgument) {
  AddContainer("/a", {CGROUP_MEMORY});
  absl::Status status = ContainerAt("/a").Update(
      ParseSpec("cpu { limit: 500 }"), Container::UPDATE_DIFF);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cpu"));
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, UpdateDiffOfInheritedResourceIsInvalidArgument) {
  AddContainer("/a", {CGROUP_MEMORY});
  AddContainer("/a/b");
  absl::Status status = ContainerAt("/a/b").Update(
      ParseSpec("memory { limit: 4096 }"), Container::UPDATE_DIFF);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, UpdateReplaceMissingIsolatedSectionIsRefused) {
  AddCpuMemoryContainer("/a");
  absl::Status status = ContainerAt("/a").Update(ParseSpec("memory {}"),
                                                 Container::UPDATE_REPLACE);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cpu"));
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, UpdateReplaceWithEveryIsolatedSectionResetsDefaults) {
  AddCpuMemoryContainer("/a");
  fs_.SetFile("/cg/cpu/a/cpu.shares", "512\n");
  fs_.SetFile("/cg/memory/a/memory.limit_in_bytes", "4096\n");
  ASSERT_TRUE(
      ContainerAt("/a")
          .Update(ParseSpec("cpu {} memory {}"), Container::UPDATE_REPLACE)
          .ok());
  EXPECT_EQ(fs_.File("/cg/cpu/a/cpu.shares"), "1024");
  EXPECT_EQ(fs_.File("/cg/memory/a/memory.limit_in_bytes"), "-1");
}

TEST_F(ContainerImplTest, UpdateRefusesFieldsFixedAtCreation) {
  AddCpuMemoryContainer("/a");
  for (const char* field :
       {"owner: 1", "owner_group: 1", "virtual_host {}", "children_limit: 1",
        "network {}", "security_spec {}", "blockio {}",
        "filesystem { fd_limit: 1 }"}) {
    absl::Status status = ContainerAt("/a").Update(
        ParseSpec(absl::StrCat("memory {} ", field)), Container::UPDATE_DIFF);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented) << field;
    std::string name(field);
    name = name.substr(0, name.find_first_of(":{ "));
    EXPECT_THAT(std::string(status.message()), HasSubstr(name)) << field;
  }
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, UpdateValidatesEveryHandlerBeforeWriting) {
  AddCpuMemoryContainer("/a");
  absl::Status status = ContainerAt("/a").Update(
      ParseSpec("cpu { limit: 500 } memory { limit: -5 }"),
      Container::UPDATE_DIFF);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("-5"));
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, UpdateRestoresFirstResourceWhenSecondWriteFails) {
  AddCpuMemoryContainer("/a");
  fs_.FailWrite("/cg/memory/a/memory.limit_in_bytes",
                absl::PermissionDeniedError("Permission denied"));
  absl::Status status = ContainerAt("/a").Update(
      ParseSpec("cpu { limit: 500 } memory { limit: 1000000 }"),
      Container::UPDATE_DIFF);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/cg/memory/a/memory.limit_in_bytes"));
  EXPECT_THAT(fs_.LogOf("write /cg/cpu/a/cpu.shares"),
              ElementsAre("write /cg/cpu/a/cpu.shares 512",
                          "write /cg/cpu/a/cpu.shares 1024"));
  EXPECT_EQ(fs_.File("/cg/cpu/a/cpu.shares"), "1024");
}

TEST_F(ContainerImplTest, UpdateOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone")
                .Update(ParseSpec("memory {}"), Container::UPDATE_DIFF)
                .code(),
            absl::StatusCode::kNotFound);
}

// ---- Spec and Stats ----

TEST_F(ContainerImplTest, SpecReportsOnlyIsolatedResources) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.SetFile("/cg/memory/a/memory.limit_in_bytes", "1048576\n");
  absl::StatusOr<ContainerSpec> spec = ContainerAt("/a").Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->memory().limit(), 1048576);
  EXPECT_FALSE(spec->has_cpu());
  EXPECT_FALSE(spec->has_device());
  EXPECT_FALSE(spec->has_virtual_host());
}

TEST_F(ContainerImplTest, SpecReadsCpuAndDeviceSections) {
  AddContainer("/a",
               {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_DEVICE});
  absl::StatusOr<ContainerSpec> spec = ContainerAt("/a").Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->cpu().limit(), 1000u);
  EXPECT_EQ(spec->cpu().max_limit(), std::numeric_limits<uint64_t>::max());
  EXPECT_THAT(spec->cpu().mask().data(), ElementsAre(15u));
  ASSERT_EQ(spec->device().restrictions_set().restrictions_size(), 1);
  EXPECT_FALSE(spec->has_memory());
}

TEST_F(ContainerImplTest, SpecOmitsResourcesInheritedFromParent) {
  AddCpuMemoryContainer("/a");
  AddContainer("/a/b");
  absl::StatusOr<ContainerSpec> spec = ContainerAt("/a/b").Spec();
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->ByteSizeLong(), 0u);
}

TEST_F(ContainerImplTest, SpecOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone").Spec().status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ContainerImplTest, StatsReportOnlyIsolatedResources) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.SetFile("/cg/memory/a/memory.usage_in_bytes", "8192\n");
  absl::StatusOr<ContainerStats> stats =
      ContainerAt("/a").Stats(Container::STATS_SUMMARY);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->memory().usage(), 8192);
  EXPECT_FALSE(stats->has_cpu());
}

TEST_F(ContainerImplTest, FullStatsAddCpuThrottling) {
  AddContainer("/a", {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET});
  fs_.SetFile("/cg/cpuacct/a/cpuacct.usage", "123456\n");
  fs_.SetFile("/cg/cpu/a/cpu.stat",
              "nr_periods 10\nnr_throttled 2\nthrottled_time 300\n");

  absl::StatusOr<ContainerStats> summary =
      ContainerAt("/a").Stats(Container::STATS_SUMMARY);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->cpu().usage().total(), 123456u);
  EXPECT_FALSE(summary->cpu().has_throttling_data());
  EXPECT_FALSE(summary->has_memory());

  absl::StatusOr<ContainerStats> full =
      ContainerAt("/a").Stats(Container::STATS_FULL);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->cpu().throttling_data().throttled_periods(), 2);
}

TEST_F(ContainerImplTest, StatsOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone").Stats(Container::STATS_FULL).status().code(),
            absl::StatusCode::kNotFound);
}

// ---- Listing ----

TEST_F(ContainerImplTest, ListSubcontainersSortsDirectChildren) {
  AddContainer("/a");
  for (const char* child : {"/a/zeta", "/a/Alpha", "/a/alpha", "/a/m1"}) {
    AddContainer(child);
  }
  AddContainer("/a/zeta/deep");
  absl::StatusOr<std::vector<std::unique_ptr<Container>>> children =
      ContainerAt("/a").ListSubcontainers(Container::LIST_SELF);
  ASSERT_TRUE(children.ok()) << children.status();
  EXPECT_THAT(Names(*children),
              ElementsAre("/a/Alpha", "/a/alpha", "/a/m1", "/a/zeta"));
}

TEST_F(ContainerImplTest, ListSubcontainersRecursivePutsParentsFirst) {
  AddContainer("/a");
  AddContainer("/a/zeta");
  AddContainer("/a/zeta/x");
  AddContainer("/a/beta");
  AddContainer("/a/beta/y");
  AddContainer("/a/beta/y/z");
  absl::StatusOr<std::vector<std::unique_ptr<Container>>> all =
      ContainerAt("/a").ListSubcontainers(Container::LIST_RECURSIVE);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Names(*all), ElementsAre("/a/beta", "/a/beta/y", "/a/beta/y/z",
                                       "/a/zeta", "/a/zeta/x"));
}

TEST_F(ContainerImplTest, ListSubcontainersSkipsInvalidDirectoryNames) {
  AddContainer("/a");
  AddContainer("/a/ok");
  for (const char* odd : {"/a/.hidden", "/a/_x", "/a/-x", "/a/cpu.x",
                          "/a/has space", "/a/ok/.deep"}) {
    fs_.AddDir(Dir(CGROUP_FREEZER, odd));
  }
  absl::StatusOr<std::vector<std::unique_ptr<Container>>> all =
      ContainerAt("/a").ListSubcontainers(Container::LIST_RECURSIVE);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Names(*all), ElementsAre("/a/ok"));
}

TEST_F(ContainerImplTest, ListSubcontainersOfRootListsTopLevel) {
  AddContainer("/b");
  AddContainer("/a");
  absl::StatusOr<std::vector<std::unique_ptr<Container>>> top =
      ContainerAt("/").ListSubcontainers(Container::LIST_SELF);
  ASSERT_TRUE(top.ok()) << top.status();
  EXPECT_THAT(Names(*top), ElementsAre("/a", "/b"));
}

TEST_F(ContainerImplTest, ListSubcontainersOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone")
                .ListSubcontainers(Container::LIST_SELF)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ContainerImplTest, ListThreadsAndProcessesKeepFileOrder) {
  AddContainer("/a");
  SetTasks("/a", {30, 10, 20}, {30, 10});
  EXPECT_THAT(ContainerAt("/a").ListThreads(Container::LIST_SELF),
              IsOkAndHolds(std::vector<pid_t>{30, 10, 20}));
  EXPECT_THAT(ContainerAt("/a").ListProcesses(Container::LIST_SELF),
              IsOkAndHolds(std::vector<pid_t>{30, 10}));
}

TEST_F(ContainerImplTest, RecursiveTaskListsAreSortedUnionsWithoutRepeats) {
  AddContainer("/a");
  AddContainer("/a/b");
  AddContainer("/a/b/c");
  AddContainer("/sibling");
  SetTasks("/a", {5, 3}, {5});
  SetTasks("/a/b", {4, 3}, {3});
  SetTasks("/a/b/c", {1}, {1, 3});
  SetTasks("/sibling", {99}, {99});
  EXPECT_THAT(ContainerAt("/a").ListThreads(Container::LIST_RECURSIVE),
              IsOkAndHolds(std::vector<pid_t>{1, 3, 4, 5}));
  EXPECT_THAT(ContainerAt("/a").ListProcesses(Container::LIST_RECURSIVE),
              IsOkAndHolds(std::vector<pid_t>{1, 3, 5}));
}

TEST_F(ContainerImplTest, RootTasksAreThoseOfTheRootCgroupItself) {
  AddContainer("/a");
  SetTasks("/", {1, 2}, {1});
  SetTasks("/a", {7}, {7});
  EXPECT_THAT(ContainerAt("/").ListProcesses(Container::LIST_SELF),
              IsOkAndHolds(std::vector<pid_t>{1}));
  EXPECT_THAT(ContainerAt("/").ListThreads(Container::LIST_RECURSIVE),
              IsOkAndHolds(std::vector<pid_t>{1, 2, 7}));
}

TEST_F(ContainerImplTest, TaskListsOfMissingContainerAreNotFound) {
  EXPECT_EQ(
      ContainerAt("/gone").ListThreads(Container::LIST_SELF).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(ContainerAt("/gone")
                .ListProcesses(Container::LIST_RECURSIVE)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

// ---- Pause and Resume ----

TEST_F(ContainerImplTest, PauseAndResumeOfRootAreFailedPrecondition) {
  absl::Status paused = ContainerAt("/").Pause();
  EXPECT_EQ(paused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(paused.message()), HasSubstr("freezer.state"));
  EXPECT_EQ(ContainerAt("/").Resume().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, PauseWritesFrozenAndWaitsUntilFrozen) {
  AddContainer("/a");
  const std::string state = "/cg/freezer/a/freezer.state";
  EXPECT_CALL(kernel_, ReadFile(Eq(state)))
      .WillOnce(Return(std::string("FREEZING\n")))
      .WillOnce(Return(std::string("FREEZING\n")))
      .WillOnce(Return(std::string("FROZEN\n")));
  EXPECT_CALL(kernel_, SleepFor(_)).Times(2);
  ASSERT_TRUE(ContainerAt("/a").Pause().ok());
  EXPECT_THAT(fs_.LogOf("write "), ElementsAre("write " + state + " FROZEN"));
}

TEST_F(ContainerImplTest, PauseThatNeverCompletesIsDeadlineExceeded) {
  AddContainer("/a");
  options_.freezer_timeout = absl::Milliseconds(30);
  ON_CALL(kernel_, ReadFile(Eq("/cg/freezer/a/freezer.state")))
      .WillByDefault(Return(std::string("FREEZING\n")));
  EXPECT_CALL(kernel_, SleepFor(_)).Times(AtLeast(1));
  absl::Status status = ContainerAt("/a").Pause();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(status.message()), HasSubstr("FREEZING"));
}

TEST_F(ContainerImplTest, ResumeWritesThawedAndWaits) {
  AddContainer("/a");
  fs_.SetFile("/cg/freezer/a/freezer.state", "FROZEN\n");
  ASSERT_TRUE(ContainerAt("/a").Resume().ok());
  EXPECT_EQ(fs_.File("/cg/freezer/a/freezer.state"), "THAWED");
}

TEST_F(ContainerImplTest, PauseWithChildrenNeedsHierarchicalFreezer) {
  AddContainer("/a");
  AddContainer("/a/b");
  fs_.RemoveFile("/cg/freezer/a/freezer.parent_freezing");
  absl::Status status = ContainerAt("/a").Pause();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, PauseWithoutChildrenWorksOnFlatFreezer) {
  AddContainer("/a");
  fs_.RemoveFile("/cg/freezer/a/freezer.parent_freezing");
  EXPECT_TRUE(ContainerAt("/a").Pause().ok());
}

TEST_F(ContainerImplTest, PauseOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone").Pause().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ContainerAt("/gone").Resume().code(), absl::StatusCode::kNotFound);
}

// ---- KillAll, init pid, notifications ----

TEST_F(ContainerImplTest, KillAllOfRootIsInvalidArgument) {
  SetTasks("/", {1}, {1});
  EXPECT_CALL(kernel_, Kill(_, _)).Times(0);
  EXPECT_EQ(ContainerAt("/").KillAll().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

TEST_F(ContainerImplTest, KillAllOfMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone").KillAll().code(), absl::StatusCode::kNotFound);
}

TEST_F(ContainerImplTest, KillAllLeavesSubcontainersAlone) {
  AddContainer("/a");
  AddContainer("/a/b");
  SetTasks("/a/b", {20}, {20});
  EXPECT_CALL(kernel_, Kill(_, _)).Times(0);
  EXPECT_TRUE(ContainerAt("/a").KillAll().ok());
}

TEST_F(ContainerImplTest, InitPidIsOneOutsideVirtualHosts) {
  AddContainer("/a");
  EXPECT_THAT(ContainerAt("/a").GetInitPid(), IsOkAndHolds(1));
  EXPECT_EQ(ContainerAt("/gone").GetInitPid().status().code(),
            absl::StatusCode::kNotFound);
}

// ---- Notifications (the listener and watch factory have their own tests) ----

class ContainerNotificationTest : public ContainerImplTest {
 protected:
  void SetUp() override {
    ContainerImplTest::SetUp();
    // The registration's eventfd first, then the listener's wake-up one.
    ON_CALL(kernel_, EventFd()).WillByDefault([next = kEventFd]() mutable {
      return absl::StatusOr<int>(next++ == kEventFd ? kEventFd : kWakeFd);
    });
    ON_CALL(kernel_, Open(_, _)).WillByDefault(Return(kControlFd));
    ON_CALL(kernel_, Close(_)).WillByDefault(Return(absl::OkStatus()));
    ON_CALL(kernel_, SignalEventFd(_, _))
        .WillByDefault(Return(absl::OkStatus()));
    // The listener thread finds nothing to report.
    ON_CALL(kernel_, EpollCreate()).WillByDefault(Return(kEpollFd));
    ON_CALL(kernel_, EpollAdd(_, _)).WillByDefault(Return(absl::OkStatus()));
    ON_CALL(kernel_, EpollWait(_, _)).WillByDefault([](int, absl::Duration) {
      absl::SleepFor(absl::Milliseconds(1));
      return absl::StatusOr<std::vector<int>>(std::vector<int>());
    });
    AddContainer("/a", {CGROUP_MEMORY});
  }

  static EventSpec Oom() {
    EventSpec event;
    event.mutable_oom();
    return event;
  }

  static constexpr int kEventFd = 40;
  static constexpr int kControlFd = 41;
  static constexpr int kWakeFd = 42;
  static constexpr int kEpollFd = 43;
};

TEST_F(ContainerNotificationTest, RegisterReturnsIdsAndUnregisterClosesFd) {
  ContainerImpl a = ContainerAt("/a");
  auto first = a.RegisterNotification(Oom(), [](Container*, absl::Status) {});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 1u);
  EXPECT_THAT(fs_.LogOf("write "),
              ElementsAre("write /cg/memory/a/cgroup.event_control 40 41"));

  EXPECT_CALL(kernel_, Close(_)).Times(::testing::AnyNumber());
  EXPECT_CALL(kernel_, Close(kEventFd));
  EXPECT_TRUE(a.UnregisterNotification(*first).ok());
  EXPECT_EQ(a.UnregisterNotification(*first).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ContainerNotificationTest, UnregisterOfAnotherContainersIdIsInvalid) {
  AddContainer("/b", {CGROUP_MEMORY});
  ContainerImpl a = ContainerAt("/a");
  ContainerImpl b = ContainerAt("/b");
  auto id = a.RegisterNotification(Oom(), [](Container*, absl::Status) {});
  ASSERT_TRUE(id.ok());
  absl::Status status = b.UnregisterNotification(*id);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/b"));
}

TEST_F(ContainerNotificationTest, DeletingTheContainerUnregisters) {
  EXPECT_CALL(kernel_, Close(kControlFd));
  EXPECT_CALL(kernel_, Close(kEventFd));
  {
    ContainerImpl a = ContainerAt("/a");
    ASSERT_TRUE(
        a.RegisterNotification(Oom(), [](Container*, absl::Status) {}).ok());
  }
  ::testing::Mock::VerifyAndClearExpectations(&kernel_);
}

TEST_F(ContainerNotificationTest, RegisterOnMissingContainerIsNotFound) {
  EXPECT_EQ(ContainerAt("/gone")
                .RegisterNotification(Oom(), [](Container*, absl::Status) {})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ContainerNotificationTest, InvalidSpecIsRejectedBeforeAnyWrite) {
  absl::Status status =
      ContainerAt("/a")
          .RegisterNotification(EventSpec(), [](Container*, absl::Status) {})
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fs_.LogOf("write "), IsEmpty());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
