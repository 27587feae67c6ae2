// SPDX-License-Identifier: Apache-2.0
// Running commands in containers: `lmctfy run` in the background and in the
// foreground, listing the container's processes and detecting a process's
// container.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// Isolates every resource, so the container has a cgroup of its own in
// each of the six hierarchies.
constexpr char kFullSpec[] =
    "cpu { limit: 500 } memory { limit: 67108864 } "
    "device { restrictions_set { restrictions { permission: ALLOW "
    "type: DEVICE_CHAR major: 1 minor: 3 access: READ access: WRITE } } }";

using RunTest = IntegrationTest;

TEST_F(RunTest, BackgroundRunPutsTheProcessInEveryHierarchy) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/c", kFullSpec));

  const pid_t pid = RunInBackground("/c", {"/bin/sleep", "100"});
  ASSERT_GT(pid, 0);

  for (const char* hierarchy : kHierarchies) {
    EXPECT_THAT(ReadPids(CgroupDir(hierarchy, "/c") + "/tasks"), Contains(pid))
        << "not in the " << hierarchy << " cgroup of /c";
  }
  const CommandResult listed = RunCli({"list", "pids", "/c"});
  EXPECT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.out, absl::StrCat("pid=\"", pid, "\"\n"));
}

TEST_F(RunTest, ForegroundRunExecutesTheCommandInsideTheContainer) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/fg", "memory { limit: 67108864 }"));

  const CommandResult ran = RunCli({"run", "/fg", "cat", "/proc/self/cgroup"});

  EXPECT_EQ(ran.exit_code, 0) << ran;
  EXPECT_THAT(ran.out, HasSubstr(":freezer:/fg\n"));
  EXPECT_THAT(ran.out, HasSubstr(":memory:/fg\n"));
  // cpu is not isolated, so the command stays in the root's cpu cgroup.
  EXPECT_THAT(ran.out, HasSubstr(":cpu:/\n"));
}

TEST_F(RunTest, ForegroundRunReturnsTheCommandsExitStatus) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/status", ""));

  const CommandResult ran =
      RunCli({"run", "/status", "/bin/sh", "-c", "exit 7"});

  EXPECT_EQ(ran.exit_code, 7) << ran;
}

TEST_F(RunTest, SingleWordWithSpacesRunsThroughTheShell) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/shell", ""));

  const CommandResult ran = RunCli({"run", "/shell", "echo one; echo two"});

  EXPECT_EQ(ran.exit_code, 0) << ran;
  EXPECT_EQ(ran.out, "one\ntwo\n");
}

TEST_F(RunTest, DetectNamesTheContainerOfAProcess) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/det", ""));
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/det/inner", ""));
  const pid_t pid = RunInBackground("/det/inner", {"/bin/sleep", "100"});
  ASSERT_GT(pid, 0);

  const CommandResult detected = RunCli({"detect", std::to_string(pid)});

  EXPECT_EQ(detected.exit_code, 0) << detected;
  EXPECT_EQ(detected.out, "name=\"/det/inner\"\n");
  absl::StatusOr<std::string> by_library = api().Detect(pid);
  ASSERT_TRUE(by_library.ok()) << by_library.status();
  EXPECT_EQ(*by_library, "/det/inner");
}

TEST_F(RunTest, DetectWithoutArgumentsNamesTheCallersContainer) {
  const CommandResult detected = RunCli({"detect"});

  EXPECT_EQ(detected.exit_code, 0) << detected;
  EXPECT_EQ(detected.out, "name=\"/\"\n");
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
