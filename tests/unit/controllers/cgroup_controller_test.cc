// SPDX-License-Identifier: Apache-2.0
// Tests of CgroupController against a mocked kernel.

#include "lmctfy/controllers/cgroup_controller.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/memory/web";

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

absl::StatusOr<std::vector<std::string>> Names(std::vector<std::string> names) {
  return names;
}

class CgroupControllerTest : public ::testing::Test {
 protected:
  StrictMock<MockKernelApi> kernel_;
  CgroupController controller_{CGROUP_MEMORY, kDir, kernel_};
};

TEST_F(CgroupControllerTest, AccessorsReportHierarchyAndPath) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_MEMORY);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(CgroupControllerTest, FilePathJoinsDirectoryAndFile) {
  EXPECT_EQ(controller_.FilePath("memory.stat"), InDir("memory.stat"));
  EXPECT_EQ(controller_.TasksFile(), InDir("tasks"));
}

TEST_F(CgroupControllerTest, ExistsAsksWhetherDirectoryExists) {
  EXPECT_CALL(kernel_, IsDirectory(Eq(kDir)))
      .WillOnce(Return(true))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.Exists());
  EXPECT_FALSE(controller_.Exists());
}

TEST_F(CgroupControllerTest, HasFileLooksInsideDirectory) {
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.memsw.limit_in_bytes"))))
      .WillOnce(Return(true));
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.kmem"))))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.HasFile("memory.memsw.limit_in_bytes"));
  EXPECT_FALSE(controller_.HasFile("memory.kmem"));
}

TEST_F(CgroupControllerTest, CreateDirectoryMakesDirectoryWithMode0755) {
  EXPECT_CALL(kernel_, MkDir(Eq(kDir), 0755))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.CreateDirectory().ok());
}

TEST_F(CgroupControllerTest, CreateDirectoryKeepsAlreadyExistsFromKernel) {
  EXPECT_CALL(kernel_, MkDir(Eq(kDir), 0755))
      .WillOnce(
          Return(absl::AlreadyExistsError(std::string(kDir) + ": exists")));

  absl::Status status = controller_.CreateDirectory();
  EXPECT_TRUE(absl::IsAlreadyExists(status));
  EXPECT_THAT(status.message(), HasSubstr(kDir));
}

absl::Status Busy(const std::string& dir) {
  return absl::FailedPreconditionError(dir + ": Device or resource busy");
}

TEST_F(CgroupControllerTest, DestroyOfALeafIsOneRmdir) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.Destroy().ok());
}

TEST_F(CgroupControllerTest, DestroyRemovesChildrenBeforeParents) {
  InSequence in_order;
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(Busy(kDir)));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(Names({"a", "d"})));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("a"))))
      .WillOnce(Return(Busy(InDir("a"))));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(InDir("a"))))
      .WillOnce(Return(Names({"b"})));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("a/b"))))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("a"))))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("d"))))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.Destroy().ok());
}

TEST_F(CgroupControllerTest, DestroyOfMissingDirectorySucceeds) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir)))
      .WillOnce(Return(absl::NotFoundError(std::string(kDir) + ": gone")));

  EXPECT_TRUE(controller_.Destroy().ok());
}

TEST_F(CgroupControllerTest, DestroyAcceptsDirectoryVanishingWhileListed) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(Busy(kDir)));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(absl::NotFoundError(std::string(kDir) + ": gone")));

  EXPECT_TRUE(controller_.Destroy().ok());
}

TEST_F(CgroupControllerTest, DestroyAcceptsDirectoryVanishingBeforeLastRmdir) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir)))
      .WillOnce(Return(Busy(kDir)))
      .WillOnce(Return(absl::NotFoundError(std::string(kDir) + ": gone")));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(Names({"a"})));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("a"))))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.Destroy().ok());
}

TEST_F(CgroupControllerTest, DestroyOfBusyLeafReturnsTheRmdirError) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(Busy(kDir)));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(Names({})));

  absl::Status status = controller_.Destroy();
  EXPECT_TRUE(absl::IsFailedPrecondition(status));
  EXPECT_THAT(status.message(), HasSubstr(kDir));
}

TEST_F(CgroupControllerTest, DestroyStopsAtFirstRmdirError) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(Busy(kDir)));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(Names({"busy", "never"})));
  EXPECT_CALL(kernel_, RmDir(Eq(InDir("busy"))))
      .WillOnce(Return(Busy(InDir("busy"))));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(InDir("busy"))))
      .WillOnce(Return(Names({})));

  absl::Status status = controller_.Destroy();
  EXPECT_TRUE(absl::IsFailedPrecondition(status));
  EXPECT_THAT(status.message(), HasSubstr(InDir("busy")));
}

TEST_F(CgroupControllerTest, DestroyReturnsListingError) {
  EXPECT_CALL(kernel_, RmDir(Eq(kDir))).WillOnce(Return(Busy(kDir)));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(
          Return(absl::PermissionDeniedError(std::string(kDir) + ": denied")));

  absl::Status status = controller_.Destroy();
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr(kDir));
}

TEST_F(CgroupControllerTest, ReadFileReturnsRawContents) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(Return(Contents("cache 4096\n")));

  absl::StatusOr<std::string> text = controller_.ReadFile("memory.stat");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "cache 4096\n");
}

TEST_F(CgroupControllerTest, ReadFileReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(Return(absl::NotFoundError(InDir("memory.stat") + ": none")));

  absl::StatusOr<std::string> text = controller_.ReadFile("memory.stat");
  EXPECT_TRUE(absl::IsNotFound(text.status()));
  EXPECT_THAT(text.status().message(), HasSubstr(InDir("memory.stat")));
}

TEST_F(CgroupControllerTest, WriteFileWritesValueToFile) {
  EXPECT_CALL(kernel_,
              WriteFile(Eq(InDir("memory.limit_in_bytes")), Eq("4096")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.WriteFile("memory.limit_in_bytes", "4096").ok());
}

TEST_F(CgroupControllerTest, WriteFileErrorNamesValueAndPath) {
  EXPECT_CALL(kernel_,
              WriteFile(Eq(InDir("memory.limit_in_bytes")), Eq("4096")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.WriteFile("memory.limit_in_bytes", "4096");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_EQ(status.message(), "writing \"4096\" to " +
                                  InDir("memory.limit_in_bytes") +
                                  ": Invalid argument");
}

TEST_F(CgroupControllerTest, WriteFileKeepsKernelMessageNamingValueAndPath) {
  const std::string file = InDir("memory.limit_in_bytes");
  const std::string message =
      "writing \"4096\" to " + file + ": Invalid argument";
  EXPECT_CALL(kernel_, WriteFile(Eq(file), Eq("4096")))
      .WillOnce(Return(absl::InvalidArgumentError(message)));

  absl::Status status = controller_.WriteFile("memory.limit_in_bytes", "4096");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_EQ(status.message(), message);
}

TEST_F(CgroupControllerTest, WriteFileAddsValueToKernelMessageNamingPath) {
  const std::string file = InDir("memory.limit_in_bytes");
  EXPECT_CALL(kernel_, WriteFile(Eq(file), Eq("4096")))
      .WillOnce(
          Return(absl::InvalidArgumentError(file + ": Invalid argument")));

  absl::Status status = controller_.WriteFile("memory.limit_in_bytes", "4096");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"4096\""));
  EXPECT_THAT(status.message(), HasSubstr(file));
}

TEST_F(CgroupControllerTest, ReadIntIgnoresSurroundingWhitespace) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpu.cfs_quota_us"))))
      .WillOnce(Return(Contents(" -1\n")));

  absl::StatusOr<int64_t> value = controller_.ReadInt("cpu.cfs_quota_us");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, -1);
}

TEST_F(CgroupControllerTest, ReadIntSaturatesValuesAboveInt64Max) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.limit_in_bytes"))))
      .WillOnce(Return(Contents("18446744073709551615\n")));

  absl::StatusOr<int64_t> value = controller_.ReadInt("memory.limit_in_bytes");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, std::numeric_limits<int64_t>::max());
}

TEST_F(CgroupControllerTest, ReadIntRejectsTextThatIsNotAnInteger) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.failcnt"))))
      .WillOnce(Return(Contents("lots\n")));

  absl::StatusOr<int64_t> value = controller_.ReadInt("memory.failcnt");
  EXPECT_TRUE(absl::IsInternal(value.status()));
  EXPECT_THAT(value.status().message(), HasSubstr(InDir("memory.failcnt")));
  EXPECT_THAT(value.status().message(), HasSubstr("\"lots\""));
}

TEST_F(CgroupControllerTest, ReadIntRejectsEmptyFile) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.failcnt"))))
      .WillOnce(Return(Contents("\n")));

  absl::StatusOr<int64_t> value = controller_.ReadInt("memory.failcnt");
  EXPECT_TRUE(absl::IsInternal(value.status()));
  EXPECT_THAT(value.status().message(), HasSubstr(InDir("memory.failcnt")));
}

TEST_F(CgroupControllerTest, ReadIntReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.failcnt"))))
      .WillOnce(Return(absl::NotFoundError(InDir("memory.failcnt"))));

  absl::StatusOr<int64_t> value = controller_.ReadInt("memory.failcnt");
  EXPECT_TRUE(absl::IsNotFound(value.status()));
  EXPECT_THAT(value.status().message(), HasSubstr(InDir("memory.failcnt")));
}

TEST_F(CgroupControllerTest, ReadUintReadsFullUnsignedRange) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuacct.usage"))))
      .WillOnce(Return(Contents("18446744073709551615\n")));

  absl::StatusOr<uint64_t> value = controller_.ReadUint("cpuacct.usage");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, std::numeric_limits<uint64_t>::max());
}

TEST_F(CgroupControllerTest, ReadUintRejectsNegativeValue) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpu.shares"))))
      .WillOnce(Return(Contents("-5\n")));

  absl::StatusOr<uint64_t> value = controller_.ReadUint("cpu.shares");
  EXPECT_TRUE(absl::IsInternal(value.status()));
  EXPECT_THAT(value.status().message(), HasSubstr(InDir("cpu.shares")));
  EXPECT_THAT(value.status().message(), HasSubstr("\"-5\""));
}

TEST_F(CgroupControllerTest, ReadUintReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpu.shares"))))
      .WillOnce(Return(absl::PermissionDeniedError(InDir("cpu.shares"))));

  absl::StatusOr<uint64_t> value = controller_.ReadUint("cpu.shares");
  EXPECT_TRUE(absl::IsPermissionDenied(value.status()));
  EXPECT_THAT(value.status().message(), HasSubstr(InDir("cpu.shares")));
}

TEST_F(CgroupControllerTest, WriteIntWritesDecimalWithoutNewline) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpu.cfs_quota_us")), Eq("-1")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.WriteInt("cpu.cfs_quota_us", -1).ok());
}

TEST_F(CgroupControllerTest, WriteUintWritesDecimalWithoutNewline) {
  EXPECT_CALL(kernel_,
              WriteFile(Eq(InDir("cpu.shares")), Eq("18446744073709551615")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(
      controller_.WriteUint("cpu.shares", std::numeric_limits<uint64_t>::max())
          .ok());
}

TEST_F(CgroupControllerTest, WriteIntErrorNamesValue) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpu.cfs_quota_us")), Eq("7")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.WriteInt("cpu.cfs_quota_us", 7);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"7\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.cfs_quota_us")));
}

TEST_F(CgroupControllerTest, ReadKeyValuesKeepsFileOrderAndSkipsBlankLines) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(
          Return(Contents("rss 8192\n\ncache 4096\nhierarchical_memory_limit "
                          "18446744073709551615\nodd -3\n")));

  auto pairs = controller_.ReadKeyValues("memory.stat");
  ASSERT_TRUE(pairs.ok());
  EXPECT_THAT(*pairs, ElementsAre(Pair("rss", 8192), Pair("cache", 4096),
                                  Pair("hierarchical_memory_limit",
                                       std::numeric_limits<int64_t>::max()),
                                  Pair("odd", -3)));
}

TEST_F(CgroupControllerTest, ReadKeyValuesRejectsLineWithoutValue) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(Return(Contents("rss 8192\ncache\n")));

  auto pairs = controller_.ReadKeyValues("memory.stat");
  EXPECT_TRUE(absl::IsInternal(pairs.status()));
  EXPECT_THAT(pairs.status().message(), HasSubstr(InDir("memory.stat")));
  EXPECT_THAT(pairs.status().message(), HasSubstr("\"cache\""));
}

TEST_F(CgroupControllerTest, ReadKeyValuesRejectsNonNumericValue) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(Return(Contents("rss many\n")));

  auto pairs = controller_.ReadKeyValues("memory.stat");
  EXPECT_TRUE(absl::IsInternal(pairs.status()));
  EXPECT_THAT(pairs.status().message(), HasSubstr("\"rss many\""));
}

TEST_F(CgroupControllerTest, ReadKeyValuesReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("memory.stat"))))
      .WillOnce(Return(absl::NotFoundError(InDir("memory.stat"))));

  auto pairs = controller_.ReadKeyValues("memory.stat");
  EXPECT_TRUE(absl::IsNotFound(pairs.status()));
  EXPECT_THAT(pairs.status().message(), HasSubstr(InDir("memory.stat")));
}

TEST_F(CgroupControllerTest, ReadIntListSplitsOnAnyWhitespace) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuacct.usage_percpu"))))
      .WillOnce(Return(Contents("10 20\t30 \n")));

  auto values = controller_.ReadIntList("cpuacct.usage_percpu");
  ASSERT_TRUE(values.ok());
  EXPECT_THAT(*values, ElementsAre(10, 20, 30));
}

TEST_F(CgroupControllerTest, ReadIntListRejectsWordThatIsNotAnInteger) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuacct.usage_percpu"))))
      .WillOnce(Return(Contents("10 x2 30\n")));

  auto values = controller_.ReadIntList("cpuacct.usage_percpu");
  EXPECT_TRUE(absl::IsInternal(values.status()));
  EXPECT_THAT(values.status().message(),
              HasSubstr(InDir("cpuacct.usage_percpu")));
  EXPECT_THAT(values.status().message(), HasSubstr("\"x2\""));
}

TEST_F(CgroupControllerTest, ReadIntListReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuacct.usage_percpu"))))
      .WillOnce(Return(absl::NotFoundError(InDir("cpuacct.usage_percpu"))));

  auto values = controller_.ReadIntList("cpuacct.usage_percpu");
  EXPECT_TRUE(absl::IsNotFound(values.status()));
}

TEST_F(CgroupControllerTest, EnterThreadWritesTidToTasks) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("tasks")), Eq("1234")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.EnterThread(1234).ok());
}

TEST_F(CgroupControllerTest, EnterThreadErrorNamesTidAndTasksFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("tasks")), Eq("1234")))
      .WillOnce(Return(absl::NotFoundError("No such process")));

  absl::Status status = controller_.EnterThread(1234);
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_THAT(status.message(), HasSubstr("1234"));
  EXPECT_THAT(status.message(), HasSubstr(InDir("tasks")));
}

TEST_F(CgroupControllerTest, EnterProcessWritesPidToCgroupProcs) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cgroup.procs")), Eq("99")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.EnterProcess(99).ok());
}

TEST_F(CgroupControllerTest, EnterProcessErrorNamesPidAndProcsFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cgroup.procs")), Eq("99")))
      .WillOnce(Return(absl::PermissionDeniedError("Permission denied")));

  absl::Status status = controller_.EnterProcess(99);
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr("99"));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cgroup.procs")));
}

TEST_F(CgroupControllerTest, GetThreadsReadsTasksInFileOrder) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("tasks"))))
      .WillOnce(Return(Contents("30\n10\n20\n")));

  auto tids = controller_.GetThreads();
  ASSERT_TRUE(tids.ok());
  EXPECT_THAT(*tids, ElementsAre(30, 10, 20));
}

TEST_F(CgroupControllerTest, GetThreadsOfEmptyCgroupIsEmpty) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("tasks"))))
      .WillOnce(Return(Contents("")));

  auto tids = controller_.GetThreads();
  ASSERT_TRUE(tids.ok());
  EXPECT_THAT(*tids, IsEmpty());
}

TEST_F(CgroupControllerTest, GetThreadsRejectsWordThatIsNotATid) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("tasks"))))
      .WillOnce(Return(Contents("30\nzz\n")));

  auto tids = controller_.GetThreads();
  EXPECT_TRUE(absl::IsInternal(tids.status()));
  EXPECT_THAT(tids.status().message(), HasSubstr(InDir("tasks")));
  EXPECT_THAT(tids.status().message(), HasSubstr("\"zz\""));
}

TEST_F(CgroupControllerTest, GetThreadsReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("tasks"))))
      .WillOnce(Return(absl::NotFoundError(InDir("tasks"))));

  auto tids = controller_.GetThreads();
  EXPECT_TRUE(absl::IsNotFound(tids.status()));
  EXPECT_THAT(tids.status().message(), HasSubstr(InDir("tasks")));
}

TEST_F(CgroupControllerTest, GetProcessesReadsCgroupProcsInFileOrder) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cgroup.procs"))))
      .WillOnce(Return(Contents("7\n3\n")));

  auto pids = controller_.GetProcesses();
  ASSERT_TRUE(pids.ok());
  EXPECT_THAT(*pids, ElementsAre(7, 3));
}

TEST_F(CgroupControllerTest, GetProcessesRejectsPidOutOfRange) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cgroup.procs"))))
      .WillOnce(Return(Contents("99999999999\n")));

  auto pids = controller_.GetProcesses();
  EXPECT_TRUE(absl::IsInternal(pids.status()));
  EXPECT_THAT(pids.status().message(), HasSubstr(InDir("cgroup.procs")));
  EXPECT_THAT(pids.status().message(), HasSubstr("99999999999"));
}

TEST_F(CgroupControllerTest, GetProcessesReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cgroup.procs"))))
      .WillOnce(Return(absl::NotFoundError(InDir("cgroup.procs"))));

  auto pids = controller_.GetProcesses();
  EXPECT_TRUE(absl::IsNotFound(pids.status()));
  EXPECT_THAT(pids.status().message(), HasSubstr(InDir("cgroup.procs")));
}

TEST_F(CgroupControllerTest, GetSubdirectoriesListsChildNames) {
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(Names({"b", "a"})));

  auto names = controller_.GetSubdirectories();
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ElementsAre("b", "a"));
}

TEST_F(CgroupControllerTest, GetSubdirectoriesReturnsKernelError) {
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(absl::NotFoundError(kDir)));

  auto names = controller_.GetSubdirectories();
  EXPECT_TRUE(absl::IsNotFound(names.status()));
  EXPECT_THAT(names.status().message(), HasSubstr(kDir));
}

TEST_F(CgroupControllerTest, DelegateChownsDirectoryControlFilesAndExtras) {
  EXPECT_CALL(kernel_, Chown(Eq(kDir), 1000, -1))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("tasks")), 1000, -1))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("cgroup.procs")), 1000, -1))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.limit_in_bytes"))))
      .WillOnce(Return(true));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("memory.limit_in_bytes")), 1000, -1))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.absent"))))
      .WillOnce(Return(false));

  EXPECT_TRUE(
      controller_.Delegate(1000, -1, {"memory.limit_in_bytes", "memory.absent"})
          .ok());
}

TEST_F(CgroupControllerTest, DelegateStopsWhenDirectoryChownFails) {
  EXPECT_CALL(kernel_, Chown(Eq(kDir), 1000, 1000))
      .WillOnce(Return(
          absl::PermissionDeniedError(std::string(kDir) + ": not permitted")));

  absl::Status status = controller_.Delegate(1000, 1000, {"memory.stat"});
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr(kDir));
}

TEST_F(CgroupControllerTest, DelegateReturnsErrorOfControlFile) {
  EXPECT_CALL(kernel_, Chown(Eq(kDir), 5, 6))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("tasks")), 5, 6))
      .WillOnce(Return(absl::PermissionDeniedError(InDir("tasks"))));

  absl::Status status = controller_.Delegate(5, 6, {});
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr(InDir("tasks")));
}

TEST_F(CgroupControllerTest, DelegateReturnsErrorOfExtraFile) {
  EXPECT_CALL(kernel_, Chown(Eq(kDir), 5, 6))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("tasks")), 5, 6))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("cgroup.procs")), 5, 6))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.stat"))))
      .WillOnce(Return(true));
  EXPECT_CALL(kernel_, Chown(Eq(InDir("memory.stat")), 5, 6))
      .WillOnce(Return(absl::PermissionDeniedError(InDir("memory.stat"))));

  absl::Status status = controller_.Delegate(5, 6, {"memory.stat"});
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr(InDir("memory.stat")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
