// SPDX-License-Identifier: Apache-2.0
// Tests of NotificationWatchFactory: event validation and the cgroup event
// registration it writes, on a fake cgroup filesystem.

#include "lmctfy/notification_watch_factory.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
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
using ::testing::Return;

constexpr int kEventFd = 5;
constexpr int kControlFd = 6;

class NotificationWatchFactoryTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    MountSeparately();
    ON_CALL(kernel_, EventFd()).WillByDefault(Return(kEventFd));
    ON_CALL(kernel_, Open(_, _)).WillByDefault(Return(kControlFd));
    ON_CALL(kernel_, Close(_)).WillByDefault([this](int fd) {
      closed_.push_back(fd);
      return absl::OkStatus();
    });
  }

  absl::StatusOr<NotificationWatch> Make(const std::string& name,
                                         const EventSpec& spec) {
    return Context()->watch_factory().Make(name, spec, nullptr,
                                           [](Container*, absl::Status) {});
  }

  static EventSpec Oom() {
    EventSpec spec;
    spec.mutable_oom();
    return spec;
  }
  static EventSpec Threshold(int64_t usage) {
    EventSpec spec;
    spec.mutable_memory_threshold()->set_usage(usage);
    return spec;
  }

  std::vector<int> closed_;
};

TEST_F(NotificationWatchFactoryTest, OomRegistersOomControlInEventControl) {
  AddContainer("/a", {CGROUP_MEMORY});
  EXPECT_CALL(kernel_,
              Open(Eq(std::string("/cg/memory/a/memory.oom_control")), _));
  absl::StatusOr<NotificationWatch> watch = Make("/a", Oom());
  ASSERT_TRUE(watch.ok()) << watch.status();

  EXPECT_THAT(fs_.LogOf("write "),
              ElementsAre("write /cg/memory/a/cgroup.event_control 5 6"));
  EXPECT_EQ(watch->event_fd, kEventFd);
  EXPECT_TRUE(watch->empty_tasks_file.empty());
  EXPECT_THAT(watch->watched_dirs,
              ElementsAre("/cg/freezer/a", "/cg/memory/a"));
  // Only the control fd is closed; the eventfd goes to the listener.
  EXPECT_THAT(closed_, ElementsAre(kControlFd));
}

TEST_F(NotificationWatchFactoryTest, ThresholdAppendsTheUsage) {
  AddContainer("/a", {CGROUP_MEMORY});
  EXPECT_CALL(kernel_,
              Open(Eq(std::string("/cg/memory/a/memory.usage_in_bytes")), _));
  ASSERT_TRUE(Make("/a", Threshold(1048576)).ok());
  EXPECT_THAT(
      fs_.LogOf("write "),
      ElementsAre("write /cg/memory/a/cgroup.event_control 5 6 1048576"));
}

TEST_F(NotificationWatchFactoryTest, UsesTheNearestAncestorIsolatingMemory) {
  AddContainer("/a", {CGROUP_MEMORY});
  AddContainer("/a/b");
  absl::StatusOr<NotificationWatch> watch = Make("/a/b", Oom());
  ASSERT_TRUE(watch.ok()) << watch.status();
  EXPECT_THAT(fs_.LogOf("write "),
              ElementsAre("write /cg/memory/a/cgroup.event_control 5 6"));
  EXPECT_THAT(watch->watched_dirs,
              ElementsAre("/cg/freezer/a/b", "/cg/memory/a"));
}

TEST_F(NotificationWatchFactoryTest, ContainerEmptyPollsTheFreezerTasks) {
  AddContainer("/a");
  EventSpec spec;
  spec.mutable_container_empty();
  EXPECT_CALL(kernel_, EventFd()).Times(0);
  absl::StatusOr<NotificationWatch> watch = Make("/a", spec);
  ASSERT_TRUE(watch.ok()) << watch.status();
  EXPECT_EQ(watch->event_fd, -1);
  EXPECT_EQ(watch->empty_tasks_file, "/cg/freezer/a/tasks");
  EXPECT_THAT(fs_.LogOf("write "), ::testing::IsEmpty());
}

TEST_F(NotificationWatchFactoryTest, SpecWithoutEventIsInvalid) {
  AddContainer("/a", {CGROUP_MEMORY});
  absl::Status status = Make("/a", EventSpec()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
}

TEST_F(NotificationWatchFactoryTest, SpecWithTwoEventsIsInvalid) {
  AddContainer("/a", {CGROUP_MEMORY});
  EventSpec spec = Oom();
  spec.mutable_memory_threshold()->set_usage(10);
  absl::Status status = Make("/a", spec).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("2 events"));
  EXPECT_THAT(fs_.LogOf("write "), ::testing::IsEmpty());
}

TEST_F(NotificationWatchFactoryTest, ThresholdWithoutUsageIsInvalid) {
  AddContainer("/a", {CGROUP_MEMORY});
  EventSpec spec;
  spec.mutable_memory_threshold();
  absl::Status status = Make("/a", spec).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("usage"));
}

TEST_F(NotificationWatchFactoryTest, NegativeThresholdIsInvalid) {
  AddContainer("/a", {CGROUP_MEMORY});
  absl::Status status = Make("/a", Threshold(-1)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("-1"));
}

TEST_F(NotificationWatchFactoryTest, MissingEventControlIsFailedPrecondition) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.RemoveFile("/cg/memory/a/cgroup.event_control");
  EXPECT_CALL(kernel_, EventFd()).Times(0);
  absl::Status status = Make("/a", Oom()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/cg/memory/a/cgroup.event_control"));
}

TEST_F(NotificationWatchFactoryTest, UnmountedMemoryIsFailedPrecondition) {
  machine_.Clear();
  mounts_.clear();
  Mount({CGROUP_FREEZER});
  AddContainer("/a");
  absl::Status status = Make("/a", Oom()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("memory"));
}

TEST_F(NotificationWatchFactoryTest, EventFdFailureIsReturned) {
  AddContainer("/a", {CGROUP_MEMORY});
  EXPECT_CALL(kernel_, EventFd())
      .WillOnce(Return(absl::ResourceExhaustedError("creating an eventfd")));
  EXPECT_EQ(Make("/a", Oom()).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(closed_.empty());
}

TEST_F(NotificationWatchFactoryTest, OpenFailureClosesTheEventFd) {
  AddContainer("/a", {CGROUP_MEMORY});
  EXPECT_CALL(kernel_, Open(_, _))
      .WillOnce(Return(absl::PermissionDeniedError(
          "opening /cg/memory/a/memory.oom_control")));
  absl::Status status = Make("/a", Oom()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(closed_, ElementsAre(kEventFd));
}

TEST_F(NotificationWatchFactoryTest, WriteFailureClosesBothFds) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.FailWrite("/cg/memory/a/cgroup.event_control",
                absl::InvalidArgumentError("Invalid argument"));
  absl::Status status = Make("/a", Oom()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/cg/memory/a/memory.oom_control"));
  EXPECT_THAT(closed_, ::testing::UnorderedElementsAre(kEventFd, kControlFd));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
