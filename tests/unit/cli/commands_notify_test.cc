// SPDX-License-Identifier: Apache-2.0
// Tests of `notify memory oom|threshold` through the tool.

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/unit/cli/cli_fixture.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

constexpr Container::NotificationId kId = 31;

class NotifyCommandsTest : public CliFixture {
 protected:
  // Makes RegisterNotification deliver `status` from another thread, then
  // a second time, which the tool must ignore.
  void ExpectDelivery(MockContainer* container, const absl::Status& status,
                      EventSpec* registered) {
    EXPECT_CALL(*container, RegisterNotification(_, _))
        .WillOnce(
            [container, status, registered, this](
                const EventSpec& spec, Container::EventCallback callback) {
              *registered = spec;
              deliverer_ = std::thread([container, status, callback] {
                callback(container, status);
                callback(container, absl::OkStatus());
              });
              return absl::StatusOr<Container::NotificationId>(kId);
            });
    EXPECT_CALL(*container, UnregisterNotification(kId))
        .WillOnce(Return(absl::OkStatus()));
  }

  ~NotifyCommandsTest() override {
    if (deliverer_.joinable()) deliverer_.join();
  }

  std::thread deliverer_;
};

TEST_F(NotifyCommandsTest, OomWaitsForTheEvent) {
  EventSpec registered;
  ExpectDelivery(ExpectGet("/c"), absl::OkStatus(), &registered);
  EXPECT_EQ(Run({"notify", "memory", "oom", "/c"}), 0);
  EXPECT_TRUE(registered.has_oom());
  EXPECT_FALSE(registered.has_memory_threshold());
  EXPECT_EQ(out_.str(), "notification_status=\"0\"\n");
}

TEST_F(NotifyCommandsTest, ThresholdRegistersTheUsage) {
  EventSpec registered;
  ExpectDelivery(ExpectGet("/c"), absl::OkStatus(), &registered);
  EXPECT_EQ(Run({"notify", "memory", "threshold", "/c", "1048576"}), 0);
  EXPECT_EQ(registered.memory_threshold().usage(), 1048576);
  EXPECT_EQ(out_.str(), "notification_status=\"0\"\n");
}

TEST_F(NotifyCommandsTest, DeliveredErrorExitsWithItsCode) {
  EventSpec registered;
  ExpectDelivery(ExpectGet("/c"),
                 absl::NotFoundError("container /c was destroyed"),
                 &registered);
  EXPECT_EQ(Run({"notify", "memory", "oom", "/c"}), 5);
  EXPECT_EQ(err_.str(), "lmctfy: 5: container /c was destroyed\n");
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(NotifyCommandsTest, RegistrationFailureExitsWithItsCode) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, RegisterNotification(_, _))
      .WillOnce(Return(absl::UnimplementedError("no oom_control")));
  EXPECT_EQ(Run({"notify", "memory", "oom", "/c"}), 12);
}

TEST_F(NotifyCommandsTest, ThresholdMustBeAnUnsignedNumber) {
  EXPECT_CALL(*api_, Get(_)).Times(0);
  EXPECT_EQ(Run({"notify", "memory", "threshold", "/c", "-5"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("\"-5\""));
}

TEST_F(NotifyCommandsTest, ThresholdAboveSignedRangeIsInvalid) {
  EXPECT_EQ(
      Run({"notify", "memory", "threshold", "/c", "18446744073709551615"}), 3);
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
