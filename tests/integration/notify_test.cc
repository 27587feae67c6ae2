// SPDX-License-Identifier: Apache-2.0
// Notifications on the real kernel: OOM and memory thresholds through cgroup
// eventfds, container empty, NOT_FOUND on destroy, and `lmctfy notify`
// returning once the event happened.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr int64_t kMiB = 1 << 20;
constexpr absl::Duration kEventBound = absl::Seconds(20);
// After the first event, how long to watch for unexpected repeats.
constexpr absl::Duration kQuietSpell = absl::Seconds(1);

// What the callbacks of one registration received. Thread-safe.
class Deliveries {
 public:
  Container::EventCallback Callback() {
    return [this](Container*, absl::Status status) {
      absl::MutexLock lock(&mutex_);
      statuses_.push_back(std::move(status));
    };
  }
  bool WaitForFirst(absl::Duration bound = kEventBound) {
    return WaitUntil([this] { return !statuses().empty(); }, bound);
  }
  std::vector<absl::Status> statuses() {
    absl::MutexLock lock(&mutex_);
    return statuses_;
  }

 private:
  absl::Mutex mutex_;
  std::vector<absl::Status> statuses_ ABSL_GUARDED_BY(mutex_);
};

// Number of open descriptors of this process.
int OpenFdCount() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/fd")) {
    ++count;
  }
  return count;
}

// Number of threads of this process.
int ThreadCount() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

// Number of eventfds process `pid` holds open.
int EventFdCount(pid_t pid) {
  int count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/fd"), error)) {
    std::error_code link_error;
    if (std::filesystem::read_symlink(entry.path(), link_error).string() ==
        "anon_inode:[eventfd]") {
      ++count;
    }
  }
  return count;
}

// Waits for `pid` (our child) to exit and returns its wait status, or -1.
int WaitForExit(pid_t pid) {
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  return waited == pid ? status : -1;
}

// Like WaitForExit, but gives up (returning -1) after `bound`.
int WaitForExitWithin(pid_t pid, absl::Duration bound) {
  int status = -1;
  WaitUntil(
      [pid, &status] {
        int raw = 0;
        if (waitpid(pid, &raw, WNOHANG) != pid) return false;
        status = raw;
        return true;
      },
      bound);
  return status;
}

class NotifyTest : public IntegrationTest {
 protected:
  std::unique_ptr<Container> CreateLimited(const std::string& name,
                                           int64_t limit) {
    ContainerSpec spec;
    spec.mutable_memory()->set_limit(limit);
    DestroyAtTearDown(name);
    absl::StatusOr<std::unique_ptr<Container>> container =
        api().Create(name, spec);
    EXPECT_TRUE(container.ok()) << container.status();
    return container.ok() ? std::move(*container) : nullptr;
  }

  // Starts memhog in `container`; registered for TearDown.
  pid_t StartMemhog(Container* container,
                    const std::vector<std::string>& args) {
    std::vector<std::string> argv = {LMCTFY_MEMHOG_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunSpec run_spec;
    run_spec.set_fd_policy(RunSpec::DETACHED);
    absl::StatusOr<pid_t> pid = container->Run(argv, run_spec);
    EXPECT_TRUE(pid.ok()) << pid.status();
    if (!pid.ok()) return -1;
    KillAtTearDown(*pid);
    return *pid;
  }

  static EventSpec Oom() {
    EventSpec spec;
    spec.mutable_oom();
    return spec;
  }
};

TEST_F(NotifyTest, OomKillIsNotifiedExactlyOnce) {
  std::unique_ptr<Container> container = CreateLimited("/n_oom", 64 * kMiB);
  ASSERT_NE(container, nullptr);
  Deliveries oom;
  absl::StatusOr<Container::NotificationId> id =
      container->RegisterNotification(Oom(), oom.Callback());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_TRUE(oom.statuses().empty()) << "an OOM before any process ran";

  const pid_t hog = StartMemhog(container.get(), {"256"});
  ASSERT_GT(hog, 0);
  const int status = WaitForExit(hog);
  ASSERT_TRUE(WIFSIGNALED(status)) << "memhog was not OOM-killed";

  ASSERT_TRUE(oom.WaitForFirst()) << "no OOM notification";
  absl::SleepFor(kQuietSpell);
  std::vector<absl::Status> statuses = oom.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_EQ(
      ReadKeyedValue(CgroupDir("memory", "/n_oom") + "/memory.oom_control",
                     "oom_kill"),
      1);
  EXPECT_TRUE(container->UnregisterNotification(*id).ok());
}

TEST_F(NotifyTest, CrossingAThresholdIsNotified) {
  std::unique_ptr<Container> container = CreateLimited("/n_thr", 512 * kMiB);
  ASSERT_NE(container, nullptr);
  Deliveries crossed;
  EventSpec spec;
  spec.mutable_memory_threshold()->set_usage(48 * kMiB);
  ASSERT_TRUE(container->RegisterNotification(spec, crossed.Callback()).ok());

  // Nothing runs yet, so usage stays below the threshold.
  absl::SleepFor(kQuietSpell);
  EXPECT_TRUE(crossed.statuses().empty());

  const pid_t hog = StartMemhog(container.get(), {"96", "60"});
  ASSERT_GT(hog, 0);
  ASSERT_TRUE(crossed.WaitForFirst()) << "no threshold notification";
  EXPECT_TRUE(crossed.statuses()[0].ok()) << crossed.statuses()[0];
  EXPECT_GE(ReadCgroupInt("memory", "/n_thr", "memory.usage_in_bytes"),
            48 * kMiB);
}

TEST_F(NotifyTest, KillingTheLastProcessNotifiesContainerEmpty) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/n_empty", ""));
  const pid_t sleeper = RunInBackground("/n_empty", {"/bin/sleep", "100"});
  ASSERT_GT(sleeper, 0);
  absl::StatusOr<std::unique_ptr<Container>> container = api().Get("/n_empty");
  ASSERT_TRUE(container.ok()) << container.status();

  Deliveries empty;
  EventSpec spec;
  spec.mutable_container_empty();
  ASSERT_TRUE((*container)->RegisterNotification(spec, empty.Callback()).ok());
  absl::SleepFor(kQuietSpell);
  EXPECT_TRUE(empty.statuses().empty()) << "fired while a process was inside";

  ASSERT_EQ(kill(sleeper, SIGKILL), 0);
  ASSERT_TRUE(empty.WaitForFirst()) << "no container-empty notification";
  absl::SleepFor(kQuietSpell);
  ASSERT_EQ(empty.statuses().size(), 1u);
  EXPECT_TRUE(empty.statuses()[0].ok()) << empty.statuses()[0];
  EXPECT_TRUE(ReadPids(CgroupDir("freezer", "/n_empty") + "/tasks").empty());
}

TEST_F(NotifyTest, DestroyDeliversNotFoundOnceAndClosesTheEventFd) {
  std::unique_ptr<Container> container = CreateLimited("/n_gone", 64 * kMiB);
  ASSERT_NE(container, nullptr);
  const int fds_before = OpenFdCount();
  Deliveries oom;
  absl::StatusOr<Container::NotificationId> id =
      container->RegisterNotification(Oom(), oom.Callback());
  ASSERT_TRUE(id.ok()) << id.status();
  // The registration's eventfd, and the listener's wake-up eventfd and epoll
  // instance.
  EXPECT_EQ(OpenFdCount(), fds_before + 3);

  ASSERT_TRUE(api().Destroy(container.get()).ok());
  ASSERT_TRUE(oom.WaitForFirst()) << "no notification after destroy";
  absl::SleepFor(kQuietSpell);
  std::vector<absl::Status> statuses = oom.statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].code(), absl::StatusCode::kNotFound) << statuses[0];
  // Dropped: its eventfd is closed and the id is no longer registered.
  EXPECT_EQ(OpenFdCount(), fds_before + 2);
  EXPECT_EQ(container->UnregisterNotification(*id).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(NotifyTest, CallbackMayUnregisterItself) {
  std::unique_ptr<Container> container = CreateLimited("/n_self", 512 * kMiB);
  ASSERT_NE(container, nullptr);
  Deliveries crossed;
  std::vector<Container*> callers;
  absl::Status unregistered = absl::UnknownError("not called");
  auto id = std::make_shared<Container::NotificationId>(0);
  Container::EventCallback record = crossed.Callback();
  EventSpec spec;
  spec.mutable_memory_threshold()->set_usage(48 * kMiB);
  absl::StatusOr<Container::NotificationId> registered =
      container->RegisterNotification(
          spec, [&, id, record](Container* caller, absl::Status status) {
            callers.push_back(caller);
            unregistered = caller->UnregisterNotification(*id);
            record(caller, std::move(status));
          });
  ASSERT_TRUE(registered.ok()) << registered.status();
  *id = *registered;

  const pid_t hog = StartMemhog(container.get(), {"96", "60"});
  ASSERT_GT(hog, 0);
  ASSERT_TRUE(crossed.WaitForFirst()) << "no threshold notification";
  // Usage falling back below the threshold is a second crossing, which
  // must not be delivered any more.
  ASSERT_EQ(kill(hog, SIGKILL), 0);
  ASSERT_TRUE(WaitUntil([] {
    return ReadCgroupInt("memory", "/n_self", "memory.usage_in_bytes") <
           48 * kMiB;
  }));
  absl::SleepFor(kQuietSpell);

  EXPECT_EQ(crossed.statuses().size(), 1u);
  ASSERT_EQ(callers.size(), 1u);
  EXPECT_EQ(callers[0], container.get());
  EXPECT_TRUE(unregistered.ok()) << unregistered;
}

TEST_F(NotifyTest, ApiLeavesNoThreadOrFdBehind) {
  std::unique_ptr<Container> limited = CreateLimited("/n_leak", 64 * kMiB);
  ASSERT_NE(limited, nullptr);
  const int threads_before = ThreadCount();
  const int fds_before = OpenFdCount();
  {
    absl::StatusOr<std::unique_ptr<ContainerApi>> api = ContainerApi::New();
    ASSERT_TRUE(api.ok()) << api.status();
    absl::StatusOr<std::unique_ptr<Container>> container =
        (*api)->Get("/n_leak");
    ASSERT_TRUE(container.ok()) << container.status();
    Deliveries oom;
    ASSERT_TRUE((*container)->RegisterNotification(Oom(), oom.Callback()).ok());
    EventSpec empty;
    empty.mutable_container_empty();
    ASSERT_TRUE((*container)->RegisterNotification(empty, oom.Callback()).ok());
    EXPECT_EQ(ThreadCount(), threads_before + 1);
    // Deleting the container unregisters; deleting the API stops the thread.
  }
  EXPECT_EQ(ThreadCount(), threads_before);
  EXPECT_EQ(OpenFdCount(), fds_before);
}

TEST_F(NotifyTest, CliNotifyReturnsAfterAnOom) {
  std::unique_ptr<Container> container = CreateLimited("/n_cli", 64 * kMiB);
  ASSERT_NE(container, nullptr);

  int out[2];
  ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
  const std::string cli = CliPath();
  const pid_t notify = fork();
  ASSERT_GE(notify, 0);
  if (notify == 0) {
    dup2(out[1], STDOUT_FILENO);
    execl(cli.c_str(), cli.c_str(), "notify", "memory", "oom", "/n_cli",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  KillAtTearDown(notify);

  // Registered once it holds both eventfds (the event's and the wake-up).
  ASSERT_TRUE(WaitUntil([notify] { return EventFdCount(notify) >= 2; }))
      << "lmctfy notify did not register";
  EXPECT_EQ(WaitForExitWithin(notify, kQuietSpell), -1)
      << "lmctfy notify returned before an OOM";

  const pid_t hog = StartMemhog(container.get(), {"256"});
  ASSERT_GT(hog, 0);
  ASSERT_TRUE(WIFSIGNALED(WaitForExit(hog)));
  const int status = WaitForExitWithin(notify, kEventBound);
  ASSERT_NE(status, -1) << "lmctfy notify still waits after the OOM";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  char buffer[256];
  const ssize_t n = read(out[0], buffer, sizeof(buffer));
  close(out[0]);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0),
            "notification_status=\"0\"\n");
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
