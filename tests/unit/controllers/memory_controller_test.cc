// SPDX-License-Identifier: Apache-2.0
// Tests of MemoryController against a mocked kernel.

#include "lmctfy/controllers/memory_controller.h"

#include <cstdint>
#include <limits>
#include <string>

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
using ::testing::Pair;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/memory/web";
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class MemoryControllerTest : public ::testing::Test {
 protected:
  void ExpectRead(const std::string& file, const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(Contents(text)));
  }
  void ExpectReadFails(const std::string& file) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(absl::NotFoundError(InDir(file) + ": missing")));
  }
  void ExpectWrite(const std::string& file, const std::string& value) {
    EXPECT_CALL(kernel_, WriteFile(Eq(InDir(file)), Eq(value)))
        .WillOnce(Return(absl::OkStatus()));
  }
  void ExpectWriteFails(const std::string& file, const std::string& value) {
    EXPECT_CALL(kernel_, WriteFile(Eq(InDir(file)), Eq(value)))
        .WillOnce(Return(absl::ResourceExhaustedError("Device or busy")));
  }

  // Runs `set` against a failing write and checks the message.
  template <typename Set>
  void CheckWriteError(const std::string& file, Set set) {
    ExpectWriteFails(file, "4096");

    absl::Status status = set(4096);
    EXPECT_TRUE(absl::IsResourceExhausted(status));
    EXPECT_THAT(status.message(), HasSubstr("\"4096\""));
    EXPECT_THAT(status.message(), HasSubstr(InDir(file)));
  }

  // Runs `get` against a failing read and checks the message.
  template <typename Get>
  void CheckReadError(const std::string& file, Get get) {
    ExpectReadFails(file);

    absl::StatusOr<int64_t> value = get();
    EXPECT_TRUE(absl::IsNotFound(value.status()));
    EXPECT_THAT(value.status().message(), HasSubstr(InDir(file)));
  }

  StrictMock<MockKernelApi> kernel_;
  MemoryController controller_{kDir, kernel_};
};

TEST_F(MemoryControllerTest, BelongsToMemoryHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_MEMORY);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(MemoryControllerTest, SetLimitWritesBytesToLimitFile) {
  ExpectWrite("memory.limit_in_bytes", "536870912");

  EXPECT_TRUE(controller_.SetLimitBytes(536870912).ok());
}

TEST_F(MemoryControllerTest, SetLimitWritesMinusOneToLiftLimit) {
  ExpectWrite("memory.limit_in_bytes", "-1");

  EXPECT_TRUE(controller_.SetLimitBytes(-1).ok());
}

TEST_F(MemoryControllerTest, SetLimitErrorNamesValueAndFile) {
  CheckWriteError("memory.limit_in_bytes",
                  [this](int64_t v) { return controller_.SetLimitBytes(v); });
}

TEST_F(MemoryControllerTest, GetLimitReadsUnlimitedAsKernelMaximum) {
  ExpectRead("memory.limit_in_bytes", "9223372036854771712\n");

  absl::StatusOr<int64_t> limit = controller_.GetLimitBytes();
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(*limit, 9223372036854771712);
}

TEST_F(MemoryControllerTest, GetLimitSaturatesValuesAboveInt64Max) {
  ExpectRead("memory.limit_in_bytes", "18446744073709551615\n");

  absl::StatusOr<int64_t> limit = controller_.GetLimitBytes();
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(*limit, kInt64Max);
}

TEST_F(MemoryControllerTest, GetLimitRejectsGarbage) {
  ExpectRead("memory.limit_in_bytes", "max\n");

  absl::StatusOr<int64_t> limit = controller_.GetLimitBytes();
  EXPECT_TRUE(absl::IsInternal(limit.status()));
  EXPECT_THAT(limit.status().message(),
              HasSubstr(InDir("memory.limit_in_bytes")));
  EXPECT_THAT(limit.status().message(), HasSubstr("\"max\""));
}

TEST_F(MemoryControllerTest, GetLimitReturnsKernelError) {
  CheckReadError("memory.limit_in_bytes",
                 [this] { return controller_.GetLimitBytes(); });
}

TEST_F(MemoryControllerTest, SetSoftLimitWritesSoftLimitFile) {
  ExpectWrite("memory.soft_limit_in_bytes", "1048576");

  EXPECT_TRUE(controller_.SetSoftLimitBytes(1048576).ok());
}

TEST_F(MemoryControllerTest, SetSoftLimitErrorNamesValueAndFile) {
  CheckWriteError("memory.soft_limit_in_bytes", [this](int64_t v) {
    return controller_.SetSoftLimitBytes(v);
  });
}

TEST_F(MemoryControllerTest, GetSoftLimitReadsSoftLimitFile) {
  ExpectRead("memory.soft_limit_in_bytes", "1048576\n");

  absl::StatusOr<int64_t> limit = controller_.GetSoftLimitBytes();
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(*limit, 1048576);
}

TEST_F(MemoryControllerTest, GetSoftLimitReturnsKernelError) {
  CheckReadError("memory.soft_limit_in_bytes",
                 [this] { return controller_.GetSoftLimitBytes(); });
}

TEST_F(MemoryControllerTest, HasSwapLimitChecksMemswFile) {
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("memory.memsw.limit_in_bytes"))))
      .WillOnce(Return(true))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.HasSwapLimit());
  EXPECT_FALSE(controller_.HasSwapLimit());
}

TEST_F(MemoryControllerTest, SetSwapLimitWritesMemswFile) {
  ExpectWrite("memory.memsw.limit_in_bytes", "2097152");

  EXPECT_TRUE(controller_.SetSwapLimitBytes(2097152).ok());
}

TEST_F(MemoryControllerTest, SetSwapLimitErrorNamesValueAndFile) {
  CheckWriteError("memory.memsw.limit_in_bytes", [this](int64_t v) {
    return controller_.SetSwapLimitBytes(v);
  });
}

TEST_F(MemoryControllerTest, GetSwapLimitReadsMemswFile) {
  ExpectRead("memory.memsw.limit_in_bytes", "2097152\n");

  absl::StatusOr<int64_t> limit = controller_.GetSwapLimitBytes();
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(*limit, 2097152);
}

TEST_F(MemoryControllerTest, GetSwapLimitReturnsKernelError) {
  CheckReadError("memory.memsw.limit_in_bytes",
                 [this] { return controller_.GetSwapLimitBytes(); });
}

TEST_F(MemoryControllerTest, GetUsageReadsUsageFile) {
  ExpectRead("memory.usage_in_bytes", "733184\n");

  absl::StatusOr<int64_t> usage = controller_.GetUsageBytes();
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(*usage, 733184);
}

TEST_F(MemoryControllerTest, GetUsageReturnsKernelError) {
  CheckReadError("memory.usage_in_bytes",
                 [this] { return controller_.GetUsageBytes(); });
}

TEST_F(MemoryControllerTest, GetMaxUsageReadsMaxUsageFile) {
  ExpectRead("memory.max_usage_in_bytes", "999424\n");

  absl::StatusOr<int64_t> usage = controller_.GetMaxUsageBytes();
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(*usage, 999424);
}

TEST_F(MemoryControllerTest, GetMaxUsageReturnsKernelError) {
  CheckReadError("memory.max_usage_in_bytes",
                 [this] { return controller_.GetMaxUsageBytes(); });
}

TEST_F(MemoryControllerTest, GetFailCountReadsFailcnt) {
  ExpectRead("memory.failcnt", "12\n");

  absl::StatusOr<int64_t> count = controller_.GetFailCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 12);
}

TEST_F(MemoryControllerTest, GetFailCountReturnsKernelError) {
  CheckReadError("memory.failcnt",
                 [this] { return controller_.GetFailCount(); });
}

TEST_F(MemoryControllerTest, GetStatReturnsPairsInFileOrder) {
  ExpectRead("memory.stat",
             "cache 4096\nrss 8192\nhierarchical_memory_limit "
             "9223372036854771712\ntotal_rss 18446744073709551615\n");

  auto stat = controller_.GetStat();
  ASSERT_TRUE(stat.ok());
  EXPECT_THAT(
      *stat, ElementsAre(Pair("cache", 4096), Pair("rss", 8192),
                         Pair("hierarchical_memory_limit", 9223372036854771712),
                         Pair("total_rss", kInt64Max)));
}

TEST_F(MemoryControllerTest, GetStatRejectsMalformedLine) {
  ExpectRead("memory.stat", "cache 4096\nrss\n");

  auto stat = controller_.GetStat();
  EXPECT_TRUE(absl::IsInternal(stat.status()));
  EXPECT_THAT(stat.status().message(), HasSubstr(InDir("memory.stat")));
  EXPECT_THAT(stat.status().message(), HasSubstr("\"rss\""));
}

TEST_F(MemoryControllerTest, GetStatReturnsKernelError) {
  ExpectReadFails("memory.stat");

  auto stat = controller_.GetStat();
  EXPECT_TRUE(absl::IsNotFound(stat.status()));
  EXPECT_THAT(stat.status().message(), HasSubstr(InDir("memory.stat")));
}

TEST_F(MemoryControllerTest, GetOomControlReadsAllThreeFields) {
  ExpectRead("memory.oom_control",
             "oom_kill_disable 1\nunder_oom 1\noom_kill 3\n");

  auto control = controller_.GetOomControl();
  ASSERT_TRUE(control.ok());
  EXPECT_TRUE(control->oom_kill_disable);
  EXPECT_TRUE(control->under_oom);
  EXPECT_EQ(control->oom_kill, 3);
}

TEST_F(MemoryControllerTest, GetOomControlWithoutKillCounterReportsZero) {
  ExpectRead("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");

  auto control = controller_.GetOomControl();
  ASSERT_TRUE(control.ok());
  EXPECT_FALSE(control->oom_kill_disable);
  EXPECT_FALSE(control->under_oom);
  EXPECT_EQ(control->oom_kill, 0);
}

TEST_F(MemoryControllerTest, GetOomControlRejectsMissingUnderOom) {
  ExpectRead("memory.oom_control", "oom_kill_disable 0\n");

  auto control = controller_.GetOomControl();
  EXPECT_TRUE(absl::IsInternal(control.status()));
  EXPECT_THAT(control.status().message(),
              HasSubstr(InDir("memory.oom_control")));
  EXPECT_THAT(control.status().message(), HasSubstr("\"under_oom\""));
}

TEST_F(MemoryControllerTest, GetOomControlRejectsMissingKillDisable) {
  ExpectRead("memory.oom_control", "under_oom 0\n");

  auto control = controller_.GetOomControl();
  EXPECT_TRUE(absl::IsInternal(control.status()));
  EXPECT_THAT(control.status().message(), HasSubstr("\"oom_kill_disable\""));
}

TEST_F(MemoryControllerTest, GetOomControlRejectsMalformedLine) {
  ExpectRead("memory.oom_control", "oom_kill_disable yes\n");

  auto control = controller_.GetOomControl();
  EXPECT_TRUE(absl::IsInternal(control.status()));
  EXPECT_THAT(control.status().message(),
              HasSubstr(InDir("memory.oom_control")));
  EXPECT_THAT(control.status().message(), HasSubstr("oom_kill_disable yes"));
}

TEST_F(MemoryControllerTest, GetOomControlReturnsKernelError) {
  ExpectReadFails("memory.oom_control");

  auto control = controller_.GetOomControl();
  EXPECT_TRUE(absl::IsNotFound(control.status()));
  EXPECT_THAT(control.status().message(),
              HasSubstr(InDir("memory.oom_control")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
