// SPDX-License-Identifier: Apache-2.0
// Creating a virtual host with a user namespace through ContainerApiImpl on
// the fake cgroup filesystem: refused specs make nothing, the maps are written
// before the init is released, and a failed map write leaves nothing.

#include <sched.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "lmctfy/container_api_impl.h"
#include "tests/common/parse_spec.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

constexpr pid_t kInitPid = 77;
constexpr char kSpec[] =
    "memory {} virtual_host { user_namespace { uid_map { id_outside_ns: "
    "100000 length: 65536 } gid_map { id_outside_ns: 100000 length: 65536 } "
    "} }";

class UserNamespaceCreateTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    MountSeparately();
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/self/exe"))))
        .WillByDefault(Return(std::string("/opt/lm/bin/lmctfy")));
    fs_.SetFile("/opt/lm/bin/lmctfy-vhost-init", "");
    fs_.SetFile("/proc/self/ns/user", "");
    fs_.SetFile("/proc/sys/user/max_user_namespaces", "96368\n");
    fs_.SetFile("/proc/77/uid_map", "");
    fs_.SetFile("/proc/77/gid_map", "");
    ON_CALL(kernel_, Open(Eq(std::string("/opt/lm/bin/lmctfy-vhost-init")), _))
        .WillByDefault(Return(90));
    ON_CALL(kernel_, CloneStopped(_))
        .WillByDefault([this](const CloneRequest& request) {
          request_ = request;
          return StoppedChild{kInitPid, -1, -1};
        });
    ON_CALL(kernel_, ReleaseChild(_))
        .WillByDefault([this](const StoppedChild&) {
          fs_.AppendLog("release");
          return absl::OkStatus();
        });
  }

  absl::Status Create(const std::string& spec) {
    api_ = std::make_unique<ContainerApiImpl>(Context());
    return api_->Create("/vh", ParseSpec(spec)).status();
  }

  // Every directory of container /vh, hidden (.vh) or not.
  std::vector<std::string> DirsOfVh() const {
    std::vector<std::string> dirs;
    for (const auto& [h, mount] : mounts_) {
      for (const char* base : {"/vh", "/.vh"}) {
        if (fs_.HasDir(mount + base)) dirs.push_back(mount + base);
      }
    }
    return dirs;
  }

  CloneRequest request_;
  std::unique_ptr<ContainerApiImpl> api_;
};

TEST_F(UserNamespaceCreateTest, MapsAreWrittenBeforeTheInitIsReleased) {
  ASSERT_TRUE(Create(kSpec).ok());

  EXPECT_NE(request_.namespace_flags & CLONE_NEWUSER, 0);
  EXPECT_THAT(
      fs_.LogOf("write /proc/77/"),
      ::testing::ElementsAre("write /proc/77/uid_map 0 100000 65536\n",
                             "write /proc/77/gid_map 0 100000 65536\n"));
  const std::vector<std::string>& log = fs_.log();
  const auto gid_map =
      std::find(log.begin(), log.end(),
                std::string("write /proc/77/gid_map 0 100000 65536\n"));
  EXPECT_NE(std::find(gid_map, log.end(), std::string("release")), log.end())
      << "the init was released before its maps were written";
}

TEST_F(UserNamespaceCreateTest, FailedMapWriteKillsTheInitAndRemovesAll) {
  fs_.FailWrite("/proc/77/gid_map",
                absl::InvalidArgumentError(
                    "writing \"0 100000 65536\\n\" to /proc/77/gid_map: "
                    "Invalid argument"));
  EXPECT_CALL(kernel_, AbortChild(Field(&StoppedChild::pid, kInitPid)));
  EXPECT_CALL(kernel_, ReleaseChild(_)).Times(0);

  absl::Status status = Create(kSpec);

  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/proc/77/gid_map"));
  EXPECT_THAT(DirsOfVh(), IsEmpty());
}

TEST_F(UserNamespaceCreateTest, InvalidMapIsRefusedBeforeAnythingIsMade) {
  EXPECT_CALL(kernel_, CloneStopped(_)).Times(0);

  absl::Status status = Create(
      "virtual_host { user_namespace { uid_map { id_outside_ns: 100000 "
      "length: 0 } gid_map { length: 1 } } }");

  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("virtual_host.user_namespace.uid_map[0].length"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(UserNamespaceCreateTest, TurnedOffUserNamespacesMakeNothing) {
  fs_.SetFile("/proc/sys/user/max_user_namespaces", "0\n");
  EXPECT_CALL(kernel_, CloneStopped(_)).Times(0);

  absl::Status status = Create(kSpec);

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("max_user_namespaces is 0"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
