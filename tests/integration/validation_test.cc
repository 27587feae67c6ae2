// SPDX-License-Identifier: Apache-2.0
// Hostile container names and specs are refused by `lmctfy create`, `update`
// and the library with INVALID_ARGUMENT (exit 3) before anything reaches the
// kernel: no cgroup is made and no cgroup file changes.

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr char kGoodSpec[] = "memory { limit: 67108864 }";

// One refused input, a readable name for the test it becomes and, when not
// empty, a fragment the error message must contain (the field and value).
struct BadInput {
  BadInput(std::string label_in, std::string value_in,
           std::string mentions_in = "")
      : label(std::move(label_in)),
        value(std::move(value_in)),
        mentions(std::move(mentions_in)) {}

  std::string label;
  std::string value;
  std::string mentions;
};

std::string Label(const ::testing::TestParamInfo<BadInput>& info) {
  return info.param.label;
}

// An absolute name of `bytes` bytes made of valid 200-byte components.
std::string LongName(size_t bytes) {
  std::string name;
  while (name.size() < bytes) {
    name += "/" + std::string(200, 'c');
  }
  return name.substr(0, bytes);
}

class BadNameTest : public IntegrationTest,
                    public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadNameTest, CreateRefusesTheNameAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created = RunCli({"create", GetParam().value, kGoodSpec});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_THAT(
      created.err,
      ::testing::HasSubstr(absl::CHexEscape(GetParam().value.substr(0, 40))));
  EXPECT_EQ(AllCgroupDirs(), before);
}

TEST_P(BadNameTest, LibraryCreateRefusesTheNameAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(64 << 20);

  const auto created = api().Create(GetParam().value, spec);

  EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument)
      << created.status();
  EXPECT_EQ(AllCgroupDirs(), before);
}

TEST_P(BadNameTest, OtherCommandsRefuseTheNameToo) {
  for (const char* command : {"destroy", "spec"}) {
    const CommandResult result = RunCli({command, GetParam().value});
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Names, BadNameTest,
    ::testing::Values(
        BadInput{"EmptyComponent", "a//b"},
        BadInput{"LeadingDoubleSlash", "//x"},
        BadInput{"DotDotAboveRoot", "/.."},
        BadInput{"DotDotEscapingRoot", "/a/../../x"},
        BadInput{"TasksFile", "/tasks"},
        BadInput{"ProcsFile", "/a/cgroup.procs"},
        BadInput{"ControlFile", "/memory.limit_in_bytes"},
        BadInput{"Space", "bad name"}, BadInput{"Plus", "/a+b"},
        BadInput{"Hidden", "/.hidden"}, BadInput{"LeadingDash", "/-x"},
        BadInput{"LongComponent", "/" + std::string(300, 'n')},
        BadInput{"NonAscii", "/\xc3\xa9"},
        BadInput{"RelativeEscapingRoot", "a/../../x"},
        BadInput{"ParentOfRoot", "/a/../.."},
        BadInput{"TrailingDoubleSlash", "/a//"}, BadInput{"BareTasks", "tasks"},
        BadInput{"NotifyOnRelease", "/a/notify_on_release"},
        BadInput{"ReleaseAgent", "/release_agent"},
        BadInput{"CloneChildren", "/cgroup.clone_children"},
        BadInput{"FreezerState", "/a/freezer.state"},
        BadInput{"CpuShares", "/cpu.shares"}, BadInput{"Newline", "/a\nb"},
        BadInput{"Tab", "/a\tb"}, BadInput{"ControlByte", "/a\x01"},
        BadInput{"NonAsciiInside", "/caf\xc3\xa9/x"},
        BadInput{"Component255Bytes", "/" + std::string(255, 'n')},
        BadInput{"Name4097Bytes", LongName(4097)},
        BadInput{"LeadingDashInside", "/a/-rf"}, BadInput{"Empty", ""}),
    Label);

using NameBoundaryTest = IntegrationTest;

// The longest component allowed (254 bytes) is accepted, so the refusals
// above are about length and not about something else in the name.
TEST_F(NameBoundaryTest, Component254BytesIsAccepted) {
  const std::string name = "/" + std::string(254, 'n');

  const CommandResult created = RunCli({"create", name, kGoodSpec});
  if (created.exit_code == 0) DestroyAtTearDown(name);

  EXPECT_EQ(created.exit_code, 0) << created;
  EXPECT_TRUE(CgroupExists("freezer", name));
}

class BadSpecTest : public IntegrationTest,
                    public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadSpecTest, CreateRefusesTheSpecAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created =
      RunCli({"create", "/specfail", GetParam().value});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_THAT(created.err, ::testing::HasSubstr(GetParam().mentions));
  EXPECT_EQ(AllCgroupDirs(), before);
}

// The files an update of /victim could touch, with their contents.
std::map<std::string, std::string> VictimFiles() {
  std::map<std::string, std::string> files;
  for (const char* file :
       {"memory.limit_in_bytes", "memory.soft_limit_in_bytes",
        "memory.memsw.limit_in_bytes"}) {
    const std::string path = CgroupDir("memory", "/victim") + "/" + file;
    if (access(path.c_str(), F_OK) == 0) files[path] = ReadFileOrFail(path);
  }
  for (const char* file : {"cpu.shares", "cpu.cfs_quota_us"}) {
    const std::string path = CgroupDir("cpu", "/victim") + "/" + file;
    if (access(path.c_str(), F_OK) == 0) files[path] = ReadFileOrFail(path);
  }
  files["cpuset.cpus"] = ReadCgroupFile("cpuset", "/victim", "cpuset.cpus");
  return files;
}

TEST_P(BadSpecTest, UpdateRefusesTheSpecAndChangesNoFile) {
  CreateWithCli("/victim",
                "memory { limit: 67108864 reservation: 33554432 } "
                "cpu { limit: 500 }");
  const std::set<std::string> dirs_before = AllCgroupDirs();
  const std::map<std::string, std::string> files_before = VictimFiles();

  const CommandResult updated =
      RunCli({"update", "diff", "/victim", GetParam().value});

  EXPECT_EQ(updated.exit_code, 3) << updated;
  EXPECT_THAT(updated.err, ::testing::HasSubstr(GetParam().mentions));
  EXPECT_EQ(AllCgroupDirs(), dirs_before);
  EXPECT_EQ(VictimFiles(), files_before);
}

INSTANTIATE_TEST_SUITE_P(
    Specs, BadSpecTest,
    ::testing::Values(
        BadInput{"UnclosedBrace", "memory {", "neither a text nor a binary"},
        BadInput{"UnknownField", "nosuchfield: 1", "named \"nosuchfield\""},
        BadInput{"UnknownNestedField", "memory { nosuch: 1 }",
                 "MemorySpec\" has no field named \"nosuch\""},
        BadInput{"NegativeUnsigned", "cpu { limit: -1 }",
                 "1:14: Expected integer"},
        BadInput{"WrongValueType", "memory { limit: x }",
                 "Expected integer, got: x"},
        BadInput{"GarbageBytes", "\xff\xfe\xfd\x01junk\x80", "neither a text"},
        BadInput{"TwoToThe63", "memory { limit: 9223372036854775808 }",
                 "out of range (9223372036854775808)"},
        BadInput{"MemoryLimitMinusTwo", "memory { limit: -2 }",
                 "memory.limit -2"},
        BadInput{"MemoryLimitZero", "memory { limit: 0 }", "memory.limit 0"},
        BadInput{"MemoryLimitBelowOnePage", "memory { limit: 1000 }",
                 "memory.limit 1000 is below one page"},
        BadInput{"ReservationMinusTwo", "memory { reservation: -2 }",
                 "memory.reservation -2"},
        BadInput{"SwapLimitNegative", "memory { swap_limit: -5 }",
                 "memory.swap_limit -5"},
        BadInput{"EvictionPriorityNegative", "memory { eviction_priority: -2 }",
                 "memory.eviction_priority -2"},
        BadInput{"CpuLimitHuge", "cpu { limit: 9223372036854775808 }",
                 "cpu.limit 9223372036854775808"},
        BadInput{"CpuMaxLimitZero", "cpu { max_limit: 0 }", "cpu.max_limit 0"},
        BadInput{"CpuMaskEmpty", "cpu { mask { data: 0 } }", "cpu.mask"}),
    Label);

class BadConfigFileTest : public IntegrationTest {
 protected:
  // A file in the test's temporary directory holding `contents`.
  std::string WriteConfig(const std::string& name,
                          const std::string& contents) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string path =
        std::string(tmp != nullptr ? tmp : "/tmp") + "/lmctfy_it_" + name;
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0) << path;
    if (fd >= 0) {
      EXPECT_EQ(write(fd, contents.data(), contents.size()),
                static_cast<ssize_t>(contents.size()));
      close(fd);
    }
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& path : paths_) unlink(path.c_str());
    IntegrationTest::TearDown();
  }

 private:
  std::vector<std::string> paths_;
};

TEST_F(BadConfigFileTest, MissingConfigFileIsRefusedAndNothingIsMade) {
  const std::string path = WriteConfig("missing", "");
  unlink(path.c_str());
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created = RunCli({"create", "-c", path, "/fromfile"});

  EXPECT_NE(created.exit_code, 0) << created;
  EXPECT_THAT(created.err, ::testing::HasSubstr(path));
  EXPECT_EQ(AllCgroupDirs(), before);
}

TEST_F(BadConfigFileTest, GarbageConfigFileIsRefusedAndNothingIsMade) {
  const std::string path = WriteConfig("garbage", "\x08\x96\x01\xff\xff\xff");
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created = RunCli({"create", "-c", path, "/fromfile"});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_THAT(created.err, ::testing::HasSubstr(path));
  EXPECT_EQ(AllCgroupDirs(), before);
}

using ImpossibleSpecTest = IntegrationTest;

// A spec that parses but asks for something impossible is refused too, and
// the refusal leaves nothing half-made.
TEST_F(ImpossibleSpecTest,
       CpuLimitAboveTheKernelMaximumIsRefusedBeforeAnyMkdir) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created =
      RunCli({"create", "/toomuch", "cpu { limit: 100000000 }"});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_EQ(AllCgroupDirs(), before);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
