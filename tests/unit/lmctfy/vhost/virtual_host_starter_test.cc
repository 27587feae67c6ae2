// SPDX-License-Identifier: Apache-2.0
// Tests of starting a virtual host through the mocked KernelApi: the clone
// request, the record, the veth commands and the cleanup of every failure.

#include "lmctfy/vhost/virtual_host_starter.h"

#include <fcntl.h>
#include <sched.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"
#include "tests/common/parse_spec.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;

constexpr char kInit[] = "/opt/lmctfy/libexec/lmctfy-vhost-init";
constexpr char kFreezer[] = "/cg/freezer/vh";
constexpr char kRecordFile[] = "/cg/freezer/vh/cgroup.clone_children";
constexpr pid_t kInitPid = 4242;
constexpr char kNetworkSpec[] =
    "virtual_host { network { connection { veth_pair { outside: \"vh0\" "
    "inside: \"eth0\" } } virtual_ip { ip: \"169.254.9.2\" netmask: "
    "\"255.255.255.252\" gateway: \"169.254.9.1\" } } }";
constexpr char kUserNamespace[] =
    "user_namespace { uid_map { id_outside_ns: 100000 length: 65536 } "
    "gid_map { id_outside_ns: 200000 length: 1 } gid_map { id_inside_ns: 1 "
    "id_outside_ns: 300000 length: 10 } }";

class VirtualHostStarterTest : public ::testing::Test {
 protected:
  VirtualHostStarterTest() {
    ON_CALL(kernel_, PathExists(_)).WillByDefault([](absl::string_view p) {
      return p == kInit || p == "/usr/sbin/ip";
    });
    ON_CALL(kernel_, Open(Eq(std::string(kInit)), O_RDONLY))
        .WillByDefault(Return(7));
    ON_CALL(kernel_, CloneStopped(_))
        .WillByDefault([this](const CloneRequest& request) {
          log_.push_back("clone");
          request_ = request;
          return StoppedChild{kInitPid, 10, 11};
        });
    ON_CALL(kernel_, SetXattr(_, _, _))
        .WillByDefault([this](absl::string_view p, absl::string_view name,
                              absl::string_view value) {
          log_.push_back(absl::StrCat("record ", p, " ", name, "=", value));
          return absl::OkStatus();
        });
    ON_CALL(kernel_, Spawn(_)).WillByDefault([this](const SpawnRequest& r) {
      std::string command = absl::StrJoin(r.argv, " ");
      if (!r.namespace_files.empty()) {
        command = absl::StrCat("[", absl::StrJoin(r.namespace_files, ","), "] ",
                               command);
      }
      log_.push_back(command);
      commands_[next_pid_] = command;
      return next_pid_++;
    });
    ON_CALL(kernel_, WaitForExit(_)).WillByDefault([this](pid_t pid) {
      const std::string& command = commands_[pid];
      // Deleted links are gone at once.
      if (absl::StrContains(command, "link show")) {
        for (const std::string& link : existing_links_) {
          if (absl::EndsWith(command, absl::StrCat(" dev ", link))) return 0;
        }
        return 1;
      }
      return absl::StrContains(command, failing_command_) &&
                     !failing_command_.empty()
                 ? 2
                 : 0;
    });
    ON_CALL(kernel_, ReleaseChild(_))
        .WillByDefault([this](const StoppedChild&) {
          log_.push_back("release");
          return release_status_;
        });
    ON_CALL(kernel_, AbortChild(_)).WillByDefault([this](const StoppedChild&) {
      log_.push_back("abort");
    });
    ON_CALL(kernel_, WriteFile(_, _))
        .WillByDefault([this](absl::string_view p, absl::string_view text) {
          log_.push_back(absl::StrCat("write ", p, " ", text));
          return p == failing_write_ ? absl::PermissionDeniedError(absl::StrCat(
                                           "writing to ", p, ": denied"))
                                     : absl::OkStatus();
        });
  }

  absl::StatusOr<pid_t> Start(const std::string& spec) {
    return VirtualHostStarter(kernel_, {"/missing/lmctfy-vhost-init", kInit})
        .Start("/vh", ParseSpec(spec), {"/cg/freezer/vh/tasks"}, kFreezer);
  }

  NiceMock<MockKernelApi> kernel_;
  CloneRequest request_;
  // Links `ip link show` finds (every other is absent).
  std::vector<std::string> existing_links_;
  std::vector<std::string> log_;
  std::map<pid_t, std::string> commands_;
  pid_t next_pid_ = 100;
  std::string failing_command_;
  std::string failing_write_;
  absl::Status release_status_;
};

TEST_F(VirtualHostStarterTest, StartsBuiltinInitInNewNamespacesInsideCgroups) {
  EXPECT_CALL(kernel_, Close(7));

  absl::StatusOr<pid_t> pid = Start("virtual_host {}");

  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(*pid, kInitPid);
  EXPECT_EQ(request_.namespace_flags,
            CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC);
  EXPECT_THAT(request_.tasks_files, ElementsAre("/cg/freezer/vh/tasks"));
  EXPECT_EQ(request_.program_fd, 7);
  EXPECT_THAT(request_.argv, ElementsAre("lmctfy-vhost-init"));
  EXPECT_TRUE(static_cast<bool>(request_.setup));
  EXPECT_THAT(log_, ElementsAre("clone",
                                absl::StrCat("record ", kRecordFile,
                                             " user.lmctfy.virtual_host="),
                                "release"));
}

TEST_F(VirtualHostStarterTest, CustomInitIsExecutedByNameWithoutOpening) {
  EXPECT_CALL(kernel_, Open(_, _)).Times(0);

  ASSERT_TRUE(Start("virtual_host { init { init_argv: \"/sbin/myinit\" "
                    "init_argv: \"-x\" } }")
                  .ok());

  EXPECT_THAT(request_.argv, ElementsAre("/sbin/myinit", "-x"));
  EXPECT_EQ(request_.program_fd, -1);
}

TEST_F(VirtualHostStarterTest, EmptyNetworkGetsNetNamespaceWithLoopbackUp) {
  ASSERT_TRUE(Start("virtual_host { network {} }").ok());

  EXPECT_NE(request_.namespace_flags & CLONE_NEWNET, 0);
  EXPECT_THAT(log_,
              Contains("[/proc/4242/ns/net] /usr/sbin/ip link set lo up"));
}

TEST_F(VirtualHostStarterTest, VethIsMadeAndConfiguredBeforeTheRelease) {
  ASSERT_TRUE(Start(kNetworkSpec).ok());

  EXPECT_THAT(
      log_,
      ElementsAre(
          "clone",
          absl::StrCat("record ", kRecordFile, " user.lmctfy.virtual_host=vh0"),
          "/usr/sbin/ip link add vh0 type veth peer name eth0 netns 4242",
          "/usr/sbin/ip link set vh0 up",
          "[/proc/4242/ns/net] /usr/sbin/ip link set lo up",
          "[/proc/4242/ns/net] /usr/sbin/ip addr add 169.254.9.2/30 dev eth0",
          "[/proc/4242/ns/net] /usr/sbin/ip link set eth0 up",
          "[/proc/4242/ns/net] /usr/sbin/ip route add default via "
          "169.254.9.1 dev eth0",
          "release"));
}

TEST_F(VirtualHostStarterTest, OutsideEndJoinsTheBridge) {
  ASSERT_TRUE(Start("virtual_host { network { connection { veth_pair { "
                    "outside: \"vh0\" inside: \"eth0\" } bridge { name: "
                    "\"br0\" } } } }")
                  .ok());
  EXPECT_THAT(log_, Contains("/usr/sbin/ip link set vh0 master br0"));
}

TEST_F(VirtualHostStarterTest, CloneFailureReturnsItsErrorAndDoesNothingElse) {
  ON_CALL(kernel_, CloneStopped(_))
      .WillByDefault(Return(absl::PermissionDeniedError("clone: denied")));
  EXPECT_CALL(kernel_, Close(7));
  EXPECT_CALL(kernel_, SetXattr(_, _, _)).Times(0);
  EXPECT_CALL(kernel_, Spawn(_)).Times(0);

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("lmctfy-vhost-init"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("clone: denied"));
}

TEST_F(VirtualHostStarterTest, RecordFailureAbortsTheInit) {
  ON_CALL(kernel_, SetXattr(_, _, _))
      .WillByDefault(Return(absl::UnimplementedError("no xattrs")));

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(log_, ElementsAre("clone", "abort"));
}

TEST_F(VirtualHostStarterTest, VethFailureAbortsTheInitAndRemovesThePair) {
  failing_command_ = "addr add";

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("\"ip addr add 169.254.9.2/30 dev eth0\""));
  EXPECT_THAT(log_, Contains("/usr/sbin/ip link delete dev vh0"));
  EXPECT_THAT(log_, Contains("abort"));
  EXPECT_THAT(log_, Not(Contains("release")));
}

TEST_F(VirtualHostStarterTest, VethCreationFailureLeavesNoPairToRemove) {
  failing_command_ = "link add";

  EXPECT_FALSE(Start(kNetworkSpec).ok());

  EXPECT_THAT(log_, Not(Contains("/usr/sbin/ip link set vh0 up")));
  EXPECT_THAT(log_, Contains("abort"));
}

TEST_F(VirtualHostStarterTest, TakenOutsideNameIsAlreadyExistsAndIsNotRemoved) {
  failing_command_ = "link add";
  existing_links_ = {"vh0"};

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("virtual_host.network.connection.veth_pair.outside "
                        "\"vh0\" is already a network interface"));
  // Someone else's interface: left alone.
  EXPECT_THAT(log_, Not(Contains("/usr/sbin/ip link delete dev vh0")));
  EXPECT_THAT(log_, Contains("abort"));
}

TEST_F(VirtualHostStarterTest, MissingBridgeIsNamedAndThePairRemoved) {
  failing_command_ = "master";

  absl::Status status =
      Start(
          "virtual_host { network { connection { veth_pair { "
          "outside: \"vh0\" inside: \"eth0\" } bridge { name: "
          "\"nobr\" } } } }")
          .status();

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("virtual_host.network.connection.bridge.name "
                        "\"nobr\" is not a network interface"));
  EXPECT_THAT(log_, Contains("/usr/sbin/ip link delete dev vh0"));
}

TEST_F(VirtualHostStarterTest, SetupFailureInTheChildRemovesTheVeth) {
  release_status_ = absl::PermissionDeniedError("pivot_root into /r: denied");

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("pivot_root into /r"));
  EXPECT_EQ(log_.back(), "/usr/sbin/ip -o link show dev vh0");
  EXPECT_THAT(log_, Contains("/usr/sbin/ip link delete dev vh0"));
}

TEST_F(VirtualHostStarterTest, MissingIpIsAFailedPrecondition) {
  ON_CALL(kernel_, PathExists(_)).WillByDefault([](absl::string_view p) {
    return p == kInit;
  });

  absl::Status status = Start(kNetworkSpec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("iproute2"));
  EXPECT_THAT(log_, Contains("abort"));
}

TEST_F(VirtualHostStarterTest, UserNamespaceIsClonedAndMappedBeforeRelease) {
  ASSERT_TRUE(
      Start(absl::StrCat("virtual_host { ", kUserNamespace, " }")).ok());

  EXPECT_EQ(request_.namespace_flags, CLONE_NEWPID | CLONE_NEWNS |
                                          CLONE_NEWUTS | CLONE_NEWIPC |
                                          CLONE_NEWUSER);
  // Joined by the init before the release, while it has the host's ids.
  EXPECT_THAT(request_.tasks_files, ElementsAre("/cg/freezer/vh/tasks"));
  EXPECT_THAT(
      log_,
      ElementsAre(
          "clone",
          absl::StrCat("record ", kRecordFile, " user.lmctfy.virtual_host="),
          "write /proc/4242/uid_map 0 100000 65536\n",
          "write /proc/4242/gid_map 0 200000 1\n1 300000 10\n", "release"));
}

TEST_F(VirtualHostStarterTest, WithoutUserNamespaceNoMapIsWritten) {
  EXPECT_CALL(kernel_, WriteFile(_, _)).Times(0);
  ASSERT_TRUE(Start(kNetworkSpec).ok());
  EXPECT_EQ(request_.namespace_flags & CLONE_NEWUSER, 0);
}

TEST_F(VirtualHostStarterTest, FailedMapWriteAbortsTheInitBeforeAnyVeth) {
  failing_write_ = "/proc/4242/gid_map";
  const std::string spec = absl::StrCat(
      "virtual_host { ", kUserNamespace,
      " network { connection { veth_pair { outside: \"vh0\" inside: "
      "\"eth0\" } } } }");

  absl::Status status = Start(spec).status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("starting the virtual host init lmctfy-vhost-init"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("/proc/4242/gid_map"));
  EXPECT_THAT(log_, ElementsAre("clone",
                                absl::StrCat("record ", kRecordFile,
                                             " user.lmctfy.virtual_host=vh0"),
                                "write /proc/4242/uid_map 0 100000 65536\n",
                                "write /proc/4242/gid_map 0 200000 1\n1 "
                                "300000 10\n",
                                "abort"));
}

TEST_F(VirtualHostStarterTest, MountPointsAreMadeOnTheHostBeforeTheClone) {
  EXPECT_CALL(kernel_, MkDir(Eq(std::string("/r/proc")), _))
      .WillOnce(Return(absl::PermissionDeniedError("mkdir /r/proc: denied")));
  EXPECT_CALL(kernel_, CloneStopped(_)).Times(0);

  absl::Status status =
      Start("virtual_host {} filesystem { rootfs: \"/r\" }").status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/r/proc"));
}

// ---- Validate ----

TEST_F(VirtualHostStarterTest, ValidateRefusesUserNamespaceTurnedOff) {
  ON_CALL(kernel_, PathExists(_)).WillByDefault(Return(true));
  ON_CALL(kernel_,
          ReadFile(Eq(std::string("/proc/sys/user/max_user_namespaces"))))
      .WillByDefault(Return(std::string("0\n")));
  const VirtualHostStarter starter(kernel_, {kInit});
  const ContainerSpec spec =
      ParseSpec(absl::StrCat("virtual_host { ", kUserNamespace, " }"));

  absl::Status status = starter.Validate("/vh", spec);

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("container /vh: virtual_host.user_namespace"));
  ON_CALL(kernel_,
          ReadFile(Eq(std::string("/proc/sys/user/max_user_namespaces"))))
      .WillByDefault(Return(std::string("100\n")));
  EXPECT_TRUE(starter.Validate("/vh", spec).ok());
}

TEST_F(VirtualHostStarterTest, ValidateNamesEveryPlaceSearchedForTheInit) {
  absl::Status status =
      VirtualHostStarter(kernel_, {"/a/lmctfy-vhost-init", "/b/x"})
          .Validate("/vh", ParseSpec("virtual_host {}"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/a/lmctfy-vhost-init, /b/x"));
  // Found by container_spec_fuzzer: every error names the container.
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /vh: "));
}

TEST_F(VirtualHostStarterTest, ValidateRefusesMissingRootfsAndMountPaths) {
  const VirtualHostStarter starter(kernel_, {kInit});
  ON_CALL(kernel_, IsDirectory(Eq(std::string("/srv/vh"))))
      .WillByDefault(Return(false));
  absl::Status status = starter.Validate(
      "/vh", ParseSpec("virtual_host {} filesystem { rootfs: \"/srv/vh\" }"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("filesystem.rootfs \"/srv/vh\" is not a directory"));

  ON_CALL(kernel_, IsDirectory(Eq(std::string("/srv/vh"))))
      .WillByDefault(Return(true));
  status = starter.Validate(
      "/vh", ParseSpec("virtual_host {} filesystem { rootfs: \"/srv/vh\" "
                       "mounts { mount { source: \"/data\" target: \"d\" } } "
                       "}"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("source \"/data\""));
}

TEST_F(VirtualHostStarterTest, ValidateAcceptsCustomInitWithoutTheBuiltinOne) {
  EXPECT_TRUE(VirtualHostStarter(kernel_, {"/missing"})
                  .Validate("/vh", ParseSpec("virtual_host { init { "
                                             "init_argv: \"/sbin/init\" } }"))
                  .ok());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
