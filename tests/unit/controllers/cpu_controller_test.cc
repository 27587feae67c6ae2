// SPDX-License-Identifier: Apache-2.0
// Tests of CpuController against a mocked kernel.

#include "lmctfy/controllers/cpu_controller.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/cpu/web";

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class CpuControllerTest : public ::testing::Test {
 protected:
  void ExpectRead(const std::string& file, const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(Contents(text)));
  }
  void ExpectWrite(const std::string& file, const std::string& value) {
    EXPECT_CALL(kernel_, WriteFile(Eq(InDir(file)), Eq(value)))
        .WillOnce(Return(absl::OkStatus()));
  }
  void ExpectWriteFails(const std::string& file, const std::string& value) {
    EXPECT_CALL(kernel_, WriteFile(Eq(InDir(file)), Eq(value)))
        .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));
  }
  void ExpectReadFails(const std::string& file) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(absl::NotFoundError(InDir(file) + ": missing")));
  }

  StrictMock<MockKernelApi> kernel_;
  CpuController controller_{kDir, kernel_};
};

TEST_F(CpuControllerTest, BelongsToCpuHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_CPU);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(CpuControllerTest, SetSharesWritesSharesFile) {
  ExpectWrite("cpu.shares", "2048");

  EXPECT_TRUE(controller_.SetShares(2048).ok());
}

TEST_F(CpuControllerTest, SetSharesErrorNamesValueAndFile) {
  ExpectWriteFails("cpu.shares", "1");

  absl::Status status = controller_.SetShares(1);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"1\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.shares")));
}

TEST_F(CpuControllerTest, GetSharesReadsSharesFile) {
  ExpectRead("cpu.shares", "1024\n");

  absl::StatusOr<uint64_t> shares = controller_.GetShares();
  ASSERT_TRUE(shares.ok());
  EXPECT_EQ(*shares, 1024u);
}

TEST_F(CpuControllerTest, GetSharesRejectsGarbage) {
  ExpectRead("cpu.shares", "heavy\n");

  absl::StatusOr<uint64_t> shares = controller_.GetShares();
  EXPECT_TRUE(absl::IsInternal(shares.status()));
  EXPECT_THAT(shares.status().message(), HasSubstr(InDir("cpu.shares")));
  EXPECT_THAT(shares.status().message(), HasSubstr("heavy"));
}

TEST_F(CpuControllerTest, HasCfsBandwidthChecksQuotaFile) {
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("cpu.cfs_quota_us"))))
      .WillOnce(Return(true))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.HasCfsBandwidth());
  EXPECT_FALSE(controller_.HasCfsBandwidth());
}

TEST_F(CpuControllerTest, SetCfsPeriodWritesPeriodFile) {
  ExpectWrite("cpu.cfs_period_us", "100000");

  EXPECT_TRUE(controller_.SetCfsPeriodUs(100000).ok());
}

TEST_F(CpuControllerTest, SetCfsPeriodErrorNamesValueAndFile) {
  ExpectWriteFails("cpu.cfs_period_us", "5");

  absl::Status status = controller_.SetCfsPeriodUs(5);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"5\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.cfs_period_us")));
}

TEST_F(CpuControllerTest, GetCfsPeriodReadsPeriodFile) {
  ExpectRead("cpu.cfs_period_us", "100000\n");

  absl::StatusOr<int64_t> period = controller_.GetCfsPeriodUs();
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(*period, 100000);
}

TEST_F(CpuControllerTest, GetCfsPeriodReturnsKernelError) {
  ExpectReadFails("cpu.cfs_period_us");

  absl::StatusOr<int64_t> period = controller_.GetCfsPeriodUs();
  EXPECT_TRUE(absl::IsNotFound(period.status()));
  EXPECT_THAT(period.status().message(), HasSubstr(InDir("cpu.cfs_period_us")));
}

TEST_F(CpuControllerTest, SetCfsQuotaWritesMinusOneForNoCap) {
  ExpectWrite("cpu.cfs_quota_us", "-1");

  EXPECT_TRUE(controller_.SetCfsQuotaUs(-1).ok());
}

TEST_F(CpuControllerTest, SetCfsQuotaErrorNamesValueAndFile) {
  ExpectWriteFails("cpu.cfs_quota_us", "500");

  absl::Status status = controller_.SetCfsQuotaUs(500);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"500\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.cfs_quota_us")));
}

TEST_F(CpuControllerTest, GetCfsQuotaReadsNoCapAsMinusOne) {
  ExpectRead("cpu.cfs_quota_us", "-1\n");

  absl::StatusOr<int64_t> quota = controller_.GetCfsQuotaUs();
  ASSERT_TRUE(quota.ok());
  EXPECT_EQ(*quota, -1);
}

TEST_F(CpuControllerTest, GetCfsQuotaRejectsGarbage) {
  ExpectRead("cpu.cfs_quota_us", "max\n");

  absl::StatusOr<int64_t> quota = controller_.GetCfsQuotaUs();
  EXPECT_TRUE(absl::IsInternal(quota.status()));
  EXPECT_THAT(quota.status().message(), HasSubstr(InDir("cpu.cfs_quota_us")));
  EXPECT_THAT(quota.status().message(), HasSubstr("\"max\""));
}

TEST_F(CpuControllerTest, HasLatencyChecksLatFile) {
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("cpu.lat"))))
      .WillOnce(Return(false));

  EXPECT_FALSE(controller_.HasLatency());
}

TEST_F(CpuControllerTest, SetLatencyWritesLatFile) {
  ExpectWrite("cpu.lat", "25");

  EXPECT_TRUE(controller_.SetLatency(25).ok());
}

TEST_F(CpuControllerTest, SetLatencyErrorNamesValueAndFile) {
  ExpectWriteFails("cpu.lat", "-1");

  absl::Status status = controller_.SetLatency(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"-1\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.lat")));
}

TEST_F(CpuControllerTest, GetLatencyReadsLatFile) {
  ExpectRead("cpu.lat", "100\n");

  absl::StatusOr<int64_t> latency = controller_.GetLatency();
  ASSERT_TRUE(latency.ok());
  EXPECT_EQ(*latency, 100);
}

TEST_F(CpuControllerTest, GetLatencyReturnsKernelError) {
  ExpectReadFails("cpu.lat");

  absl::StatusOr<int64_t> latency = controller_.GetLatency();
  EXPECT_TRUE(absl::IsNotFound(latency.status()));
  EXPECT_THAT(latency.status().message(), HasSubstr(InDir("cpu.lat")));
}

TEST_F(CpuControllerTest, HasIdleChecksIdleFile) {
  EXPECT_CALL(kernel_, PathExists(Eq(InDir("cpu.idle"))))
      .WillOnce(Return(true));

  EXPECT_TRUE(controller_.HasIdle());
}

TEST_F(CpuControllerTest, SetIdleWritesOneOrZero) {
  ExpectWrite("cpu.idle", "1");
  ExpectWrite("cpu.idle", "0");

  EXPECT_TRUE(controller_.SetIdle(true).ok());
  EXPECT_TRUE(controller_.SetIdle(false).ok());
}

TEST_F(CpuControllerTest, SetIdleErrorNamesValueAndFile) {
  ExpectWriteFails("cpu.idle", "1");

  absl::Status status = controller_.SetIdle(true);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"1\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpu.idle")));
}

TEST_F(CpuControllerTest, GetIdleReadsOneAsTrueAndZeroAsFalse) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpu.idle"))))
      .WillOnce(Return(Contents("1\n")))
      .WillOnce(Return(Contents("0\n")));

  absl::StatusOr<bool> idle = controller_.GetIdle();
  ASSERT_TRUE(idle.ok());
  EXPECT_TRUE(*idle);
  idle = controller_.GetIdle();
  ASSERT_TRUE(idle.ok());
  EXPECT_FALSE(*idle);
}

TEST_F(CpuControllerTest, GetIdleRejectsOtherNumbers) {
  ExpectRead("cpu.idle", "2\n");

  absl::StatusOr<bool> idle = controller_.GetIdle();
  EXPECT_TRUE(absl::IsInternal(idle.status()));
  EXPECT_THAT(idle.status().message(), HasSubstr(InDir("cpu.idle")));
  EXPECT_THAT(idle.status().message(), HasSubstr("\"2\""));
}

TEST_F(CpuControllerTest, GetIdleReturnsKernelError) {
  ExpectReadFails("cpu.idle");

  absl::StatusOr<bool> idle = controller_.GetIdle();
  EXPECT_TRUE(absl::IsNotFound(idle.status()));
  EXPECT_THAT(idle.status().message(), HasSubstr(InDir("cpu.idle")));
}

TEST_F(CpuControllerTest, GetThrottlingStatsReadsKnownKeysAndIgnoresOthers) {
  ExpectRead("cpu.stat",
             "nr_periods 40\nnr_throttled 7\nthrottled_time 123456789\n"
             "nr_bursts 0\nburst_time 0\n");

  auto stats = controller_.GetThrottlingStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->periods, 40);
  EXPECT_EQ(stats->throttled_periods, 7);
  EXPECT_EQ(stats->throttled_time_ns, 123456789);
}

TEST_F(CpuControllerTest, GetThrottlingStatsRejectsMissingKey) {
  ExpectRead("cpu.stat", "nr_periods 40\nnr_throttled 7\n");

  auto stats = controller_.GetThrottlingStats();
  EXPECT_TRUE(absl::IsInternal(stats.status()));
  EXPECT_THAT(stats.status().message(), HasSubstr(InDir("cpu.stat")));
  EXPECT_THAT(stats.status().message(), HasSubstr("throttled_time"));
}

TEST_F(CpuControllerTest, GetThrottlingStatsRejectsMalformedLine) {
  ExpectRead("cpu.stat", "nr_periods forty\n");

  auto stats = controller_.GetThrottlingStats();
  EXPECT_TRUE(absl::IsInternal(stats.status()));
  EXPECT_THAT(stats.status().message(), HasSubstr(InDir("cpu.stat")));
  EXPECT_THAT(stats.status().message(), HasSubstr("nr_periods forty"));
}

TEST_F(CpuControllerTest, GetThrottlingStatsReturnsKernelError) {
  ExpectReadFails("cpu.stat");

  auto stats = controller_.GetThrottlingStats();
  EXPECT_TRUE(absl::IsNotFound(stats.status()));
  EXPECT_THAT(stats.status().message(), HasSubstr(InDir("cpu.stat")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
