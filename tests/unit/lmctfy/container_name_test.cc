// SPDX-License-Identifier: Apache-2.0
// Tests for container name validation and resolution (INTERFACE.md 1).

#include "lmctfy/container_name.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;

// The caller is inside /top; counts how often it was asked.
class ContainerNameTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::string> Resolve(absl::string_view name) {
    return ResolveContainerName(name, [this]() -> absl::StatusOr<std::string> {
      ++current_calls_;
      return current_;
    });
  }

  void ExpectResolves(absl::string_view name, absl::string_view expected) {
    absl::StatusOr<std::string> resolved = Resolve(name);
    ASSERT_TRUE(resolved.ok()) << name << ": " << resolved.status();
    EXPECT_EQ(*resolved, expected) << name;
  }

  void ExpectInvalid(absl::string_view name, absl::string_view detail) {
    absl::StatusOr<std::string> resolved = Resolve(name);
    ASSERT_FALSE(resolved.ok()) << name << " resolved to " << *resolved;
    EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInvalidArgument)
        << name;
    EXPECT_THAT(resolved.status().message(), HasSubstr(detail)) << name;
  }

  std::string current_ = "/top";
  int current_calls_ = 0;
};

TEST_F(ContainerNameTest, RootResolvesToRoot) { ExpectResolves("/", "/"); }

TEST_F(ContainerNameTest, DotNamesTheCallersContainer) {
  ExpectResolves(".", "/top");
  ExpectResolves("./", "/top");
}

TEST_F(ContainerNameTest, DotDotNamesTheCallersParent) {
  ExpectResolves("..", "/");
}

TEST_F(ContainerNameTest, RelativeNamesResolveUnderTheCallersContainer) {
  ExpectResolves("sub", "/top/sub");
  ExpectResolves("./sub", "/top/sub");
  ExpectResolves("sub/", "/top/sub");
  ExpectResolves("./sub/sub2", "/top/sub/sub2");
}

TEST_F(ContainerNameTest, RelativeNamesMayClimbToSiblings) {
  ExpectResolves("../sibling", "/sibling");
  ExpectResolves("./../sibling", "/sibling");
}

TEST_F(ContainerNameTest, RelativeNamesUnderRootCallerHaveOneSlash) {
  current_ = "/";
  ExpectResolves("sub", "/sub");
  ExpectResolves(".", "/");
}

TEST_F(ContainerNameTest, AbsoluteNamesAreUnchanged) {
  ExpectResolves("/sys", "/sys");
  ExpectResolves("/sys/sub", "/sys/sub");
  ExpectResolves("/sys/", "/sys");
}

TEST_F(ContainerNameTest, DotComponentsAreNormalisedAway) {
  ExpectResolves("/top/../test", "/test");
  ExpectResolves("/test/./././t1", "/test/t1");
}

TEST_F(ContainerNameTest, DotsInsideComponentsAreLiteral) {
  ExpectResolves("/test..", "/test..");
  ExpectResolves("/test..test", "/test..test");
  ExpectResolves("/test../x", "/test../x");
  ExpectResolves("/with.dots.in.name", "/with.dots.in.name");
}

TEST_F(ContainerNameTest, AbsoluteNamesDoNotAskForTheCurrentContainer) {
  ExpectResolves("/a/b", "/a/b");
  ExpectResolves("/", "/");
  ExpectInvalid("/..", "climbs above the root");
  EXPECT_EQ(current_calls_, 0);
}

TEST_F(ContainerNameTest, RelativeNamesAskForTheCurrentContainerOnce) {
  ExpectResolves("sub", "/top/sub");
  EXPECT_EQ(current_calls_, 1);
}

TEST_F(ContainerNameTest, CurrentContainerErrorIsReturnedUnchanged) {
  const absl::Status error = absl::NotFoundError("thread 42 has no freezer");
  absl::StatusOr<std::string> resolved = ResolveContainerName(
      "sub", [&]() -> absl::StatusOr<std::string> { return error; });
  EXPECT_EQ(resolved.status(), error);
}

TEST_F(ContainerNameTest, RelativeCurrentContainerIsAnInternalError) {
  current_ = "top";
  absl::StatusOr<std::string> resolved = Resolve("sub");
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(resolved.status().message(), HasSubstr("\"top\""));
}

TEST_F(ContainerNameTest, CurrentContainerWithInvalidComponentIsRefused) {
  current_ = "/user@1000.service";
  ExpectInvalid("sub", "invalid character '@'");
}

TEST_F(ContainerNameTest, EmptyNameIsRefused) {
  ExpectInvalid("", "container name \"\" is empty");
}

TEST_F(ContainerNameTest, EmptyComponentsAreRefused) {
  ExpectInvalid("a//b", "container name \"a//b\" has an empty path component");
  ExpectInvalid("//", "\"//\" has an empty path component");
  ExpectInvalid("//x", "\"//x\" has an empty path component");
  ExpectInvalid("/a//", "\"/a//\" has an empty path component");
  ExpectInvalid("sub//", "\"sub//\" has an empty path component");
}

TEST_F(ContainerNameTest, InvalidCharactersAreRefusedBeforeAskingCurrent) {
  ExpectInvalid("<", "container name \"<\" contains invalid character '<'");
  ExpectInvalid("+", "invalid character '+'");
  ExpectInvalid("/a b", "invalid character ' '");
  ExpectInvalid("/a:b", "invalid character ':'");
  ExpectInvalid("/a@b", "invalid character '@'");
  EXPECT_EQ(current_calls_, 0);
}

TEST_F(ContainerNameTest, NonAsciiIsRefusedAndEscapedInTheMessage) {
  ExpectInvalid("/caf\xc3\xa9", "invalid character '\\xc3'");
}

TEST_F(ContainerNameTest, ControlCharactersAreRefusedAndEscaped) {
  ExpectInvalid("/a\nb", "\"/a\\nb\" contains invalid character '\\n'");
  ExpectInvalid("/a\x01", "invalid character '\\x01'");
  ExpectInvalid(absl::string_view("/a\0b", 4), "invalid character '\\x00'");
}

TEST_F(ContainerNameTest, ComponentsMustStartAlphanumeric) {
  ExpectInvalid("/.bad", "component \".bad\" that does not start");
  ExpectInvalid("/_bad", "component \"_bad\" that does not start");
  ExpectInvalid("_bad", "component \"_bad\" that does not start");
  ExpectInvalid("../.bad", "component \".bad\" that does not start");
  ExpectInvalid("/-x", "component \"-x\" that does not start");
  ExpectInvalid("/a/-rf", "\"/a/-rf\" has component \"-rf\"");
}

TEST_F(ContainerNameTest, ClimbingAboveTheRootIsRefused) {
  ExpectInvalid("/..", "container name \"/..\" climbs above the root");
  ExpectInvalid("../..", "\"../..\" climbs above the root");
  ExpectInvalid("/a/../../x", "\"/a/../../x\" climbs above the root");
}

TEST_F(ContainerNameTest, ControlFileNamesAreReserved) {
  ExpectInvalid("/tasks", "component \"tasks\" that is reserved");
  ExpectInvalid("/a/cgroup.procs", "component \"cgroup.procs\"");
  ExpectInvalid("tasks", "\"tasks\" that is reserved");
  ExpectInvalid("/a/notify_on_release", "\"notify_on_release\"");
  ExpectInvalid("/release_agent", "\"release_agent\"");
  ExpectInvalid("/memory.limit_in_bytes", "\"memory.limit_in_bytes\"");
  ExpectInvalid("/cpu.shares", "\"cpu.shares\"");
  ExpectInvalid("/freezer.state", "\"freezer.state\"");
  ExpectInvalid("/memory.x", "\"memory.x\"");
  ExpectInvalid("/pids.max", "\"pids.max\"");
  ExpectInvalid("/net_cls.classid", "\"net_cls.classid\"");
}

TEST_F(ContainerNameTest, SubsystemLikeNamesWithoutControlSuffixAreAccepted) {
  for (absl::string_view name :
       {"memory", "cpu", "cgroup", "memoryhog", "cpus", "my.app", "task",
        "Tasks", "cpu_shares", "job1"}) {
    ExpectResolves(absl::StrCat("/", name), absl::StrCat("/", name));
  }
}

TEST_F(ContainerNameTest, ComponentOf254BytesIsAccepted) {
  const std::string component(254, 'a');
  ExpectResolves("/" + component, "/" + component);
}

TEST_F(ContainerNameTest, ComponentOf255BytesIsRefused) {
  ExpectInvalid("/" + std::string(255, 'a'),
                "has a component of 255 bytes (limit 254)");
}

TEST_F(ContainerNameTest, ResolvedNameOver4096BytesIsRefused) {
  std::string name;
  while (name.size() <= 4096) name += "/" + std::string(100, 'a');
  ExpectInvalid(name, "bytes (limit 4096)");
}

TEST_F(ContainerNameTest, ResolvedNameOf4096BytesIsAccepted) {
  std::string name;
  while (name.size() + 101 <= 4096) name += "/" + std::string(100, 'a');
  name += "/" + std::string(4096 - name.size() - 1, 'b');
  ASSERT_EQ(name.size(), 4096u);
  ExpectResolves(name, name);
}

TEST(IsValidNameComponentTest, AcceptsOrdinaryComponents) {
  EXPECT_TRUE(IsValidNameComponent("web"));
  EXPECT_TRUE(IsValidNameComponent("job-1.v2_x"));
  EXPECT_TRUE(IsValidNameComponent("9lives"));
}

TEST(IsValidNameComponentTest, RefusesForeignDirectoryNames) {
  EXPECT_FALSE(IsValidNameComponent(""));
  EXPECT_FALSE(IsValidNameComponent("."));
  EXPECT_FALSE(IsValidNameComponent(".."));
  EXPECT_FALSE(IsValidNameComponent(".hidden"));
  EXPECT_FALSE(IsValidNameComponent("a/b"));
  EXPECT_FALSE(IsValidNameComponent("user@1000.service"));
  EXPECT_FALSE(IsValidNameComponent("cgroup.procs"));
  EXPECT_FALSE(IsValidNameComponent("tasks"));
  EXPECT_FALSE(IsValidNameComponent(std::string(255, 'x')));
}

TEST(NameHelpersTest, ParentNameDropsTheLastComponent) {
  EXPECT_EQ(ParentName("/a/b"), "/a");
  EXPECT_EQ(ParentName("/a"), "/");
  EXPECT_EQ(ParentName("/"), "/");
}

TEST(NameHelpersTest, BaseNameIsTheLastComponent) {
  EXPECT_EQ(BaseName("/a/b"), "b");
  EXPECT_EQ(BaseName("/a"), "a");
  EXPECT_EQ(BaseName("/"), "");
}

TEST(NameHelpersTest, JoinNameAddsOneSlash) {
  EXPECT_EQ(JoinName("/", "x"), "/x");
  EXPECT_EQ(JoinName("/a", "x"), "/a/x");
  EXPECT_EQ(JoinName("/a/b", "x"), "/a/b/x");
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
