// SPDX-License-Identifier: Apache-2.0
// Delegation on the real kernel: an unprivileged user who owns a container
// can make subcontainers in it and nowhere else, and children_limit caps how
// many direct subcontainers a container gets.

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The unprivileged user and group the tests delegate to (nobody/nogroup).
constexpr int kDelegate = 65534;

// Runs the CLI as the delegate, with no supplementary groups.
CommandResult RunCliAsDelegate(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/setpriv", "--reuid=65534",
                                   "--regid=65534", "--clear-groups",
                                   CliPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

// Owner uid and gid of `path`, or -1s when it cannot be stat'ed.
std::pair<int, int> OwnerOf(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return {-1, -1};
  return {static_cast<int>(info.st_uid), static_cast<int>(info.st_gid)};
}

class DelegationTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (IsSkipped()) return;
    if (access("/usr/bin/setpriv", X_OK) != 0) {
      GTEST_SKIP() << "/usr/bin/setpriv is needed to act as uid 65534";
    }
  }
};

TEST_F(DelegationTest, CreateHandsDirectoriesAndTaskFilesToTheOwner) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/owned", "owner: 65534 owner_group: 65534 cpu {} memory {}"));
  for (const char* hierarchy :
       {"cpu", "cpuacct", "cpuset", "memory", "freezer"}) {
    const std::string dir = CgroupDir(hierarchy, "/owned");
    for (const std::string& path :
         {dir, dir + "/tasks", dir + "/cgroup.procs"}) {
      EXPECT_EQ(OwnerOf(path), std::make_pair(kDelegate, kDelegate)) << path;
    }
  }
  // Limits stay root's: the delegate must not raise its own.
  EXPECT_EQ(
      OwnerOf(CgroupDir("memory", "/owned") + "/memory.limit_in_bytes").first,
      0);
}

TEST_F(DelegationTest, OwnerCreatesAndUsesSubcontainers) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/deleg", "owner: 65534 owner_group: 65534 cpu {} memory {} device {}"));
  DestroyAtTearDown("/deleg/sub");

  const CommandResult created = RunCliAsDelegate(
      {"create", "/deleg/sub",
       "cpu { limit: 500 } memory { limit: 33554432 } device {}"});
  ASSERT_EQ(created.exit_code, 0) << created;
  EXPECT_EQ(ReadCgroupFile("memory", "/deleg/sub", "memory.limit_in_bytes"),
            "33554432");
  EXPECT_EQ(ReadCgroupFile("cpu", "/deleg/sub", "cpu.shares"), "512");
  EXPECT_EQ(OwnerOf(CgroupDir("freezer", "/deleg/sub")).first, kDelegate);

  // The delegate can put its own process there and list it.
  const CommandResult ran =
      RunCliAsDelegate({"run", "-n", "/deleg/sub", "/bin/sleep", "60"});
  const pid_t pid = ParsePidLine(ran.out);
  ASSERT_GT(pid, 0) << ran;
  KillAtTearDown(pid);
  const CommandResult listed = RunCliAsDelegate({"list", "pids", "/deleg/sub"});
  EXPECT_EQ(listed.exit_code, 0) << listed;
  EXPECT_THAT(listed.out, HasSubstr(std::to_string(pid)));

  const CommandResult destroyed =
      RunCliAsDelegate({"destroy", "-f", "/deleg/sub"});
  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  EXPECT_THAT(HierarchiesWith("/deleg/sub"), IsEmpty());
}

TEST_F(DelegationTest, OwnerRunsInContainerThatLeavesHierarchiesToRoot) {
  // cpu and devices stay with the root container, whose tasks files are
  // root's; the delegate's process is already there.
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/memonly_deleg", "owner: 65534 owner_group: 65534 memory {}"));

  const CommandResult ran =
      RunCliAsDelegate({"run", "-n", "/memonly_deleg", "/bin/sleep", "60"});
  const pid_t pid = ParsePidLine(ran.out);
  ASSERT_GT(pid, 0) << ran;
  KillAtTearDown(pid);
  EXPECT_THAT(ReadPids(CgroupDir("memory", "/memonly_deleg") + "/tasks"),
              ::testing::Contains(pid));
  EXPECT_THAT(ReadPids(CgroupDir("freezer", "/memonly_deleg") + "/tasks"),
              ::testing::Contains(pid));

  const CommandResult exec =
      RunCliAsDelegate({"run", "/memonly_deleg", "/bin/true"});
  EXPECT_EQ(exec.exit_code, 0) << exec;
}

TEST_F(DelegationTest, OwnerPausesResumesAndKillsItsOwnContainer) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/paused_deleg", "owner: 65534 owner_group: 65534"));
  const std::string state =
      CgroupDir("freezer", "/paused_deleg") + "/freezer.state";
  const CommandResult ran =
      RunCliAsDelegate({"run", "-n", "/paused_deleg", "/bin/sleep", "60"});
  const pid_t pid = ParsePidLine(ran.out);
  ASSERT_GT(pid, 0) << ran;
  KillAtTearDown(pid);

  CommandResult result = RunCliAsDelegate({"pause", "/paused_deleg"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(ReadFileOrFail(state), "FROZEN");
  result = RunCliAsDelegate({"resume", "/paused_deleg"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(ReadFileOrFail(state), "THAWED");

  result = RunCliAsDelegate({"killall", "/paused_deleg"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_TRUE(WaitUntil([pid] { return ProcessGone(pid); }));
}

TEST_F(DelegationTest, NonOwnerCannotCreateSubcontainers) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/rootonly", "memory {}"));
  DestroyAtTearDown("/rootonly/sub");

  const CommandResult refused =
      RunCliAsDelegate({"create", "/rootonly/sub", "memory {}"});
  EXPECT_NE(refused.exit_code, 0) << refused;
  EXPECT_THAT(refused.err, HasSubstr("/rootonly/sub"));
  EXPECT_THAT(refused.err, HasSubstr("ermission denied"));
  EXPECT_THAT(HierarchiesWith("/rootonly/sub"), IsEmpty());
}

TEST_F(DelegationTest, ChildrenLimitRefusesOneChildMore) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/limited", "children_limit: 2"));
  for (const char* child : {"/limited/a", "/limited/b"}) {
    ASSERT_NO_FATAL_FAILURE(CreateWithCli(child, ""));
  }
  DestroyAtTearDown("/limited/c");

  const CommandResult refused = RunCli({"create", "/limited/c", ""});
  EXPECT_EQ(refused.exit_code, 8) << refused;  // RESOURCE_EXHAUSTED
  EXPECT_THAT(refused.err, HasSubstr("children_limit is 2"));
  EXPECT_THAT(HierarchiesWith("/limited/c"), IsEmpty());

  // Grandchildren do not count against it.
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/limited/a/deep", ""));
}

TEST_F(DelegationTest, DelegateIsHeldToItsChildrenLimit) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/capped_deleg", "owner: 65534 owner_group: 65534 children_limit: 1"));
  DestroyAtTearDown("/capped_deleg/one");
  DestroyAtTearDown("/capped_deleg/two");

  const CommandResult first =
      RunCliAsDelegate({"create", "/capped_deleg/one", ""});
  ASSERT_EQ(first.exit_code, 0) << first;
  const CommandResult second =
      RunCliAsDelegate({"create", "/capped_deleg/two", ""});
  EXPECT_EQ(second.exit_code, 8) << second;
  EXPECT_THAT(second.err, HasSubstr("children_limit is 1"));
  EXPECT_THAT(HierarchiesWith("/capped_deleg/two"), IsEmpty());
}

TEST_F(DelegationTest, NegativeChildrenLimitIsInvalid) {
  DestroyAtTearDown("/negative");
  const CommandResult refused =
      RunCli({"create", "/negative", "children_limit: -1"});
  EXPECT_EQ(refused.exit_code, 3) << refused;
  EXPECT_THAT(refused.err, HasSubstr("children_limit -1"));
  EXPECT_THAT(HierarchiesWith("/negative"), IsEmpty());
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
