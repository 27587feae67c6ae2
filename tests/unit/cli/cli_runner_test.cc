// SPDX-License-Identifier: Apache-2.0
// Tests of the tool's argument processing, global actions, command lookup
// and exit statuses.

#include "cli/cli_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "cli/cli_flags.h"
#include "lmctfy/flags.h"
#include "tests/unit/cli/cli_fixture.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Return;
using ::testing::StartsWith;

// The version string is a build setting of the tool, not of the tests.
constexpr char kVersionLine[] = "lmctfy version [0-9]+[.][0-9]+[.][0-9]+\n";

class CliRunnerTest : public CliFixture {};

TEST_F(CliRunnerTest, ShortVersionFlagPrintsVersion) {
  EXPECT_EQ(Run({"-V"}), 0);
  EXPECT_THAT(out_.str(), MatchesRegex(kVersionLine));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, VersionCommandPrintsTheSameLine) {
  EXPECT_EQ(Run({"version"}), 0);
  EXPECT_THAT(out_.str(), MatchesRegex(kVersionLine));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, LongVersionAddsBuildTime) {
  EXPECT_EQ(Run({"--lmctfy_version_long"}), 0);
  EXPECT_THAT(
      out_.str(),
      MatchesRegex("lmctfy version [0-9.]+ built on [A-Z][a-z]{2} "
                   "[ 0-9][0-9] [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\n"));
}

TEST_F(CliRunnerTest, VersionWithArgumentsIsExtraneous) {
  EXPECT_EQ(Run({"version", "now"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("extraneous"));
  EXPECT_THAT(err_.str(), HasSubstr("usage: lmctfy version\n"));
}

TEST_F(CliRunnerTest, HelpFlagPrintsRootUsageToOutput) {
  EXPECT_EQ(Run({"-h", "create", "/c"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("Usage: lmctfy [command]\n\n"));
  EXPECT_THAT(err_.str(), IsEmpty());
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, HelpCommandPrintsRootUsageToOutput) {
  EXPECT_EQ(Run({"help"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("Usage: lmctfy [command]\n\n"));
  EXPECT_THAT(out_.str(), HasSubstr("\nCommands:\n"));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, ProgIsTheBasenameOfArgvZero) {
  EXPECT_EQ(RunCli({"/usr/local/bin/lmctfy2", "help"}, env_), 0);
  EXPECT_THAT(out_.str(), StartsWith("Usage: lmctfy2 [command]\n"));
}

TEST_F(CliRunnerTest, BadOutputStyleWinsOverHelp) {
  EXPECT_EQ(Run({"--lmctfy_output_style=xml", "-h"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("xml"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(CliRunnerTest, HelpWinsOverTreeAndVersion) {
  EXPECT_EQ(Run({"-V", "--lmctfy_print_cmd_tree", "-h"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("Usage: "));
}

TEST_F(CliRunnerTest, TreeWinsOverVersion) {
  EXPECT_EQ(Run({"-V", "--lmctfy_print_cmd_tree"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("create\ndestroy\n"));
}

TEST_F(CliRunnerTest, LongTreePrint) {
  EXPECT_EQ(Run({"--lmctfy_print_cmd_tree_long"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("[flur 0] lmctfy create\n"));
  EXPECT_THAT(out_.str(), HasSubstr("\n[root 7] lmctfy list\n"));
}

TEST_F(CliRunnerTest, ConfigFlagWithoutPathExitsOne) {
  EXPECT_EQ(Run({"create", "/c", "-c"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("-c"));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, UnknownLongFlagExitsOne) {
  EXPECT_EQ(Run({"--bogus_flag", "detect"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("bogus_flag"));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, BadFlagValueExitsOne) {
  EXPECT_EQ(Run({"--lmctfy_force=maybe", "detect"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("maybe"));
}

TEST_F(CliRunnerTest, NoCommandPrintsRootUsageToStderr) {
  EXPECT_EQ(Run({}), 5);
  EXPECT_THAT(err_.str(), StartsWith("Usage: lmctfy [command]\n"));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(CliRunnerTest, UnknownCommandNamesItAndPrintsUsageToStderr) {
  EXPECT_EQ(Run({"frobnicate", "/c"}), 5);
  EXPECT_THAT(err_.str(), HasSubstr("\"frobnicate\""));
  EXPECT_THAT(err_.str(), HasSubstr("Usage: lmctfy [command]\n"));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, BareSubmenuPrintsItsUsageToStderr) {
  EXPECT_EQ(Run({"list"}), 5);
  EXPECT_THAT(err_.str(), StartsWith("Usage: lmctfy list "));
  EXPECT_THAT(err_.str(), HasSubstr("\n    pids  "));
}

TEST_F(CliRunnerTest, UnknownSubcommandPrintsDeepestMenu) {
  EXPECT_EQ(Run({"notify", "memory", "swap", "/c"}), 5);
  EXPECT_THAT(err_.str(), HasSubstr("\"notify memory swap\""));
  EXPECT_THAT(err_.str(), HasSubstr("Usage: lmctfy notify memory "));
  EXPECT_THAT(err_.str(), HasSubstr("\n    threshold  "));
}

TEST_F(CliRunnerTest, LeafHelpPrintsItsUsageLine) {
  EXPECT_EQ(Run({"create", "help"}), 0);
  EXPECT_EQ(out_.str(),
            "usage: lmctfy create [-c <config file>] <container name> "
            "[<spec proto, text or binary>]\n");
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, NestedLeafHelpPrintsItsUsageLine) {
  EXPECT_EQ(Run({"list", "containers", "help"}), 0);
  EXPECT_EQ(out_.str(),
            "usage: lmctfy list containers [-r] [<container name>]\n");
}

TEST_F(CliRunnerTest, TooFewArgumentsExitThree) {
  EXPECT_EQ(Run({"destroy"}), 3);
  EXPECT_EQ(err_.str(),
            "lmctfy: \"destroy\" is missing arguments: it takes at least 1, "
            "got 0\nusage: lmctfy destroy [-f] <container name>\n");
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, TooManyArgumentsExitThree) {
  EXPECT_EQ(Run({"notify", "memory", "oom", "/a", "/b"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("extraneous"));
  EXPECT_THAT(err_.str(),
              HasSubstr("usage: lmctfy notify memory oom <container name>\n"));
}

TEST_F(CliRunnerTest, RunNeedsACommand) {
  EXPECT_EQ(Run({"run", "/c"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("missing"));
}

TEST_F(CliRunnerTest, ApiCreationFailureIsReportedWithItsCode) {
  new_api_status_ = absl::NotFoundError("no freezer hierarchy is mounted");
  EXPECT_EQ(Run({"detect"}), 5);
  EXPECT_EQ(err_.str(), "lmctfy: 5: no freezer hierarchy is mounted\n");
}

TEST_F(CliRunnerTest, CommandErrorIsOneLineWithCodeAndNothingOnOutput) {
  EXPECT_CALL(*api_, Detect(kParentPid))
      .WillOnce(Return(absl::PermissionDeniedError("thread 4242: denied")));
  EXPECT_EQ(Run({"detect"}), 7);
  EXPECT_EQ(err_.str(), "lmctfy: 7: thread 4242: denied\n");
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(CliRunnerTest, OutputStyleFlagsApply) {
  EXPECT_CALL(*api_, Detect(_)).WillOnce(Return(std::string("/a")));
  EXPECT_EQ(Run({"detect", "-l"}), 0);
  EXPECT_EQ(out_.str(), "name                 | /a\n\n");
}

TEST_F(CliRunnerTest, JsonStyleFlagPrintsAnObjectPerResult) {
  EXPECT_CALL(*api_, Detect(_)).WillOnce(Return(std::string("/a")));
  EXPECT_EQ(Run({"-j", "detect"}), 0);
  EXPECT_EQ(out_.str(), "{\"name\":\"/a\"}\n");
}

TEST_F(CliRunnerTest, JsonVersionIsData) {
  EXPECT_EQ(Run({"--lmctfy_output_style=json", "version"}), 0);
  EXPECT_THAT(out_.str(),
              MatchesRegex("[{]\"version\":\"[0-9]+[.][0-9]+[.][0-9]+\"[}]\n"));
}

TEST_F(CliRunnerTest, LongStyleFlagOverridesShortOne) {
  EXPECT_CALL(*api_, Detect(_)).WillOnce(Return(std::string("/a")));
  EXPECT_EQ(Run({"--lmctfy_output_style=values", "-l", "detect"}), 0);
  EXPECT_EQ(out_.str(), "/a\n");
}

TEST_F(CliRunnerTest, FlagsDoNotLeakIntoTheNextRun) {
  EXPECT_EQ(Run({"-v", "-f", "--lmctfy_ms_delay_between_kills=1", "-V"}), 0);
  EXPECT_EQ(FLAGS_lmctfy_output_style, "pairs");
  EXPECT_FALSE(FLAGS_lmctfy_force);
  EXPECT_EQ(FLAGS_lmctfy_ms_delay_between_kills, 250);
}

TEST_F(CliRunnerTest, OutputFdReceivesTheOutput) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_CALL(*api_, Detect(_)).WillOnce(Return(std::string("/a")));
  EXPECT_EQ(Run({"--lmctfy_output_fd", std::to_string(fds[1]), "detect"}), 0);
  close(fds[1]);

  char buffer[64] = {};
  const ssize_t got = read(fds[0], buffer, sizeof(buffer));
  close(fds[0]);
  EXPECT_EQ(std::string(buffer, got > 0 ? got : 0), "name=\"/a\"\n");
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(CliRunnerTest, BadOutputFdExitsOne) {
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(Run({absl::StrCat("--lmctfy_output_fd=", fd), "detect"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr(absl::StrCat("fd ", fd)));
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(CliRunnerTest, DoubleDashEndsFlagScanning) {
  // "-l" reaches enter as a thread id instead of selecting the long style.
  EXPECT_EQ(Run({"enter", "--", "/c", "-l"}), 9);
  EXPECT_THAT(err_.str(), HasSubstr("\"-l\""));
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
