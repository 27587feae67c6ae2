// SPDX-License-Identifier: Apache-2.0
// Tests of the usage text layout and the command-tree prints.

#include "cli/usage.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "cli/command_tree.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

TEST(CommandTreeTest, TopLevelCommandsAreSortedWithHelpAndVersion) {
  std::vector<std::string> names;
  for (const CommandNode& node : RootCommand().children) {
    names.push_back(node.name);
  }
  EXPECT_THAT(
      names, ElementsAre("create", "destroy", "detect", "enter", "help", "init",
                         "killall", "list", "notify", "pause", "resume", "run",
                         "spec", "stats", "top", "update", "version"));
}

TEST(CommandTreeTest, LookUpStopsAtTheLeaf) {
  const CommandLookup lookup =
      LookUpCommand(RootCommand(), {"list", "pids", "list", "x"});
  ASSERT_NE(lookup.leaf(), nullptr);
  EXPECT_EQ(lookup.PathString(), "list pids");
  EXPECT_THAT(lookup.rest, ElementsAre("list", "x"));
}

TEST(CommandTreeTest, LookUpOfUnknownWordStopsAtTheMenu) {
  const CommandLookup lookup =
      LookUpCommand(RootCommand(), {"notify", "memory", "swap"});
  EXPECT_EQ(lookup.leaf(), nullptr);
  EXPECT_EQ(lookup.menu(RootCommand()).name, "memory");
  EXPECT_THAT(lookup.rest, ElementsAre("swap"));
}

TEST(CommandTreeTest, LookUpOfNothingIsTheRootMenu) {
  const CommandLookup lookup = LookUpCommand(RootCommand(), {"bogus"});
  EXPECT_TRUE(lookup.path.empty());
  EXPECT_EQ(&lookup.menu(RootCommand()), &RootCommand());
}

TEST(CommandTreeTextTest, IndentsFourSpacesPerDepth) {
  const std::string tree = CommandTreeText(RootCommand());
  EXPECT_THAT(tree, StartsWith("create\ndestroy\ndetect\nenter\nhelp\ninit\n"
                               "killall\nlist\n    containers\n    pids\n"
                               "    tids\nnotify\n    memory\n        oom\n"
                               "        threshold\npause\n"));
  EXPECT_THAT(tree, HasSubstr("\nupdate\n    replace\n    diff\nversion\n"));
}

TEST(CommandTreeLongTextTest, ShowsKindsAndPositions) {
  const std::vector<std::string> lines =
      Lines(CommandTreeLongText(RootCommand()));
  EXPECT_EQ(lines[0], "[flur 0] lmctfy create");
  EXPECT_THAT(lines, Contains("[leaf 2] lmctfy detect"));
  EXPECT_THAT(lines, Contains("[leaf 4] lmctfy help"));
  EXPECT_THAT(lines, Contains("[init 5] lmctfy init"));
  EXPECT_THAT(lines, Contains("[root 7] lmctfy list"));
  EXPECT_THAT(lines, Contains("    [leaf 7:0] lmctfy list containers"));
  EXPECT_THAT(lines, Contains("[root 8] lmctfy notify"));
  EXPECT_THAT(lines, Contains("    [branch 8:0] lmctfy notify memory"));
  EXPECT_THAT(lines,
              Contains("        [flur 8:0:1] lmctfy notify memory threshold"));
  EXPECT_THAT(lines, Contains("[flur 11] lmctfy run"));
  EXPECT_THAT(lines, Contains("    [leaf 13:1] lmctfy stats full"));
  EXPECT_THAT(lines, Contains("[leaf 14] lmctfy top"));
  EXPECT_THAT(lines, Contains("    [flur 15:1] lmctfy update diff"));
  EXPECT_THAT(lines, Contains("[leaf 16] lmctfy version"));
  EXPECT_EQ(lines.back(), "");
}

TEST(MenuUsageTest, RootUsageStartsWithUsageLineAndBlankLine) {
  const std::vector<std::string> lines =
      Lines(MenuUsage(RootCommand(), "", "lmctfy"));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "Usage: lmctfy [command]");
  EXPECT_EQ(lines[1], "");
}

TEST(MenuUsageTest, ListsTheCommonFlags) {
  const std::string usage = MenuUsage(RootCommand(), "", "lmctfy");
  for (const char* flag : {"-V", "-h", "-l", "-p", "-v", "-c", "-f", "-r"}) {
    EXPECT_THAT(usage, HasSubstr(std::string("\n  ") + flag + " ")) << flag;
  }
}

TEST(MenuUsageTest, CommandEntriesAreAlignedAndWrapped) {
  const std::string usage = MenuUsage(RootCommand(), "", "lmctfy");
  const size_t commands = usage.find("\nCommands:\n");
  ASSERT_NE(commands, std::string::npos);
  const std::vector<std::string> lines =
      Lines(usage.substr(commands + std::string("\nCommands:\n").size()));

  size_t entries = 0;
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    EXPECT_LE(line.size(), 80u) << line;
    if (line.substr(0, 22) == std::string(22, ' ')) {
      EXPECT_NE(line[22], ' ') << line;  // continuation line
      continue;
    }
    ++entries;
    EXPECT_EQ(line.substr(0, 4), "    ") << line;
    EXPECT_NE(line[4], ' ') << line;
    EXPECT_EQ(line.substr(20, 2), "  ") << line;
    EXPECT_NE(line[22], ' ') << line;
  }
  EXPECT_EQ(entries, RootCommand().children.size());
  EXPECT_THAT(usage, HasSubstr("\n    create            Create a container"));
}

TEST(MenuUsageTest, LongDescriptionsContinueAtColumnTwentyTwo) {
  const std::string usage = MenuUsage(RootCommand(), "", "lmctfy");
  const size_t run = usage.find("\n    run ");
  ASSERT_NE(run, std::string::npos);
  const size_t next_line = usage.find('\n', run + 1);
  EXPECT_EQ(usage.substr(next_line + 1, 22), std::string(22, ' '));
}

TEST(MenuUsageTest, SubmenuUsageNamesItsPathAndCommands) {
  const CommandLookup lookup = LookUpCommand(RootCommand(), {"list"});
  const std::string usage =
      MenuUsage(lookup.menu(RootCommand()), "list", "lmctfy");
  EXPECT_THAT(usage, StartsWith("Usage: lmctfy list <list type> <container "
                                "name>\n\n"));
  EXPECT_THAT(usage, HasSubstr("\n    containers        "));
  EXPECT_THAT(usage, HasSubstr("\n    tids              "));
  EXPECT_THAT(usage, ::testing::Not(HasSubstr("\n    create ")));
}

TEST(LeafUsageLineTest, NamesPathAndArgumentSyntax) {
  const CommandLookup lookup =
      LookUpCommand(RootCommand(), {"notify", "memory", "threshold"});
  EXPECT_EQ(LeafUsageLine(*lookup.leaf(), lookup.PathString(), "lmctfy"),
            "usage: lmctfy notify memory threshold <container name> "
            "<threshold in bytes>\n");
}

TEST(LeafUsageLineTest, EmptySyntaxHasNoTrailingSpace) {
  const CommandLookup lookup = LookUpCommand(RootCommand(), {"version"});
  EXPECT_EQ(LeafUsageLine(*lookup.leaf(), "version", "lmctfy"),
            "usage: lmctfy version\n");
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
