// SPDX-License-Identifier: Apache-2.0
// Device access control on the real kernel: a denied device cannot be opened
// from inside the container while it still can outside, until allowed again.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;

// Opens /dev/null for reading and writing; the shell reports a failure.
const std::vector<std::string> kOpenDevNull = {"/bin/sh", "-c",
                                               "exec 3<>/dev/null"};

constexpr char kDenyNull[] =
    "device { restrictions_set { restrictions { permission: DENY "
    "type: DEVICE_CHAR major: 1 minor: 3 access: READ access: WRITE "
    "access: MKNOD } } }";
constexpr char kAllowNull[] =
    "device { restrictions_set { restrictions { permission: ALLOW "
    "type: DEVICE_CHAR major: 1 minor: 3 access: READ access: WRITE } } }";

// `lmctfy run <container> sh -c ...`: the CLI becomes the shell.
CommandResult OpenInside(const std::string& container) {
  std::vector<std::string> args = {"run", container};
  args.insert(args.end(), kOpenDevNull.begin(), kOpenDevNull.end());
  return RunCli(args);
}

using DevicesTest = IntegrationTest;

TEST_F(DevicesTest, DeniedAtCreateCannotBeOpenedInsideButOutside) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/nodevnull", kDenyNull));

  const CommandResult inside = OpenInside("/nodevnull");
  EXPECT_NE(inside.exit_code, 0) << inside;
  EXPECT_THAT(inside.err, HasSubstr("Operation not permitted"));

  const CommandResult outside = RunCommand(kOpenDevNull);
  EXPECT_EQ(outside.exit_code, 0) << outside;
}

TEST_F(DevicesTest, UpdateDeniesThenAllowsAgain) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli("/dev_toggle", "device {}"));
  CommandResult opened = OpenInside("/dev_toggle");
  ASSERT_EQ(opened.exit_code, 0) << opened;

  CommandResult updated = RunCli({"update", "diff", "/dev_toggle", kDenyNull});
  ASSERT_EQ(updated.exit_code, 0) << updated;
  opened = OpenInside("/dev_toggle");
  EXPECT_NE(opened.exit_code, 0) << opened;
  EXPECT_THAT(opened.err, HasSubstr("Operation not permitted"));

  updated = RunCli({"update", "diff", "/dev_toggle", kAllowNull});
  ASSERT_EQ(updated.exit_code, 0) << updated;
  opened = OpenInside("/dev_toggle");
  EXPECT_EQ(opened.exit_code, 0) << opened;
}

TEST_F(DevicesTest, DenyAllEmptiesTheKernelListAndSpecReportsIt) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/locked",
      "device { restrictions_set { restrictions { permission: DENY "
      "type: DEVICE_ALL access: READ access: WRITE access: MKNOD } } }"));
  EXPECT_EQ(ReadCgroupFile("devices", "/locked", "devices.list"), "");

  const CommandResult spec = RunCli({"spec", "/locked"});
  ASSERT_EQ(spec.exit_code, 0) << spec;
  EXPECT_THAT(spec.out, HasSubstr("DENY"));
  EXPECT_THAT(spec.out, HasSubstr("DEVICE_ALL"));
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
