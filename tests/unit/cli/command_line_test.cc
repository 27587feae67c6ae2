// SPDX-License-Identifier: Apache-2.0
// Tests of the short-flag and long-flag passes over the command line.

#include "cli/command_line.h"

#include <ostream>
#include <string>
#include <vector>

#include "gflags/gflags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "cli/cli_flags.h"
#include "cli/cli_runner.h"
#include "lmctfy/flags.h"

namespace containers {
namespace lmctfy {
namespace cli {

void PrintTo(const FlagSetting& setting, std::ostream* os) {
  *os << setting.name << "=" << setting.value;
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Stops scanning after "run <name>", like the real command tree.
bool RunRule(const std::vector<std::string>& words) {
  return words.size() >= 2 && words[0] == "run";
}

struct ShortFlagCase {
  std::string label;
  std::vector<std::string> args;
  std::vector<std::string> words;
  std::vector<FlagSetting> short_flags;
};

void PrintTo(const ShortFlagCase& test_case, std::ostream* os) {
  *os << test_case.label;
}

class ShortFlagPassTest : public ::testing::TestWithParam<ShortFlagCase> {};

TEST_P(ShortFlagPassTest, SplitsWordsFromShortFlags) {
  const ShortFlagCase& test_case = GetParam();
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine(test_case.args, RunRule);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->words, test_case.words);
  EXPECT_EQ(parsed->short_flags, test_case.short_flags);
  EXPECT_THAT(parsed->long_flags, IsEmpty());
}

const FlagSetting kLong{"lmctfy_output_style", "long"};
const FlagSetting kPairs{"lmctfy_output_style", "pairs"};
const FlagSetting kValues{"lmctfy_output_style", "values"};
const FlagSetting kNoWait{"lmctfy_no_wait", "true"};
const FlagSetting kForce{"lmctfy_force", "true"};

INSTANTIATE_TEST_SUITE_P(
    Cases, ShortFlagPassTest,
    ::testing::Values(
        ShortFlagCase{
            "EveryLetter",
            {"-b", "-f", "-h", "-j", "-l", "-n", "-p", "-r", "-v", "-V"},
            {},
            {{"lmctfy_binary", "true"},
             kForce,
             {"lmctfy_print_help", "true"},
             {"lmctfy_output_style", "json"},
             kLong,
             kNoWait,
             kPairs,
             {"lmctfy_recursive", "true"},
             kValues,
             {"lmctfy_version", "true"}}},
        ShortFlagCase{"OnlySecondCharacterCounts",
                      {"destroy", "-force", "/c"},
                      {"destroy", "/c"},
                      {kForce}},
        ShortFlagCase{"SingleDashLongNameIsAShortFlag",
                      {"-lmctfy_force", "spec"},
                      {"spec"},
                      {kLong}},
        ShortFlagCase{"ConfigTakesNextArgument",
                      {"create", "-c", "/tmp/spec", "/c"},
                      {"create", "/c"},
                      {{"lmctfy_config", "/tmp/spec"}}},
        ShortFlagCase{"ConfigTakesFlagLookingPath",
                      {"-c", "-l", "create", "/c"},
                      {"create", "/c"},
                      {{"lmctfy_config", "-l"}}},
        ShortFlagCase{
            "UnknownLetterStaysAWord", {"detect", "-5"}, {"detect", "-5"}, {}},
        ShortFlagCase{
            "LoneDashStaysAWord", {"create", "-"}, {"create", "-"}, {}},
        ShortFlagCase{"FlagsAfterPositionalWordsAreScanned",
                      {"list", "containers", "/c", "-v"},
                      {"list", "containers", "/c"},
                      {kValues}},
        ShortFlagCase{"DoubleDashStopsTheScanAndIsRemoved",
                      {"-l", "--", "detect", "-v"},
                      {"detect", "-v"},
                      {kLong}},
        ShortFlagCase{"OnlyTheFirstDoubleDashIsRemoved",
                      {"--", "enter", "--", "-l"},
                      {"enter", "--", "-l"},
                      {}},
        ShortFlagCase{"RunCommandIsVerbatim",
                      {"run", "/c", "ls", "-la"},
                      {"run", "/c", "ls", "-la"},
                      {}},
        ShortFlagCase{"RunFlagsBeforeTheCommandAreScanned",
                      {"run", "-n", "/c", "ls", "-la"},
                      {"run", "/c", "ls", "-la"},
                      {kNoWait}},
        ShortFlagCase{"RunFlagsBetweenNameAndCommandAreScanned",
                      {"-p", "run", "/c", "-n", "ls", "-n"},
                      {"run", "/c", "ls", "-n"},
                      {kPairs, kNoWait}},
        ShortFlagCase{"RunKeepsLaterDoubleDash",
                      {"run", "/c", "ls", "--", "-l"},
                      {"run", "/c", "ls", "--", "-l"},
                      {}}),
    [](const ::testing::TestParamInfo<ShortFlagCase>& info) {
      return info.param.label;
    });

TEST(ShortFlagPassErrorTest, ConfigWithoutPathIsAnError) {
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine({"create", "/c", "-c"}, RunRule);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("-c"));
}

TEST(LongFlagPassTest, AcceptsEveryGflagsForm) {
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine({"--lmctfy_output_style=values", "--lmctfy_config", "/x",
                        "--lmctfy_force", "--nolmctfy_recursive",
                        "--lmctfy_binary=false", "spec"},
                       RunRule);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->words, ElementsAre("spec"));
  EXPECT_THAT(parsed->long_flags,
              ElementsAre(FlagSetting{"lmctfy_output_style", "values"},
                          FlagSetting{"lmctfy_config", "/x"},
                          FlagSetting{"lmctfy_force", "true"},
                          FlagSetting{"lmctfy_recursive", "false"},
                          FlagSetting{"lmctfy_binary", "false"}));
}

TEST(LongFlagPassTest, KnowsTheLibraryFlags) {
  absl::StatusOr<ParsedCommandLine> parsed = ParseCommandLine(
      {"--lmctfy_num_tries_for_unkillable=5", "--lmctfy_ms_delay_between_kills",
       "10", "--nolmctfy_use_namespaces"},
      RunRule);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->long_flags.size(), 3u);
}

TEST(LongFlagPassTest, RunCommandLongFlagsAreVerbatim) {
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine({"run", "/c", "ls", "--all"}, RunRule);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->words, ElementsAre("run", "/c", "ls", "--all"));
  EXPECT_THAT(parsed->long_flags, IsEmpty());
}

TEST(LongFlagPassTest, UnknownLongFlagIsAnError) {
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine({"--lmctfy_no_such_flag", "detect"}, RunRule);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("lmctfy_no_such_flag"));
}

TEST(LongFlagPassTest, NoPrefixOnNonBoolFlagIsUnknown) {
  EXPECT_FALSE(ParseCommandLine({"--nolmctfy_config"}, RunRule).ok());
}

TEST(LongFlagPassTest, ValueFlagAtTheEndIsAnError) {
  absl::StatusOr<ParsedCommandLine> parsed =
      ParseCommandLine({"detect", "--lmctfy_output_fd"}, RunRule);
  EXPECT_THAT(parsed.status().message(), HasSubstr("lmctfy_output_fd"));
}

TEST(ApplyFlagSettingsTest, LongFlagsWinOverShortFlags) {
  gflags::FlagSaver restore;
  ParsedCommandLine command_line;
  command_line.long_flags = {{"lmctfy_output_style", "values"}};
  command_line.short_flags = {kLong, kForce};
  ASSERT_TRUE(ApplyFlagSettings(command_line).ok());
  EXPECT_EQ(FLAGS_lmctfy_output_style, "values");
  EXPECT_TRUE(FLAGS_lmctfy_force);
}

TEST(ApplyFlagSettingsTest, BadValueIsAnError) {
  gflags::FlagSaver restore;
  ParsedCommandLine command_line;
  command_line.long_flags = {{"lmctfy_output_fd", "three"}};
  const absl::Status status = ApplyFlagSettings(command_line);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("three"));
}

TEST(ResetLmctfyFlagsTest, RestoresDefaults) {
  gflags::FlagSaver restore;
  FLAGS_lmctfy_force = true;
  FLAGS_lmctfy_output_style = "long";
  FLAGS_lmctfy_num_tries_for_unkillable = 9;
  ResetLmctfyFlags();
  EXPECT_FALSE(FLAGS_lmctfy_force);
  EXPECT_EQ(FLAGS_lmctfy_output_style, "pairs");
  EXPECT_EQ(FLAGS_lmctfy_num_tries_for_unkillable, 3);
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
