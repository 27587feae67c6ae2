// SPDX-License-Identifier: Apache-2.0
// Tests of enter, killall, pause, resume and run through the tool.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/unit/cli/cli_fixture.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Property;
using ::testing::Return;

class ProcessCommandsTest : public CliFixture {};

TEST_F(ProcessCommandsTest, EnterWithoutTidsMovesTheParent) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Enter(ElementsAre(kParentPid)))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"enter", "/c"}), 0);
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(ProcessCommandsTest, EnterMovesTheGivenTids) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Enter(ElementsAre(10, 11, 12)))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"enter", "/c", "10", "11", "12"}), 0);
}

TEST_F(ProcessCommandsTest, EnterWithBadTidIsFailedPrecondition) {
  EXPECT_CALL(*api_, Get(_)).Times(0);
  EXPECT_EQ(Run({"enter", "/c", "10", "eleven"}), 9);
  EXPECT_THAT(err_.str(), HasSubstr("\"eleven\""));
}

TEST_F(ProcessCommandsTest, KillAllKillsTheNamedContainer) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, KillAll()).WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"killall", "/c"}), 0);
}

TEST_F(ProcessCommandsTest, KillAllFailureExitsWithItsCode) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, KillAll())
      .WillOnce(Return(absl::DeadlineExceededError("pid 5 survived")));
  EXPECT_EQ(Run({"killall", "/c"}), 4);
}

TEST_F(ProcessCommandsTest, PauseFreezesTheNamedContainer) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Pause()).WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"pause", "/c"}), 0);
}

TEST_F(ProcessCommandsTest, ResumeThawsTheNamedContainer) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Resume()).WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"resume", "/c"}), 0);
}

TEST_F(ProcessCommandsTest, RunExecsTheCommandWithItsFlagsVerbatim) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Exec(ElementsAre("ls", "-la", "--all")))
      .WillOnce(Return(absl::NotFoundError("ls: not found")));
  EXPECT_EQ(Run({"run", "/c", "ls", "-la", "--all"}), 5);
  EXPECT_EQ(err_.str(), "lmctfy: 5: ls: not found\n");
}

TEST_F(ProcessCommandsTest, RunSingleWordWithSpaceGoesThroughShell) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Exec(ElementsAre("/bin/sh", "-c", "echo a b")))
      .WillOnce(Return(absl::InternalError("exec failed")));
  EXPECT_EQ(Run({"run", "/c", "echo a b"}), 13);
}

TEST_F(ProcessCommandsTest, RunSeveralWordsAreNeverJoinedIntoAShell) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Exec(ElementsAre("echo", "a b")))
      .WillOnce(Return(absl::InternalError("exec failed")));
  EXPECT_EQ(Run({"run", "/c", "echo", "a b"}), 13);
}

TEST_F(ProcessCommandsTest, RunInBackgroundPrintsThePid) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Run(ElementsAre("sleep", "-n", "9"),
                              Property(&RunSpec::fd_policy, RunSpec::DETACHED)))
      .WillOnce(Return(1234));
  EXPECT_CALL(*container, Exec(_)).Times(0);
  EXPECT_EQ(Run({"run", "-n", "/c", "sleep", "-n", "9"}), 0);
  EXPECT_EQ(out_.str(), "pid=\"1234\"\n");
}

TEST_F(ProcessCommandsTest, RunInBackgroundHonoursOutputStyle) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Run(_, _)).WillOnce(Return(99));
  EXPECT_EQ(Run({"-v", "run", "--lmctfy_no_wait", "/c", "true"}), 0);
  EXPECT_EQ(out_.str(), "99\n");
}

TEST_F(ProcessCommandsTest, RunInBackgroundFailureExitsWithItsCode) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Run(_, _))
      .WillOnce(Return(absl::PermissionDeniedError("cannot fork")));
  EXPECT_EQ(Run({"run", "-n", "/c", "true"}), 7);
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(ProcessCommandsTest, RunHelpPrintsUsage) {
  EXPECT_EQ(Run({"run", "help"}), 0);
  EXPECT_EQ(out_.str(),
            "usage: lmctfy run [-n] <container name> <command...>\n");
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
