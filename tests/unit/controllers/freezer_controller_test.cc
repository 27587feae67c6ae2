// SPDX-License-Identifier: Apache-2.0
// Tests of FreezerController against a mocked kernel.

#include "lmctfy/controllers/freezer_controller.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/freezer/web";
const char kStateFile[] = "/sys/fs/cgroup/freezer/web/freezer.state";

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class FreezerControllerTest : public ::testing::Test {
 protected:
  void ExpectWrite(const std::string& value) {
    EXPECT_CALL(kernel_, WriteFile(Eq(kStateFile), Eq(value)))
        .WillOnce(Return(absl::OkStatus()));
  }
  void ExpectState(const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(kStateFile)))
        .WillOnce(Return(Contents(text)));
  }
  void ExpectSleep(absl::Duration duration) {
    EXPECT_CALL(kernel_, SleepFor(duration));
  }

  StrictMock<MockKernelApi> kernel_;
  FreezerController controller_{kDir, kernel_};
};

TEST(FreezerStateNameTest, SpellsStatesLikeTheKernel) {
  EXPECT_EQ(FreezerStateName(FreezerState::kThawed), "THAWED");
  EXPECT_EQ(FreezerStateName(FreezerState::kFreezing), "FREEZING");
  EXPECT_EQ(FreezerStateName(FreezerState::kFrozen), "FROZEN");
}

TEST_F(FreezerControllerTest, BelongsToFreezerHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_FREEZER);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(FreezerControllerTest, HasStateChecksStateFile) {
  EXPECT_CALL(kernel_, PathExists(Eq(kStateFile)))
      .WillOnce(Return(true))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.HasState());
  EXPECT_FALSE(controller_.HasState());
}

TEST_F(FreezerControllerTest, HierarchicalFreezeNeedsParentFreezingFile) {
  EXPECT_CALL(kernel_,
              PathExists(Eq(std::string(kDir) + "/freezer.parent_freezing")))
      .WillOnce(Return(true))
      .WillOnce(Return(false));

  EXPECT_TRUE(controller_.SupportsHierarchicalFreeze());
  EXPECT_FALSE(controller_.SupportsHierarchicalFreeze());
}

TEST_F(FreezerControllerTest, FreezeWritesFrozen) {
  ExpectWrite("FROZEN");

  EXPECT_TRUE(controller_.Freeze().ok());
}

TEST_F(FreezerControllerTest, ThawWritesThawed) {
  ExpectWrite("THAWED");

  EXPECT_TRUE(controller_.Thaw().ok());
}

TEST_F(FreezerControllerTest, FreezeErrorNamesStateAndFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(kStateFile), Eq("FROZEN")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.Freeze();
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"FROZEN\""));
  EXPECT_THAT(status.message(), HasSubstr(kStateFile));
}

TEST_F(FreezerControllerTest, GetStateParsesEveryKernelState) {
  EXPECT_CALL(kernel_, ReadFile(Eq(kStateFile)))
      .WillOnce(Return(Contents("THAWED\n")))
      .WillOnce(Return(Contents("FREEZING\n")))
      .WillOnce(Return(Contents("FROZEN\n")));

  for (FreezerState expected : {FreezerState::kThawed, FreezerState::kFreezing,
                                FreezerState::kFrozen}) {
    absl::StatusOr<FreezerState> state = controller_.GetState();
    ASSERT_TRUE(state.ok()) << state.status();
    EXPECT_EQ(*state, expected);
  }
}

TEST_F(FreezerControllerTest, GetStateRejectsUnknownText) {
  ExpectState("SLUSHY\n");

  absl::StatusOr<FreezerState> state = controller_.GetState();
  EXPECT_TRUE(absl::IsInternal(state.status()));
  EXPECT_THAT(state.status().message(), HasSubstr(kStateFile));
  EXPECT_THAT(state.status().message(), HasSubstr("\"SLUSHY\""));
}

TEST_F(FreezerControllerTest, GetStateReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(kStateFile)))
      .WillOnce(Return(absl::NotFoundError(kStateFile)));

  absl::StatusOr<FreezerState> state = controller_.GetState();
  EXPECT_TRUE(absl::IsNotFound(state.status()));
  EXPECT_THAT(state.status().message(), HasSubstr(kStateFile));
}

TEST_F(FreezerControllerTest, FreezeAndWaitReturnsOnceStateReadsFrozen) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  ExpectState("FREEZING\n");
  ExpectSleep(absl::Milliseconds(1));
  ExpectState("FREEZING\n");
  ExpectSleep(absl::Milliseconds(2));
  ExpectState("FROZEN\n");

  EXPECT_TRUE(controller_.FreezeAndWait(absl::Seconds(10)).ok());
}

TEST_F(FreezerControllerTest, FreezeAndWaitDoesNotSleepWhenAlreadyFrozen) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  ExpectState("FROZEN\n");

  EXPECT_TRUE(controller_.FreezeAndWait(absl::ZeroDuration()).ok());
}

TEST_F(FreezerControllerTest, WaitDoublesSleepUpToFiftyMilliseconds) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  for (int ms : {1, 2, 4, 8, 16, 32, 50, 50}) {
    ExpectState("FREEZING\n");
    ExpectSleep(absl::Milliseconds(ms));
  }
  ExpectState("FROZEN\n");

  EXPECT_TRUE(controller_.FreezeAndWait(absl::Seconds(10)).ok());
}

TEST_F(FreezerControllerTest, FreezeAndWaitTimesOutNamingFileAndState) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  // 1 + 2 + 4 ms, then the last 3 ms of the 10 ms budget.
  for (int ms : {1, 2, 4, 3}) {
    ExpectState("FREEZING\n");
    ExpectSleep(absl::Milliseconds(ms));
  }
  ExpectState("FREEZING\n");

  absl::Status status = controller_.FreezeAndWait(absl::Milliseconds(10));
  EXPECT_TRUE(absl::IsDeadlineExceeded(status));
  EXPECT_THAT(status.message(), HasSubstr(kStateFile));
  EXPECT_THAT(status.message(), HasSubstr("FREEZING"));
  EXPECT_THAT(status.message(), HasSubstr("FROZEN"));
}

TEST_F(FreezerControllerTest, ZeroTimeoutChecksStateOnceWithoutSleeping) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  ExpectState("FREEZING\n");

  absl::Status status = controller_.FreezeAndWait(absl::ZeroDuration());
  EXPECT_TRUE(absl::IsDeadlineExceeded(status));
  EXPECT_THAT(status.message(), HasSubstr("FREEZING"));
}

TEST_F(FreezerControllerTest, FreezeAndWaitReturnsWriteErrorWithoutPolling) {
  EXPECT_CALL(kernel_, WriteFile(Eq(kStateFile), Eq("FROZEN")))
      .WillOnce(Return(absl::NotFoundError(std::string(kStateFile))));

  absl::Status status = controller_.FreezeAndWait(absl::Seconds(1));
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_THAT(status.message(), HasSubstr(kStateFile));
}

TEST_F(FreezerControllerTest, FreezeAndWaitReturnsReadErrorWhilePolling) {
  InSequence in_order;
  ExpectWrite("FROZEN");
  ExpectState("FREEZING\n");
  ExpectSleep(absl::Milliseconds(1));
  EXPECT_CALL(kernel_, ReadFile(Eq(kStateFile)))
      .WillOnce(Return(absl::NotFoundError(kStateFile)));

  absl::Status status = controller_.FreezeAndWait(absl::Seconds(1));
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_THAT(status.message(), HasSubstr(kStateFile));
}

TEST_F(FreezerControllerTest, ThawAndWaitReturnsOnceStateReadsThawed) {
  InSequence in_order;
  ExpectWrite("THAWED");
  ExpectState("FROZEN\n");
  ExpectSleep(absl::Milliseconds(1));
  ExpectState("THAWED\n");

  EXPECT_TRUE(controller_.ThawAndWait(absl::Seconds(10)).ok());
}

TEST_F(FreezerControllerTest, ThawAndWaitTimesOutNamingFileAndState) {
  InSequence in_order;
  ExpectWrite("THAWED");
  ExpectState("FROZEN\n");
  ExpectSleep(absl::Milliseconds(1));
  ExpectState("FROZEN\n");

  absl::Status status = controller_.ThawAndWait(absl::Milliseconds(1));
  EXPECT_TRUE(absl::IsDeadlineExceeded(status));
  EXPECT_THAT(status.message(), HasSubstr(kStateFile));
  EXPECT_THAT(status.message(), HasSubstr("still reads FROZEN"));
  EXPECT_THAT(status.message(), HasSubstr("THAWED"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
