// SPDX-License-Identifier: Apache-2.0
// `lmctfy create`, `destroy` and `update` SIGKILLed at random moments of
// their run on the real kernel: afterwards `list containers -r /` and
// Exists report only whole containers, and `destroy -f` or a new create of
// the name leaves the kernel directories clean (INTERFACE.md 4.5).
//
// The delays are spread over the measured duration of each command; the
// seed is printed (set LMCTFY_IT_CRASH_SEED to repeat a run).

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr char kName[] = "/crash";
constexpr char kChild[] = "/crash/sub";
constexpr int kOwner = 4321;
// Every hierarchy, a children_limit and an owner: the steps a killed create
// could miss.
constexpr char kSpec[] =
    "owner: 4321 owner_group: 4321 children_limit: 3 "
    "cpu { limit: 500 } memory { limit: 67108864 } "
    "device { restrictions_set { restrictions { permission: DENY "
    "type: DEVICE_CHAR major: 1 minor: 7 access: READ } } }";
constexpr char kNewSpec[] =
    "cpu { limit: 250 } memory { limit: 33554432 } "
    "device { restrictions_set { restrictions { permission: DENY "
    "type: DEVICE_CHAR major: 1 minor: 5 access: WRITE } } }";
constexpr char kChildSpec[] = "memory { limit: 16777216 }";
const std::set<std::string> kAllHierarchies = {"cpu",     "cpuacct", "cpuset",
                                               "devices", "freezer", "memory"};

// How long each kind of command may be killed for, and how long the loops
// may take in all.
constexpr int kMaxRounds = 120;
const absl::Duration kTimePerCommand = absl::Seconds(8);

std::set<std::string> HierarchySet(const std::string& name) {
  const std::vector<std::string> with = HierarchiesWith(name);
  return std::set<std::string>(with.begin(), with.end());
}

// Every cgroup directory whose last component is the base name of `name`,
// hidden (".crash") or not, below the parent's directories.
std::vector<std::string> Traces(const std::string& name) {
  const std::string base = name.substr(name.rfind('/') + 1);
  std::vector<std::string> found;
  for (const std::string& dir : AllCgroupDirs()) {
    const std::string last = dir.substr(dir.rfind('/') + 1);
    if (last == base || last == "." + base) found.push_back(dir);
  }
  return found;
}

// The containers `lmctfy list containers -r /` reports.
std::set<std::string> Listed() {
  const CommandResult listed = RunCli({"-v", "list", "containers", "-r", "/"});
  EXPECT_EQ(listed.exit_code, 0) << listed;
  std::set<std::string> names;
  for (absl::string_view line :
       absl::StrSplit(listed.out, '\n', absl::SkipEmpty())) {
    names.insert(std::string(line));
  }
  return names;
}

// Starts `lmctfy args...` with stdio on /dev/null and SIGKILLs it after
// `delay` unless it finished first. Returns true when it was killed.
bool RunKilledAfter(const std::vector<std::string>& args,
                    absl::Duration delay) {
  std::vector<std::string> argv = {CliPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& arg : argv) raw.push_back(arg.data());
  raw.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) dup2(null, fd);
    execv(raw[0], raw.data());
    _exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return false;
  }
  absl::SleepFor(delay);
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// The median wall time of `args` run to completion `runs` times, with
// `prepare` before each run.
absl::Duration MedianDuration(const std::vector<std::string>& args,
                              const std::function<void()>& prepare,
                              int runs = 5) {
  std::vector<absl::Duration> took;
  for (int i = 0; i < runs; ++i) {
    prepare();
    const absl::Time start = absl::Now();
    const CommandResult result = RunCli(args);
    took.push_back(absl::Now() - start);
    EXPECT_EQ(result.exit_code, 0)
        << absl::StrJoin(args, " ") << ": " << result;
  }
  std::sort(took.begin(), took.end());
  return took[took.size() / 2];
}

class CrashTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (IsSkipped()) return;
    const char* seed = std::getenv("LMCTFY_IT_CRASH_SEED");
    uint32_t value = static_cast<uint32_t>(absl::ToUnixMicros(absl::Now()));
    if (seed != nullptr) {
      ASSERT_TRUE(absl::SimpleAtoi(seed, &value)) << seed;
    }
    std::fprintf(stderr, "crash test seed: %u (LMCTFY_IT_CRASH_SEED)\n", value);
    random_.seed(value);
    DestroyAtTearDown(kName);
  }

  // A delay spread evenly over 0 .. 1.2 x `duration`, so some kills come
  // after the command finished; with `late`, over 0.6 .. 1.2 x, where a
  // destroy removes cgroups (its kills come first).
  absl::Duration RandomDelay(absl::Duration duration, bool late = false) {
    const int64_t total = absl::ToInt64Microseconds(duration);
    std::uniform_int_distribution<int64_t> micros(late ? total * 3 / 5 : 0,
                                                  total * 6 / 5);
    return absl::Microseconds(micros(random_));
  }

  // Whether `name` as made from kSpec is whole: every hierarchy, the
  // children_limit attribute and the owner.
  static bool WholeWithSpec(const std::string& name, std::string* why) {
    const std::set<std::string> with = HierarchySet(name);
    if (with != kAllHierarchies) {
      *why = "cgroups only in " + absl::StrJoin(with, ",");
      return false;
    }
    const std::string carrier =
        CgroupDir("freezer", name) + "/cgroup.clone_children";
    char limit[32] = {};
    const ssize_t size = getxattr(carrier.c_str(), "user.lmctfy.children_limit",
                                  limit, sizeof(limit) - 1);
    if (size <= 0 || std::string(limit, size) != "3") {
      *why = "no children_limit 3 on " + carrier;
      return false;
    }
    struct stat st;
    if (stat(CgroupDir("freezer", name).c_str(), &st) != 0 ||
        st.st_uid != kOwner) {
      *why = "freezer cgroup not handed to the owner";
      return false;
    }
    return true;
  }

  // Listing, Exists and the kernel agree on kName; when it is reported it is
  // whole. Returns whether it is reported.
  bool CheckReported(const std::string& round) {
    const std::set<std::string> listed = Listed();
    const bool reported = listed.count(kName) > 0;
    absl::StatusOr<bool> exists = api().Exists(kName);
    EXPECT_TRUE(exists.ok()) << exists.status();
    EXPECT_EQ(exists.value_or(!reported), reported) << round;
    if (reported) {
      std::string why;
      EXPECT_TRUE(WholeWithSpec(kName, &why))
          << round << ": listed but " << why;
    }
    return reported;
  }

  // Removes kName (destroy -f, or a create then destroy -f on odd rounds)
  // and checks that no directory of it is left.
  void CleanUp(int round, bool reported, const std::string& what) {
    if (!reported && round % 2 == 1) {
      const CommandResult created = RunCli({"create", kName, kSpec});
      ASSERT_EQ(created.exit_code, 0) << what << ", then create: " << created;
      std::string why;
      EXPECT_TRUE(WholeWithSpec(kName, &why))
          << what << ", then create: " << why;
    }
    const CommandResult destroyed = RunCli({"destroy", "-f", kName});
    EXPECT_TRUE(destroyed.exit_code == 0 || destroyed.exit_code == 5)
        << what << ", then destroy -f: " << destroyed;
    EXPECT_THAT(Traces(kName), ::testing::IsEmpty()) << what;
    EXPECT_THAT(Traces(kChild), ::testing::IsEmpty()) << what;
    // The sleeps killed by destroys were re-parented to us (a subreaper).
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }

  std::mt19937 random_;
};

TEST_F(CrashTest, KilledCreateLeavesWholeOrNothingThatDestroyOrCreateCleans) {
  const absl::Duration median = MedianDuration({"create", kName, kSpec}, [] {
    RunCli({"destroy", "-f", kName});
  });
  RunCli({"destroy", "-f", kName});
  int killed = 0;
  int half_made = 0;
  int rounds = 0;
  const absl::Time deadline = absl::Now() + kTimePerCommand;
  for (; rounds < kMaxRounds && absl::Now() < deadline; ++rounds) {
    const absl::Duration delay = RandomDelay(median);
    const std::string what =
        absl::StrCat("round ", rounds, ": create killed after ",
                     absl::FormatDuration(delay));
    if (RunKilledAfter({"create", kName, kSpec}, delay)) ++killed;
    const bool reported = CheckReported(what);
    if (!reported && !Traces(kName).empty()) ++half_made;
    ASSERT_NO_FATAL_FAILURE(CleanUp(rounds, reported, what));
    if (HasFailure()) break;
  }
  std::fprintf(stderr,
               "create: median %s, %d rounds, %d killed, %d left remnants\n",
               absl::FormatDuration(median).c_str(), rounds, killed, half_made);
  // Enough kills landed inside the command for the checks to mean something.
  EXPECT_GT(half_made, 0);
}

TEST_F(CrashTest, KilledDestroyLeavesWholeOrNothingThatDestroyOrCreateCleans) {
  auto prepare = [] {
    RunCli({"destroy", "-f", kName});
    const CommandResult created = RunCli({"create", kName, kSpec});
    ASSERT_EQ(created.exit_code, 0) << created;
    const CommandResult child = RunCli({"create", kChild, kChildSpec});
    ASSERT_EQ(child.exit_code, 0) << child;
    const CommandResult ran =
        RunCli({"run", "-n", kName, "/bin/sleep", "1000"});
    ASSERT_EQ(ran.exit_code, 0) << ran;
  };
  const absl::Duration median =
      MedianDuration({"destroy", "-f", kName}, [&] { prepare(); });
  int killed = 0;
  int half_gone = 0;
  int rounds = 0;
  const absl::Time deadline = absl::Now() + kTimePerCommand;
  for (; rounds < kMaxRounds && absl::Now() < deadline; ++rounds) {
    ASSERT_NO_FATAL_FAILURE(prepare());
    const absl::Duration delay = RandomDelay(median, rounds % 2 == 1);
    const std::string what =
        absl::StrCat("round ", rounds, ": destroy killed after ",
                     absl::FormatDuration(delay));
    if (RunKilledAfter({"destroy", "-f", kName}, delay)) ++killed;
    const bool reported = CheckReported(what);
    const bool child_listed = Listed().count(kChild) > 0;
    if (child_listed) {
      EXPECT_TRUE(reported) << what << ": child listed without its parent";
      EXPECT_EQ(HierarchySet(kChild),
                std::set<std::string>({"freezer", "memory"}))
          << what << ": child listed but not whole";
    }
    // Killed between the first and the last removal: the parent is gone
    // but not cleaned, or whole with its child already (partly) gone.
    if ((!reported && !Traces(kName).empty()) || (reported && !child_listed)) {
      ++half_gone;
    }
    ASSERT_NO_FATAL_FAILURE(CleanUp(rounds, reported, what));
    if (HasFailure()) break;
  }
  std::fprintf(
      stderr,
      "destroy: median %s, %d rounds, %d killed, %d interrupted part-way\n",
      absl::FormatDuration(median).c_str(), rounds, killed, half_gone);
  EXPECT_GT(half_gone, 0);
}

TEST_F(CrashTest, KilledUpdateLeavesAWholeContainer) {
  const CommandResult created = RunCli({"create", kName, kSpec});
  ASSERT_EQ(created.exit_code, 0) << created;
  const absl::Duration median =
      MedianDuration({"update", "replace", kName, kNewSpec}, [] {});
  const std::set<int64_t> limits = {67108864, 33554432};
  int killed = 0;
  int rounds = 0;
  const absl::Time deadline = absl::Now() + kTimePerCommand;
  for (; rounds < kMaxRounds && absl::Now() < deadline; ++rounds) {
    // Back to the first values, then an update killed part-way.
    const CommandResult reset =
        RunCli({"update", "diff", kName, "memory { limit: 67108864 }"});
    ASSERT_EQ(reset.exit_code, 0) << reset;
    const absl::Duration delay = RandomDelay(median);
    const std::string what =
        absl::StrCat("round ", rounds, ": update killed after ",
                     absl::FormatDuration(delay));
    if (RunKilledAfter({"update", "replace", kName, kNewSpec}, delay)) {
      ++killed;
    }
    ASSERT_TRUE(CheckReported(what)) << what;
    EXPECT_EQ(
        limits.count(ReadCgroupInt("memory", kName, "memory.limit_in_bytes")),
        1u)
        << what;
    // It still takes updates.
    const CommandResult again = RunCli({"update", "replace", kName, kNewSpec});
    ASSERT_EQ(again.exit_code, 0) << what << ": " << again;
    EXPECT_EQ(ReadCgroupInt("memory", kName, "memory.limit_in_bytes"), 33554432)
        << what;
    if (HasFailure()) break;
  }
  std::fprintf(stderr, "update: median %s, %d rounds, %d killed\n",
               absl::FormatDuration(median).c_str(), rounds, killed);
  ASSERT_NO_FATAL_FAILURE(CleanUp(0, true, "after the update rounds"));
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
