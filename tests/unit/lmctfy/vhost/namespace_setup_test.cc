// SPDX-License-Identifier: Apache-2.0
// Tests of the in-namespace setup of a virtual host's init, through the
// mocked KernelApi: the steps, their order, and that any failing step stops
// the setup with its error.

#include "lmctfy/vhost/namespace_setup.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;

constexpr char kRootfsSpec[] =
    "virtual_host { virtual_hostname: \"vh1\" network { virtual_ip { "
    "ip_forward: true } } } "
    "filesystem { rootfs: \"/srv/vh/\" mounts { mount { source: \"/data\" "
    "target: \"/mnt/data\" read_only: true } } }";

// Logs every call that changes something as one line, and fails the call
// numbered `fail_at` (0-based) when it is >= 0.
class RecordingKernel {
 public:
  explicit RecordingKernel(int fail_at = -1) : fail_at_(fail_at) {
    ON_CALL(kernel_, IsDirectory(_)).WillByDefault(Return(false));
    ON_CALL(kernel_, WriteFile(_, _))
        .WillByDefault([this](absl::string_view p, absl::string_view v) {
          return Step(absl::StrCat("write ", p, " ", v));
        });
    ON_CALL(kernel_, SetHostname(_)).WillByDefault([this](absl::string_view n) {
      return Step(absl::StrCat("hostname ", n));
    });
    ON_CALL(kernel_, Mount(_, _, _, _, _))
        .WillByDefault([this](absl::string_view source,
                              absl::string_view target, absl::string_view type,
                              unsigned long flags, absl::string_view data) {
          return Step(absl::StrCat("mount ", type.empty() ? "-" : type, " ",
                                   source.empty() ? "-" : source, " ", target,
                                   " ", FlagNames(flags), " ", data));
        });
    ON_CALL(kernel_, MkDir(_, _))
        .WillByDefault([this](absl::string_view p, mode_t) {
          return Step(absl::StrCat("mkdir ", p));
        });
    ON_CALL(kernel_, MkNod(_, _, _))
        .WillByDefault([this](absl::string_view p, mode_t mode, dev_t dev) {
          return Step(
              absl::StrCat("mknod ", p, " ",
                           S_ISCHR(mode) ? "c " : (S_ISREG(mode) ? "f " : "? "),
                           major(dev), ":", minor(dev)));
        });
    ON_CALL(kernel_, Chmod(_, _))
        .WillByDefault([this](absl::string_view p, mode_t mode) {
          return Step(absl::StrCat("chmod ", p, " ", absl::Dec(mode)));
        });
    ON_CALL(kernel_, Symlink(_, _))
        .WillByDefault([this](absl::string_view target, absl::string_view p) {
          return Step(absl::StrCat("symlink ", p, " -> ", target));
        });
    ON_CALL(kernel_, SetIdentity(_, _))
        .WillByDefault([this](uid_t uid, gid_t gid) {
          return Step(absl::StrCat("identity ", uid, ":", gid));
        });
    ON_CALL(kernel_, PivotRoot(_)).WillByDefault([this](absl::string_view p) {
      return Step(absl::StrCat("pivot_root ", p));
    });
  }

  const KernelApi& kernel() const { return kernel_; }
  MockKernelApi& mock() { return kernel_; }
  const std::vector<std::string>& log() const { return log_; }

 private:
  static std::string FlagNames(unsigned long flags) {
    std::string names;
    for (const auto& [bit, name] :
         std::vector<std::pair<unsigned long, const char*>>{
             {MS_BIND, "bind"},
             {MS_REMOUNT, "remount"},
             {MS_REC, "rec"},
             {MS_PRIVATE, "private"},
             {MS_SLAVE, "slave"},
             {MS_RDONLY, "ro"},
             {MS_NOSUID, "nosuid"},
             {MS_NODEV, "nodev"},
             {MS_NOEXEC, "noexec"}}) {
      if ((flags & bit) != 0)
        absl::StrAppend(&names, names.empty() ? "" : ",", name);
    }
    return names.empty() ? "-" : names;
  }

  absl::Status Step(std::string line) {
    log_.push_back(std::move(line));
    if (static_cast<int>(log_.size()) - 1 == fail_at_) {
      return absl::PermissionDeniedError(
          absl::StrCat("step ", fail_at_, " refused"));
    }
    return absl::OkStatus();
  }

  NiceMock<MockKernelApi> kernel_;
  const int fail_at_;
  std::vector<std::string> log_;
};

TEST(NamespaceSetupTest, BuildsRootFilesystemAndPivotsIntoIt) {
  RecordingKernel recorder;
  const ContainerSpec spec = ParseSpec(kRootfsSpec);

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), spec).Apply().ok());

  EXPECT_THAT(
      recorder.log(),
      ElementsAre(
          "write /proc/sys/net/ipv4/ip_forward 1", "hostname vh1",
          "mount - - / rec,private ", "mount - /srv/vh /srv/vh bind,rec ",
          "mount - /data /srv/vh/mnt/data bind,rec ",
          "mount - - /srv/vh/mnt/data bind,remount,ro,nosuid ",
          "mount - - /srv/vh/mnt/data rec,slave ",
          "mount proc proc /srv/vh/proc nosuid,nodev,noexec ",
          "mount sysfs sysfs /srv/vh/sys ro,nosuid,nodev,noexec ",
          "mount tmpfs tmpfs /srv/vh/dev nosuid,noexec mode=755,size=64k",
          "mknod /srv/vh/dev/null c 1:3", "chmod /srv/vh/dev/null 438",
          "mknod /srv/vh/dev/zero c 1:5", "chmod /srv/vh/dev/zero 438",
          "mknod /srv/vh/dev/full c 1:7", "chmod /srv/vh/dev/full 438",
          "mknod /srv/vh/dev/random c 1:8", "chmod /srv/vh/dev/random 438",
          "mknod /srv/vh/dev/urandom c 1:9", "chmod /srv/vh/dev/urandom 438",
          "mknod /srv/vh/dev/tty c 5:0", "chmod /srv/vh/dev/tty 438",
          "mkdir /srv/vh/dev/pts",
          "mount devpts devpts /srv/vh/dev/pts nosuid,noexec "
          "newinstance,ptmxmode=0666,mode=620,gid=5",
          "symlink /srv/vh/dev/ptmx -> pts/ptmx",
          "symlink /srv/vh/dev/fd -> /proc/self/fd",
          "symlink /srv/vh/dev/stdin -> /proc/self/fd/0",
          "symlink /srv/vh/dev/stdout -> /proc/self/fd/1",
          "symlink /srv/vh/dev/stderr -> /proc/self/fd/2",
          "mount tmpfs tmpfs /srv/vh/tmp nosuid,nodev mode=1777",
          "pivot_root /srv/vh"));
}

TEST(NamespaceSetupTest, MountPointsAreMadeInTheRootfsBeforehand) {
  RecordingKernel recorder;

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), ParseSpec(kRootfsSpec))
                  .MakeMountPoints()
                  .ok());

  EXPECT_THAT(recorder.log(),
              ElementsAre("mkdir /srv/vh/proc", "mkdir /srv/vh/sys",
                          "mkdir /srv/vh/dev", "mkdir /srv/vh/tmp"));
}

TEST(NamespaceSetupTest, ExistingMountPointsAreNotMadeAgain) {
  RecordingKernel recorder;
  ON_CALL(recorder.mock(), IsDirectory(_)).WillByDefault(Return(true));
  const ContainerSpec spec =
      ParseSpec("virtual_host {} filesystem { rootfs: \"/r\" }");
  const NamespaceSetup setup(recorder.kernel(), spec);

  ASSERT_TRUE(setup.MakeMountPoints().ok());
  EXPECT_THAT(recorder.log(), IsEmpty());

  ASSERT_TRUE(setup.Apply().ok());
  EXPECT_THAT(recorder.log(), Contains("mkdir /r/dev/pts"));
}

TEST(NamespaceSetupTest, WithoutRootfsNoMountPointIsMade) {
  RecordingKernel recorder;
  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), ParseSpec("virtual_host {}"))
                  .MakeMountPoints()
                  .ok());
  EXPECT_THAT(recorder.log(), IsEmpty());
}

TEST(NamespaceSetupTest, WithoutRootfsMountsFreshProcOverTheHostsOnly) {
  RecordingKernel recorder;

  ASSERT_TRUE(
      NamespaceSetup(recorder.kernel(),
                     ParseSpec("virtual_host { virtual_hostname: \"h\" }"))
          .Apply()
          .ok());

  EXPECT_THAT(recorder.log(),
              ElementsAre("hostname h", "mount - - / rec,private ",
                          "mount proc proc /proc nosuid,nodev,noexec "));
}

TEST(NamespaceSetupTest, WithoutHostnameKeepsTheInheritedOne) {
  RecordingKernel recorder;
  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), ParseSpec("virtual_host {}"))
                  .Apply()
                  .ok());
  EXPECT_THAT(recorder.log(), Not(Contains("hostname ")));
  EXPECT_EQ(recorder.log().size(), 2u);
}

constexpr char kUserNamespace[] =
    "user_namespace { uid_map { id_outside_ns: 100000 length: 65536 } "
    "gid_map { id_outside_ns: 100000 length: 65536 } }";

TEST(NamespaceSetupTest, UserNamespaceBecomesRootBeforeItMountsAnything) {
  RecordingKernel recorder;
  const ContainerSpec spec = ParseSpec(absl::StrCat(
      "virtual_host { ", kUserNamespace, " } filesystem { rootfs: \"/r\" }"));

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), spec).Apply().ok());

  EXPECT_THAT(
      recorder.log(),
      ElementsAre(
          "mount - - / rec,private ", "identity 0:0", "mount - /r /r bind,rec ",
          "mount proc proc /r/proc nosuid,nodev,noexec ",
          // No network namespace of its own: the host's /sys, read-only.
          "mount - /sys /r/sys bind,rec ",
          "mount - - /r/sys bind,remount,ro,nosuid,nodev,noexec ",
          "mount tmpfs tmpfs /r/dev nosuid,noexec mode=755,size=64k",
          // Devices are the host's, bound over empty files.
          "mknod /r/dev/null f 0:0", "mount - /dev/null /r/dev/null bind ",
          "mknod /r/dev/zero f 0:0", "mount - /dev/zero /r/dev/zero bind ",
          "mknod /r/dev/full f 0:0", "mount - /dev/full /r/dev/full bind ",
          "mknod /r/dev/random f 0:0",
          "mount - /dev/random /r/dev/random bind ",
          "mknod /r/dev/urandom f 0:0",
          "mount - /dev/urandom /r/dev/urandom bind ", "mknod /r/dev/tty f 0:0",
          "mount - /dev/tty /r/dev/tty bind ", "mkdir /r/dev/pts",
          "mount devpts devpts /r/dev/pts nosuid,noexec "
          "newinstance,ptmxmode=0666,mode=620,gid=5",
          "symlink /r/dev/ptmx -> pts/ptmx",
          "symlink /r/dev/fd -> /proc/self/fd",
          "symlink /r/dev/stdin -> /proc/self/fd/0",
          "symlink /r/dev/stdout -> /proc/self/fd/1",
          "symlink /r/dev/stderr -> /proc/self/fd/2",
          "mount tmpfs tmpfs /r/tmp nosuid,nodev mode=1777", "pivot_root /r"));
}

TEST(NamespaceSetupTest, UserNamespaceWithNetworkMountsItsOwnSysfs) {
  RecordingKernel recorder;
  const ContainerSpec spec =
      ParseSpec(absl::StrCat("virtual_host { network {} ", kUserNamespace,
                             " } filesystem { rootfs: \"/r\" }"));

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), spec).Apply().ok());

  EXPECT_THAT(recorder.log(),
              Contains("mount sysfs sysfs /r/sys ro,nosuid,nodev,noexec "));
  EXPECT_THAT(recorder.log(), Not(Contains("mount - /sys /r/sys bind,rec ")));
}

TEST(NamespaceSetupTest, DevptsTakesNoTtyGroupThatIsUnmappedInside) {
  RecordingKernel recorder;
  const ContainerSpec spec = ParseSpec(
      "virtual_host { user_namespace { uid_map { id_outside_ns: 100000 "
      "length: 1 } gid_map { id_outside_ns: 100000 length: 1 } } } "
      "filesystem { rootfs: \"/r\" }");

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(), spec).Apply().ok());

  EXPECT_THAT(recorder.log(),
              Contains("mount devpts devpts /r/dev/pts nosuid,noexec "
                       "newinstance,ptmxmode=0666,mode=620"));
}

TEST(NamespaceSetupTest, UserNamespaceWithoutRootfsBecomesRootBeforeProc) {
  RecordingKernel recorder;

  ASSERT_TRUE(NamespaceSetup(recorder.kernel(),
                             ParseSpec(absl::StrCat("virtual_host { ",
                                                    kUserNamespace, " }")))
                  .Apply()
                  .ok());

  EXPECT_THAT(recorder.log(),
              ElementsAre("mount - - / rec,private ", "identity 0:0",
                          "mount proc proc /proc nosuid,nodev,noexec "));
}

TEST(NamespaceSetupTest, FailureToBecomeRootStopsBeforeAnyMount) {
  RecordingKernel recorder(/*fail_at=*/1);
  const ContainerSpec spec = ParseSpec(absl::StrCat(
      "virtual_host { ", kUserNamespace, " } filesystem { rootfs: \"/r\" }"));

  absl::Status status = NamespaceSetup(recorder.kernel(), spec).Apply();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(recorder.log(),
              ElementsAre("mount - - / rec,private ", "identity 0:0"));
}

// Every step of the full setup, failed in turn: the setup returns that
// step's error and makes no further call.
class NamespaceSetupFailureTest : public ::testing::TestWithParam<int> {};

TEST_P(NamespaceSetupFailureTest, StopsAtTheFailingStepWithItsError) {
  RecordingKernel recorder(GetParam());

  absl::Status status =
      NamespaceSetup(recorder.kernel(), ParseSpec(kRootfsSpec)).Apply();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
  EXPECT_EQ(status.message(), absl::StrCat("step ", GetParam(), " refused"));
  EXPECT_EQ(recorder.log().size(), static_cast<size_t>(GetParam() + 1))
      << "calls were made after the failing step";
}

// kRootfsSpec takes 31 steps (see BuildsRootFilesystemAndPivotsIntoIt).
INSTANTIATE_TEST_SUITE_P(EachStep, NamespaceSetupFailureTest,
                         ::testing::Range(0, 31));

}  // namespace
}  // namespace lmctfy
}  // namespace containers
