// SPDX-License-Identifier: Apache-2.0
// Tests of NotificationListener: delivery, dropping and fd ownership, with a
// scripted kernel (eventfds, epoll, directories) behind MockKernelApi.

#include "lmctfy/notification_listener.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;

constexpr int kEpollFd = 99;
constexpr int kWakeFd = 100;
constexpr int kEventFd = 7;
constexpr char kDir[] = "/cg/memory/a";
constexpr char kTasks[] = "/cg/freezer/a/tasks";
constexpr absl::Duration kPatience = absl::Seconds(10);

// A kernel whose eventfds, directories and tasks files the test sets while
// the listener thread reads them. Thread-safe.
class ScriptedKernel {
 public:
  explicit ScriptedKernel(NiceMock<MockKernelApi>& kernel) {
    ON_CALL(kernel, EventFd()).WillByDefault(Return(kWakeFd));
    ON_CALL(kernel, Close(_)).WillByDefault([this](int fd) {
      absl::MutexLock lock(&mutex_);
      closed_.push_back(fd);
      return absl::OkStatus();
    });
    ON_CALL(kernel, SignalEventFd(_, _))
        .WillByDefault(Return(absl::OkStatus()));
    ON_CALL(kernel, EpollCreate()).WillByDefault(Return(kEpollFd));
    ON_CALL(kernel, EpollAdd(_, _)).WillByDefault([this](int epoll, int fd) {
      absl::MutexLock lock(&mutex_);
      if (epoll == kEpollFd) watched_.push_back(fd);
      return absl::OkStatus();
    });
    ON_CALL(kernel, EpollWait(kEpollFd, _))
        .WillByDefault([this](int, absl::Duration) { return Wait(); });
    ON_CALL(kernel, DrainEventFd(_)).WillByDefault([this](int fd) {
      return Drain(fd);
    });
    ON_CALL(kernel, IsDirectory(_)).WillByDefault([this](absl::string_view p) {
      absl::MutexLock lock(&mutex_);
      return dirs_.count(std::string(p)) > 0;
    });
    ON_CALL(kernel, ReadFile(_)).WillByDefault([this](absl::string_view p) {
      absl::MutexLock lock(&mutex_);
      auto it = files_.find(std::string(p));
      if (it == files_.end()) {
        return absl::StatusOr<std::string>(absl::NotFoundError(p));
      }
      return absl::StatusOr<std::string>(it->second);
    });
  }

  // The next wait reports `fd` readable, and draining it returns `result`.
  void Fire(int fd, absl::StatusOr<uint64_t> result = 1) {
    absl::MutexLock lock(&mutex_);
    drains_[fd] = result;
    ready_.push_back({fd});
  }
  void FailNextWait(absl::Status status) {
    absl::MutexLock lock(&mutex_);
    wait_failure_ = status;
  }
  void SetDir(const std::string& dir, bool exists) {
    absl::MutexLock lock(&mutex_);
    if (exists) {
      dirs_.insert(dir);
    } else {
      dirs_.erase(dir);
    }
  }
  void SetFile(const std::string& path, std::string contents) {
    absl::MutexLock lock(&mutex_);
    files_[path] = std::move(contents);
  }
  // The fds added to the epoll set, in order.
  std::vector<int> watched() {
    absl::MutexLock lock(&mutex_);
    return watched_;
  }
  int CloseCount(int fd) {
    absl::MutexLock lock(&mutex_);
    return static_cast<int>(std::count(closed_.begin(), closed_.end(), fd));
  }

 private:
  absl::StatusOr<std::vector<int>> Wait() {
    // A short real pause keeps the thread from spinning between script
    // steps.
    absl::SleepFor(absl::Milliseconds(1));
    absl::MutexLock lock(&mutex_);
    if (!wait_failure_.ok()) return std::exchange(wait_failure_, {});
    if (ready_.empty()) return std::vector<int>();
    std::vector<int> ready = ready_.front();
    ready_.pop_front();
    return ready;
  }
  absl::StatusOr<uint64_t> Drain(int fd) {
    absl::MutexLock lock(&mutex_);
    auto it = drains_.find(fd);
    if (it == drains_.end()) return 0;
    absl::StatusOr<uint64_t> result = it->second;
    drains_.erase(it);
    return result;
  }

  absl::Mutex mutex_;
  std::deque<std::vector<int>> ready_ ABSL_GUARDED_BY(mutex_);
  std::map<int, absl::StatusOr<uint64_t>> drains_ ABSL_GUARDED_BY(mutex_);
  absl::Status wait_failure_ ABSL_GUARDED_BY(mutex_);
  std::set<std::string> dirs_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::string> files_ ABSL_GUARDED_BY(mutex_);
  std::vector<int> closed_ ABSL_GUARDED_BY(mutex_);
  std::vector<int> watched_ ABSL_GUARDED_BY(mutex_);
};

// Statuses a callback received, in order. Thread-safe.
class Received {
 public:
  void Add(absl::Status status) {
    absl::MutexLock lock(&mutex_);
    statuses_.push_back(std::move(status));
  }
  // Waits until at least `n` arrived; false on timeout.
  bool WaitFor(size_t n) {
    absl::MutexLock lock(&mutex_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return statuses_.size() >= n;
    };
    return mutex_.AwaitWithTimeout(absl::Condition(&enough), kPatience);
  }
  std::vector<absl::Status> statuses() {
    absl::MutexLock lock(&mutex_);
    return statuses_;
  }

 private:
  absl::Mutex mutex_;
  std::vector<absl::Status> statuses_ ABSL_GUARDED_BY(mutex_);
};

class NotificationListenerTest : public ::testing::Test {
 protected:
  NotificationListenerTest()
      : script_(kernel_),
        listener_(std::make_shared<NotificationListener>(
            kernel_, absl::Milliseconds(1))) {
    script_.SetDir(kDir, true);
  }
  ~NotificationListenerTest() override { listener_->Stop(); }

  NotificationWatch EventWatch() {
    NotificationWatch watch;
    watch.event_fd = kEventFd;
    watch.watched_dirs = {kDir};
    watch.container_name = "/a";
    watch.callback = [this](Container*, absl::Status status) {
      received_.Add(std::move(status));
    };
    return watch;
  }

  NotificationWatch EmptyWatch() {
    NotificationWatch watch = EventWatch();
    watch.event_fd = -1;
    watch.empty_tasks_file = kTasks;
    return watch;
  }

  // A little time for deliveries that must not happen.
  static void Settle() { absl::SleepFor(absl::Milliseconds(50)); }

  NiceMock<MockKernelApi> kernel_;
  ScriptedKernel script_;
  std::shared_ptr<NotificationListener> listener_;
  Received received_;
};

TEST_F(NotificationListenerTest, IdsCountFromOne) {
  EXPECT_EQ(*listener_->Add(EventWatch()), 1u);
  EXPECT_EQ(*listener_->Add(EmptyWatch()), 2u);
}

TEST_F(NotificationListenerTest, AddPutsTheWakeAndEventFdsInOneEpollSet) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  ASSERT_TRUE(listener_->Add(EmptyWatch()).ok());
  EXPECT_THAT(script_.watched(), ElementsAre(kWakeFd, kEventFd));
}

TEST_F(NotificationListenerTest, EpollAddFailureFailsAddAndClosesTheFd) {
  EXPECT_CALL(kernel_, EpollAdd(_, _)).Times(::testing::AnyNumber());
  EXPECT_CALL(kernel_, EpollAdd(kEpollFd, kEventFd))
      .WillOnce(Return(absl::InvalidArgumentError("adding fd 7 to epoll 99")));
  absl::Status status = listener_->Add(EventWatch()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("fd 7"));
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
}

TEST_F(NotificationListenerTest, EpollCreateFailureFailsAdd) {
  EXPECT_CALL(kernel_, EpollCreate())
      .WillOnce(Return(absl::ResourceExhaustedError("too many open files")));
  EXPECT_EQ(listener_->Add(EventWatch()).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
}

TEST_F(NotificationListenerTest, EachSignalCallsBackOk) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(1));
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(2));
  for (const absl::Status& status : received_.statuses()) {
    EXPECT_TRUE(status.ok()) << status;
  }
}

TEST_F(NotificationListenerTest, CallbackGetsTheRegisteringContainer) {
  Container* const owner = reinterpret_cast<Container*>(0x1234);
  auto seen = std::make_shared<Container*>(nullptr);
  NotificationWatch watch = EventWatch();
  watch.container = owner;
  watch.callback = [this, seen](Container* container, absl::Status status) {
    *seen = container;
    received_.Add(std::move(status));
  };
  ASSERT_TRUE(listener_->Add(std::move(watch)).ok());
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(1));
  EXPECT_EQ(*seen, owner);
}

TEST_F(NotificationListenerTest, NoSignalNoCallback) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  Settle();
  EXPECT_TRUE(received_.statuses().empty());
}

TEST_F(NotificationListenerTest, RemovedDirectoryCallsBackNotFoundOnce) {
  EXPECT_CALL(kernel_, EpollRemove(kEpollFd, kEventFd));
  auto id = listener_->Add(EventWatch());
  ASSERT_TRUE(id.ok());
  script_.SetDir(kDir, false);
  ASSERT_TRUE(received_.WaitFor(1));
  Settle();

  std::vector<absl::Status> statuses = received_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(statuses[0].message()), HasSubstr("/a"));
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
  ::testing::Mock::VerifyAndClearExpectations(&kernel_);
  EXPECT_EQ(listener_->Remove(*id).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(NotificationListenerTest, SignalOfARemovedCgroupIsNotFound) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  script_.SetDir(kDir, false);
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(1));
  Settle();
  ASSERT_EQ(received_.statuses().size(), 1u);
  EXPECT_EQ(received_.statuses()[0].code(), absl::StatusCode::kNotFound);
}

TEST_F(NotificationListenerTest, ReadFailureCallsBackCancelledOnce) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  script_.Fire(kEventFd, absl::InternalError("reading eventfd 7: EIO"));
  ASSERT_TRUE(received_.WaitFor(1));
  script_.Fire(kEventFd);
  Settle();

  std::vector<absl::Status> statuses = received_.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(std::string(statuses[0].message()), HasSubstr("eventfd 7"));
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
}

TEST_F(NotificationListenerTest, WaitFailureCancelsEveryWatch) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  ASSERT_TRUE(listener_->Add(EmptyWatch()).ok());
  script_.SetFile(kTasks, "12\n");
  absl::Notification paused;
  EXPECT_CALL(kernel_, SleepFor(absl::Milliseconds(1)))
      .WillOnce([&paused](absl::Duration) { paused.Notify(); })
      .WillRepeatedly(Return());
  script_.FailNextWait(absl::InternalError("polling descriptors: EBADF"));
  ASSERT_TRUE(received_.WaitFor(2));
  EXPECT_TRUE(paused.WaitForNotificationWithTimeout(kPatience))
      << "no pause after a failed wait";
  Settle();

  std::vector<absl::Status> statuses = received_.statuses();
  ASSERT_EQ(statuses.size(), 2u);
  for (const absl::Status& status : statuses) {
    EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
    EXPECT_THAT(std::string(status.message()), HasSubstr("EBADF"));
  }
}

TEST_F(NotificationListenerTest, EmptyTasksCallsBackOkOnce) {
  script_.SetFile(kTasks, "12\n13\n");
  ASSERT_TRUE(listener_->Add(EmptyWatch()).ok());
  Settle();
  EXPECT_TRUE(received_.statuses().empty());

  script_.SetFile(kTasks, "");
  ASSERT_TRUE(received_.WaitFor(1));
  Settle();
  ASSERT_EQ(received_.statuses().size(), 1u);
  EXPECT_TRUE(received_.statuses()[0].ok());
}

TEST_F(NotificationListenerTest, UnreadableTasksFileIsCancelled) {
  EXPECT_CALL(kernel_, ReadFile(Eq(std::string(kTasks))))
      .WillRepeatedly(Return(absl::PermissionDeniedError("reading tasks")));
  ASSERT_TRUE(listener_->Add(EmptyWatch()).ok());
  ASSERT_TRUE(received_.WaitFor(1));
  Settle();
  ASSERT_EQ(received_.statuses().size(), 1u);
  EXPECT_EQ(received_.statuses()[0].code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(std::string(received_.statuses()[0].message()),
              HasSubstr(kTasks));
}

TEST_F(NotificationListenerTest, MissingTasksFileIsNotFound) {
  ASSERT_TRUE(listener_->Add(EmptyWatch()).ok());
  ASSERT_TRUE(received_.WaitFor(1));
  EXPECT_EQ(received_.statuses()[0].code(), absl::StatusCode::kNotFound);
}

TEST_F(NotificationListenerTest, RemoveStopsDeliveryAndClosesTheFd) {
  auto id = listener_->Add(EventWatch());
  ASSERT_TRUE(id.ok());
  EXPECT_CALL(kernel_, EpollRemove(kEpollFd, kEventFd));
  ASSERT_TRUE(listener_->Remove(*id).ok());
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
  script_.Fire(kEventFd);
  Settle();
  EXPECT_TRUE(received_.statuses().empty());
}

TEST_F(NotificationListenerTest, RemoveOfUnknownIdIsInvalidArgument) {
  absl::Status removed = listener_->Remove(42);
  EXPECT_EQ(removed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(removed.message()), HasSubstr("42"));
}

TEST_F(NotificationListenerTest, CallbackMayRemoveItself) {
  NotificationWatch watch = EventWatch();
  auto id = std::make_shared<Container::NotificationId>(0);
  auto removed = std::make_shared<absl::Status>();
  watch.callback = [this, id, removed](Container*, absl::Status status) {
    *removed = listener_->Remove(*id);
    received_.Add(std::move(status));
  };
  ASSERT_TRUE(listener_->Add(std::move(watch)).ok());
  *id = 1;
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(1));
  script_.Fire(kEventFd);
  Settle();

  EXPECT_EQ(received_.statuses().size(), 1u);
  EXPECT_TRUE(removed->ok()) << *removed;
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
}

TEST_F(NotificationListenerTest, RemoveWaitsForARunningCallback) {
  absl::Notification entered;
  absl::Notification release;
  auto finished = std::make_shared<bool>(false);
  NotificationWatch watch = EventWatch();
  watch.callback = [&, finished](Container*, absl::Status) {
    entered.Notify();
    release.WaitForNotification();
    *finished = true;
  };
  auto id = listener_->Add(std::move(watch));
  ASSERT_TRUE(id.ok());
  script_.Fire(kEventFd);
  ASSERT_TRUE(entered.WaitForNotificationWithTimeout(kPatience));

  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(20));
    release.Notify();
  });
  EXPECT_TRUE(listener_->Remove(*id).ok());
  EXPECT_TRUE(*finished);
  releaser.join();
}

TEST_F(NotificationListenerTest, WakeFdFailureFailsAddAndClosesTheWatchFd) {
  EXPECT_CALL(kernel_, EventFd())
      .WillOnce(Return(absl::ResourceExhaustedError("too many open files")));
  auto id = listener_->Add(EventWatch());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
}

TEST_F(NotificationListenerTest, StopClosesEveryFdAndRefusesNewWatches) {
  ASSERT_TRUE(listener_->Add(EventWatch()).ok());
  listener_->Stop();
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
  EXPECT_EQ(script_.CloseCount(kWakeFd), 1);
  EXPECT_EQ(script_.CloseCount(kEpollFd), 1);

  NotificationWatch late = EventWatch();
  late.event_fd = 8;
  EXPECT_EQ(listener_->Add(std::move(late)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(script_.CloseCount(8), 1);
}

TEST_F(NotificationListenerTest, CallbackMayStopTheListener) {
  NotificationWatch watch = EventWatch();
  watch.callback = [this](Container*, absl::Status status) {
    listener_->Stop();
    received_.Add(std::move(status));
  };
  ASSERT_TRUE(listener_->Add(std::move(watch)).ok());
  script_.Fire(kEventFd);
  ASSERT_TRUE(received_.WaitFor(1));
  EXPECT_EQ(script_.CloseCount(kEventFd), 1);
  EXPECT_EQ(script_.CloseCount(kWakeFd), 1);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
