// SPDX-License-Identifier: Apache-2.0
// Tests of ContainerApiImpl (Get, Exists, Create, Destroy, Detect) on a fake
// cgroup filesystem.

#include "lmctfy/container_api_impl.h"

#include <signal.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "lmctfy/children_limit.h"
#include "lmctfy/container_impl.h"
#include "tests/common/parse_spec.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

// Position of `entry` in `log`, or -1.
int IndexOf(const std::vector<std::string>& log, const std::string& entry) {
  auto it = std::find(log.begin(), log.end(), entry);
  return it == log.end() ? -1 : static_cast<int>(it - log.begin());
}

class ContainerApiImplTest : public FakeMachineTest {
 protected:
  void SetUp() override { MountSeparately(); }

  ContainerApiImpl& Api() {
    if (api_ == nullptr) api_ = std::make_unique<ContainerApiImpl>(Context());
    return *api_;
  }

  // Every directory below the hierarchy mounts that names container /a,
  // hidden (.a) or not.
  std::vector<std::string> DirsOfA() const {
    std::vector<std::string> dirs;
    for (const auto& [h, mount] : mounts_) {
      for (const char* base : {"/a", "/.a"}) {
        if (fs_.HasDir(mount + base)) dirs.push_back(mount + base);
      }
    }
    return dirs;
  }

 private:
  std::unique_ptr<ContainerApiImpl> api_;
};

// ---- Get and Exists ----

TEST_F(ContainerApiImplTest, GetRootAlwaysSucceeds) {
  absl::StatusOr<std::unique_ptr<Container>> root = Api().Get("/");
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ((*root)->name(), "/");
}

TEST_F(ContainerApiImplTest, GetMissingContainerIsNotFound) {
  absl::StatusOr<std::unique_ptr<Container>> missing = Api().Get("/nope");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("/nope"));
}

TEST_F(ContainerApiImplTest, GetReturnsContainerUnderItsResolvedName) {
  AddContainer("/a");
  AddContainer("/a/b");
  absl::StatusOr<std::unique_ptr<Container>> got = Api().Get("/a/./x/../b/");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)->name(), "/a/b");
}

TEST_F(ContainerApiImplTest, GetResolvesRelativeNameAgainstCallersContainer) {
  fs_.SetFile("/proc/thread-self/cgroup", "3:memory:/m\n4:freezer:/top\n");
  AddContainer("/top");
  AddContainer("/top/sub");
  absl::StatusOr<std::unique_ptr<Container>> got = Api().Get("sub");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)->name(), "/top/sub");
}

TEST_F(ContainerApiImplTest, GetRefusesBadName) {
  EXPECT_EQ(Api().Get("/a//b").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ContainerApiImplTest, GetDoesNotReportHalfMadeContainer) {
  // A create killed before its freezer cgroup was made.
  fs_.AddDir(Dir(CGROUP_MEMORY, "/a"));
  EXPECT_EQ(Api().Get("/a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Api().Exists("/a"), IsOkAndHolds(false));
}

TEST_F(ContainerApiImplTest, ExistsIsTrueForRootAndFreezerDirectories) {
  AddContainer("/a");
  EXPECT_THAT(Api().Exists("/"), IsOkAndHolds(true));
  EXPECT_THAT(Api().Exists("/a"), IsOkAndHolds(true));
  EXPECT_THAT(Api().Exists("/b"), IsOkAndHolds(false));
}

TEST_F(ContainerApiImplTest, ExistsIgnoresPlainFileWithContainerName) {
  fs_.SetFile("/cg/freezer/notes", "");
  EXPECT_THAT(Api().Exists("/notes"), IsOkAndHolds(false));
}

TEST_F(ContainerApiImplTest, ExistsRefusesBadName) {
  EXPECT_EQ(Api().Exists("/tasks").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- Create ----

TEST_F(ContainerApiImplTest, CreateWithEmptySpecMakesOnlyFreezerCgroup) {
  absl::StatusOr<std::unique_ptr<Container>> made =
      Api().Create("/a", ContainerSpec());
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ((*made)->name(), "/a");
  EXPECT_THAT(fs_.LogOf("mkdir "), ElementsAre("mkdir /cg/freezer/.a"));
  EXPECT_THAT(fs_.LogOf("rename "),
              ElementsAre("rename /cg/freezer/.a /cg/freezer/a"));
  EXPECT_THAT(fs_.LogOf("chown "), IsEmpty());
  EXPECT_TRUE(fs_.HasDir("/cg/freezer/a"));
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/.a"));
}

// The hidden freezer cgroup becomes the container's in the very last step,
// so a create killed before it leaves no container Get or Exists could see.
TEST_F(ContainerApiImplTest, CreateMakesHiddenFreezerFirstAndRenamesItLast) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("cpu {} memory {} device {}")).ok());
  EXPECT_THAT(fs_.LogOf("mkdir "),
              ElementsAre("mkdir /cg/freezer/.a", "mkdir /cg/cpu/a",
                          "mkdir /cg/cpuacct/a", "mkdir /cg/cpuset/a",
                          "mkdir /cg/memory/a", "mkdir /cg/devices/a"));
  std::vector<std::string> changes;
  for (const std::string& entry : fs_.log()) {
    if (!absl::StartsWith(entry, "lock ") &&
        !absl::StartsWith(entry, "unlock ")) {
      changes.push_back(entry);
    }
  }
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back(), "rename /cg/freezer/.a /cg/freezer/a");
}

TEST_F(ContainerApiImplTest, CreateRemovesEveryCgroupWhenRenameFails) {
  ON_CALL(kernel_, Rename(_, _))
      .WillByDefault(Return(absl::PermissionDeniedError("rename denied")));
  absl::Status status =
      Api().Create("/a", ParseSpec("cpu {} memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("rename denied"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
  EXPECT_THAT(fs_.LogOf("rmdir "),
              ElementsAre("rmdir /cg/memory/a", "rmdir /cg/cpuset/a",
                          "rmdir /cg/cpuacct/a", "rmdir /cg/cpu/a",
                          "rmdir /cg/freezer/.a"));
}

TEST_F(ContainerApiImplTest, CreateGivesNewCpusetTheParentsCpusAndMems) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("cpu {}")).ok());
  EXPECT_EQ(fs_.File("/cg/cpuset/a/cpuset.cpus"), "0-3");
  EXPECT_EQ(fs_.File("/cg/cpuset/a/cpuset.mems"), "0");
}

TEST_F(ContainerApiImplTest, CreateExistingContainerIsAlreadyExists) {
  AddContainer("/a");
  absl::Status status = Api().Create("/a", ParseSpec("memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateRootIsAlreadyExists) {
  EXPECT_EQ(Api().Create("/", ContainerSpec()).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(ContainerApiImplTest, CreateWithMissingParentIsNotFound) {
  absl::Status status = Api().Create("/a/b", ContainerSpec()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("parent /a"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateRefusesBadNamesAndMakesNothing) {
  for (const char* name : {"", "a//b", "//", "/.x", "/_x", "/tasks",
                           "/a/cgroup.procs", "/..", "../..", "<", "/a b"}) {
    absl::Status status = Api().Create(name, ParseSpec("memory {}")).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
  }
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateResolvesRelativeNameAgainstDetectZero) {
  fs_.SetFile("/proc/thread-self/cgroup", "4:freezer:/top\n");
  AddContainer("/top");
  absl::StatusOr<std::unique_ptr<Container>> made =
      Api().Create("sub", ContainerSpec());
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ((*made)->name(), "/top/sub");
  EXPECT_TRUE(fs_.HasDir("/cg/freezer/top/sub"));

  ASSERT_TRUE(Api().Create("../sibling", ContainerSpec()).ok());
  EXPECT_TRUE(fs_.HasDir("/cg/freezer/sibling"));
}

TEST_F(ContainerApiImplTest, CreateRelativeNameFailsWhenCallerUndetectable) {
  fs_.RemoveFile("/proc/thread-self/cgroup");
  EXPECT_EQ(Api().Create("sub", ContainerSpec()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateRemovesEveryCgroupWhenMemoryWriteFails) {
  fs_.FailWrite("/cg/memory/a/memory.soft_limit_in_bytes",
                absl::PermissionDeniedError("Permission denied"));
  absl::Status status =
      Api().Create("/a", ParseSpec("cpu {} memory {} device {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /a"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/cg/memory/a/memory.soft_limit_in_bytes"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
  EXPECT_FALSE(fs_.HasDir("/cg/devices/a"));
}

TEST_F(ContainerApiImplTest, CreateRemovesEveryCgroupWhenDeviceWriteFails) {
  fs_.FailWrite("/cg/devices/a/devices.deny",
                absl::InvalidArgumentError("Invalid argument"));
  absl::Status status =
      Api()
          .Create("/a", ParseSpec("cpu {} memory {} device { restrictions_set "
                                  "{ restrictions { permission: DENY type: "
                                  "DEVICE_ALL access: READ } } }"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateMakesNothingWhenFreezerMkdirFails) {
  fs_.FailMkDir("/cg/freezer/.a", absl::ResourceExhaustedError("No space"));
  absl::Status status =
      Api().Create("/a", ParseSpec("cpu {} memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(DirsOfA(), IsEmpty());
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateWithOwnerChownsEveryDirectoryAndTaskFile) {
  ASSERT_TRUE(Api()
                  .Create("/a", ParseSpec("owner: 1000 owner_group: 100 "
                                          "cpu {} memory {}"))
                  .ok());
  std::vector<std::string> expected;
  for (const char* dir : {"/cg/freezer/.a", "/cg/cpu/a", "/cg/cpuacct/a",
                          "/cg/cpuset/a", "/cg/memory/a"}) {
    for (const char* file : {"", "/tasks", "/cgroup.procs"}) {
      expected.push_back(absl::StrCat("chown ", dir, file, " 1000 100"));
    }
    if (absl::string_view(dir) == "/cg/memory/a") {
      expected.push_back("chown /cg/memory/a/cgroup.event_control 1000 100");
    }
    if (absl::string_view(dir) == "/cg/freezer/.a") {
      expected.push_back("chown /cg/freezer/.a/freezer.state 1000 100");
    }
  }
  EXPECT_EQ(fs_.LogOf("chown "), expected);

  // Everything is handed over before the container becomes visible.
  const std::vector<std::string>& log = fs_.log();
  EXPECT_LT(IndexOf(log, "chown /cg/memory/a/cgroup.event_control 1000 100"),
            IndexOf(log, "rename /cg/freezer/.a /cg/freezer/a"));
}

TEST_F(ContainerApiImplTest, CreateWithOnlyOwnerKeepsGroup) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("owner: 7")).ok());
  EXPECT_THAT(fs_.LogOf("chown "),
              ElementsAre("chown /cg/freezer/.a 7 -1",
                          "chown /cg/freezer/.a/tasks 7 -1",
                          "chown /cg/freezer/.a/cgroup.procs 7 -1",
                          "chown /cg/freezer/.a/freezer.state 7 -1"));
}

TEST_F(ContainerApiImplTest, CreateWithOnlyOwnerGroupKeepsUser) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("owner_group: 9")).ok());
  EXPECT_THAT(fs_.LogOf("chown /cg/freezer/.a "),
              ElementsAre("chown /cg/freezer/.a -1 9"));
}

TEST_F(ContainerApiImplTest, CreateRemovesEverythingWhenDelegationFails) {
  ON_CALL(kernel_, Chown(Eq("/cg/memory/a/tasks"), _, _))
      .WillByDefault(Return(absl::PermissionDeniedError("chown denied")));
  absl::Status status =
      Api().Create("/a", ParseSpec("owner: 1000 memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("chown denied"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateRemovesRemnantsOfAKilledCreateFirst) {
  // What a create killed after making the memory cgroup leaves behind.
  fs_.AddDir(Dir(CGROUP_FREEZER, "/.a"));
  fs_.AddDir(Dir(CGROUP_MEMORY, "/a"));
  absl::StatusOr<std::unique_ptr<Container>> made =
      Api().Create("/a", ParseSpec("memory {}"));
  ASSERT_TRUE(made.ok()) << made.status();
  const std::vector<std::string>& log = fs_.log();
  EXPECT_THAT(fs_.LogOf("rmdir "),
              ElementsAre("rmdir /cg/memory/a", "rmdir /cg/freezer/.a"));
  EXPECT_LT(IndexOf(log, "rmdir /cg/freezer/.a"),
            IndexOf(log, "mkdir /cg/freezer/.a"));
  EXPECT_TRUE(fs_.HasDir("/cg/freezer/a"));
  EXPECT_TRUE(fs_.HasDir("/cg/memory/a"));
}

// Without the hidden freezer cgroup, a resource cgroup of that name is not
// lmctfy's remnant (e.g. /batch made by init): it is left alone.
TEST_F(ContainerApiImplTest, CreateLeavesForeignResourceCgroupAlone) {
  fs_.AddDir(Dir(CGROUP_MEMORY, "/a"));
  absl::Status status = Api().Create("/a", ParseSpec("memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/cg/memory/a"));
  EXPECT_TRUE(fs_.HasDir("/cg/memory/a"));
  EXPECT_THAT(fs_.LogOf("rmdir /cg/memory"), IsEmpty());
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/a"));
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/.a"));
}

TEST_F(ContainerApiImplTest, CreateFailsWhenRemnantsCannotBeRemoved) {
  fs_.AddDir(Dir(CGROUP_FREEZER, "/.a"));
  fs_.AddDir(Dir(CGROUP_MEMORY, "/a"));
  fs_.FailRmDir("/cg/memory/a", absl::PermissionDeniedError("busy"));
  absl::Status status =
      Api().Create("/a", ParseSpec("cpu {} memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("left of container /a"));
  EXPECT_FALSE(fs_.HasDir("/cg/cpu/a"));
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/a"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateWithCoMountedCpuMakesSharedDirectoryOnce) {
  machine_.clear_cgroup_mount();
  mounts_.clear();
  Mount({CGROUP_CPU, CGROUP_CPUACCT});
  Mount({CGROUP_FREEZER});
  ASSERT_TRUE(Api().Create("/a", ParseSpec("owner: 5 cpu {}")).ok());
  EXPECT_THAT(fs_.LogOf("mkdir "),
              ElementsAre("mkdir /cg/freezer/.a", "mkdir /cg/cpu,cpuacct/a"));
  EXPECT_THAT(fs_.LogOf("chown /cg/cpu,cpuacct/a "),
              ElementsAre("chown /cg/cpu,cpuacct/a 5 -1"));
}

TEST_F(ContainerApiImplTest, CreateSubcontainerOfNonIsolatingParentFails) {
  AddContainer("/a");
  absl::Status status = Api().Create("/a/b", ParseSpec("memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("parent /a"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateSubcontainerNestsResourceCgroups) {
  AddContainer("/a", {CGROUP_MEMORY});
  ASSERT_TRUE(Api().Create("/a/b", ParseSpec("memory {}")).ok());
  EXPECT_THAT(fs_.LogOf("mkdir "),
              ElementsAre("mkdir /cg/freezer/a/.b", "mkdir /cg/memory/a/b"));
  EXPECT_THAT(fs_.LogOf("rename "),
              ElementsAre("rename /cg/freezer/a/.b /cg/freezer/a/b"));
}

struct RefusedSpec {
  const char* spec;
  absl::StatusCode code;
  const char* field;
};

class CreateRefusesSpecTest
    : public ContainerApiImplTest,
      public ::testing::WithParamInterface<RefusedSpec> {};

TEST_P(CreateRefusesSpecTest, BeforeAnyDirectoryIsMade) {
  const RefusedSpec& refused = GetParam();
  absl::Status status =
      Api()
          .Create("/a",
                  ParseSpec(absl::StrCat("cpu {} memory {} ", refused.spec)))
          .status();
  EXPECT_EQ(status.code(), refused.code) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(refused.field));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    UnsupportedFields, CreateRefusesSpecTest,
    ::testing::Values(
        RefusedSpec{"virtual_host {}", absl::StatusCode::kFailedPrecondition,
                    "lmctfy-vhost-init"},
        RefusedSpec{"virtual_host {} filesystem { rootfs: \"/srv\" }",
                    absl::StatusCode::kFailedPrecondition, "lmctfy-vhost-init"},
        RefusedSpec{"children_limit: -1", absl::StatusCode::kInvalidArgument,
                    "children_limit"},
        RefusedSpec{"blockio {}", absl::StatusCode::kUnimplemented, "blockio"},
        RefusedSpec{"filesystem { fd_limit: 10 }",
                    absl::StatusCode::kUnimplemented, "fd_limit"},
        RefusedSpec{"filesystem { rootfs: \"/srv\" }",
                    absl::StatusCode::kInvalidArgument, "rootfs"},
        RefusedSpec{"filesystem { mounts {} }",
                    absl::StatusCode::kInvalidArgument, "mounts"},
        RefusedSpec{"security_spec { apparmor_profile { name: \"p\" } }",
                    absl::StatusCode::kUnimplemented, "apparmor_profile"},
        RefusedSpec{"owner: -2", absl::StatusCode::kInvalidArgument, "owner"},
        RefusedSpec{"device { restrictions_set { restrictions { type: "
                    "DEVICE_ALL access: READ } } }",
                    absl::StatusCode::kInvalidArgument, "permission"},
        RefusedSpec{"monitoring {}", absl::StatusCode::kFailedPrecondition,
                    "perf_event"}));

// ---- virtual hosts ----

class VirtualHostCreateTest : public ContainerApiImplTest {
 protected:
  void SetUp() override {
    ContainerApiImplTest::SetUp();
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/self/exe"))))
        .WillByDefault(Return(std::string("/opt/lm/bin/lmctfy")));
    fs_.SetFile("/opt/lm/bin/lmctfy-vhost-init", "");
    ON_CALL(kernel_, Open(Eq(std::string("/opt/lm/bin/lmctfy-vhost-init")), _))
        .WillByDefault(Return(90));
    ON_CALL(kernel_, CloneStopped(_))
        .WillByDefault([this](const CloneRequest& request) {
          request_ = request;
          return StoppedChild{77, -1, -1};
        });
    ON_CALL(kernel_, ReleaseChild(_)).WillByDefault(Return(absl::OkStatus()));
  }

  CloneRequest request_;
};

TEST_F(VirtualHostCreateTest, InitJoinsEveryCgroupOfTheContainerAndIsRecorded) {
  absl::StatusOr<std::unique_ptr<Container>> created =
      Api().Create("/a", ParseSpec("memory {} virtual_host {}"));

  ASSERT_TRUE(created.ok()) << created.status();
  // The init starts while the freezer cgroup still has its hidden name, so
  // a create killed before the init ran leaves no whole-looking container.
  EXPECT_THAT(request_.tasks_files,
              ElementsAre("/cg/freezer/.a/tasks", "/cg/cpu/tasks",
                          "/cg/cpuacct/tasks", "/cg/cpuset/tasks",
                          "/cg/memory/a/tasks", "/cg/devices/tasks"));
  EXPECT_EQ(request_.program_fd, 90);
  const int recorded = IndexOf(fs_.log(),
                               "setxattr /cg/freezer/.a/cgroup.clone_children "
                               "user.lmctfy.virtual_host ");
  EXPECT_GE(recorded, 0);
  EXPECT_GT(IndexOf(fs_.log(), "rename /cg/freezer/.a /cg/freezer/a"),
            recorded);
  EXPECT_EQ(fs_.Save().xattrs.count(
                "/cg/freezer/a/cgroup.clone_children user.lmctfy.virtual_host"),
            1u);
}

TEST_F(VirtualHostCreateTest, FailedStartRemovesEveryCgroup) {
  ON_CALL(kernel_, ReleaseChild(_))
      .WillByDefault(Return(absl::PermissionDeniedError("pivot_root refused")));

  absl::Status status =
      Api()
          .Create("/a", ParseSpec("cpu {} memory {} virtual_host {}"))
          .status();

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("creating container /a"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("pivot_root refused"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(VirtualHostCreateTest, SubcontainerCannotBeAVirtualHost) {
  fs_.AddDir("/cg/freezer/p");
  absl::Status status =
      Api().Create("/p/a", ParseSpec("virtual_host {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

// ---- children_limit ----

// Where the limit is stored while the container is made (hidden), and
// where it is read afterwards.
constexpr char kHiddenCarrier[] = "/cg/freezer/.a/cgroup.clone_children";
constexpr char kLimitCarrier[] = "/cg/freezer/a/cgroup.clone_children";

TEST_F(ContainerApiImplTest, CreateStoresChildrenLimitBeforeItIsVisible) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 2")).ok());
  const std::vector<std::string>& log = fs_.log();
  int stored = IndexOf(log, absl::StrCat("setxattr ", kHiddenCarrier,
                                         " user.lmctfy.children_limit 2"));
  ASSERT_GE(stored, 0);
  EXPECT_LT(IndexOf(log, "mkdir /cg/freezer/.a"), stored);
  EXPECT_LT(stored, IndexOf(log, "rename /cg/freezer/.a /cg/freezer/a"));
  EXPECT_THAT(ChildrenLimit(kernel_).Load("/cg/freezer/a"),
              IsOkAndHolds(std::optional<int64_t>(2)));
}

TEST_F(ContainerApiImplTest, CreateStoresLimitBeforeHandingFreezerOver) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 1 owner: 5")).ok());
  const std::vector<std::string>& log = fs_.log();
  EXPECT_LT(IndexOf(log, absl::StrCat("setxattr ", kHiddenCarrier,
                                      " user.lmctfy.children_limit 1")),
            IndexOf(log, "chown /cg/freezer/.a 5 -1"));
  // The file carrying the limit stays root's, so the delegate cannot raise
  // it.
  EXPECT_THAT(fs_.LogOf(absl::StrCat("chown ", kHiddenCarrier)), IsEmpty());
  EXPECT_THAT(fs_.LogOf(absl::StrCat("chown ", kLimitCarrier)), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateAllowsChildrenUpToParentsLimit) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 2")).ok());
  EXPECT_TRUE(Api().Create("/a/x", ParseSpec("")).ok());
  EXPECT_TRUE(Api().Create("/a/y", ParseSpec("")).ok());
}

TEST_F(ContainerApiImplTest, CreateBeyondParentsLimitIsResourceExhausted) {
  ASSERT_TRUE(
      Api().Create("/a", ParseSpec("children_limit: 1 memory {}")).ok());
  ASSERT_TRUE(Api().Create("/a/x", ParseSpec("memory {}")).ok());
  fs_.ClearLog();

  absl::Status status = Api().Create("/a/y", ParseSpec("memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a/y"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("children_limit is 1"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, ChildrenLimitZeroRefusesEveryChild) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 0")).ok());
  EXPECT_EQ(Api().Create("/a/x", ParseSpec("")).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(ContainerApiImplTest, ChildrenLimitIgnoresForeignDirectories) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 1")).ok());
  // Not a valid container name, so not a subcontainer.
  fs_.AddDir("/cg/freezer/a/not a name");
  EXPECT_TRUE(Api().Create("/a/x", ParseSpec("")).ok());
}

TEST_F(ContainerApiImplTest, ChildrenLimitLimitsOnlyDirectChildren) {
  ASSERT_TRUE(Api().Create("/a", ParseSpec("children_limit: 1")).ok());
  ASSERT_TRUE(Api().Create("/a/x", ParseSpec("")).ok());
  EXPECT_TRUE(Api().Create("/a/x/deep", ParseSpec("")).ok());
}

TEST_F(ContainerApiImplTest, CreateRemovesEverythingWhenStoringLimitFails) {
  ON_CALL(kernel_, SetXattr(Eq(kHiddenCarrier), _, _))
      .WillByDefault(Return(absl::UnimplementedError("setxattr: not here")));
  absl::Status status =
      Api().Create("/a", ParseSpec("children_limit: 3 memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()), HasSubstr("children_limit 3"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateRefusesUnimplementedMemoryField) {
  absl::Status status =
      Api().Create("/a", ParseSpec("memory { max_limit: 100 }")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()), HasSubstr("max_limit"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, CreateNeedsMountedHierarchyOfResource) {
  machine_.clear_cgroup_mount();
  mounts_.clear();
  Mount({CGROUP_FREEZER});
  absl::Status status = Api().Create("/a", ParseSpec("memory {}")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("memory"));
  EXPECT_THAT(fs_.LogOf("mkdir "), IsEmpty());
}

// ---- Destroy ----

TEST_F(ContainerApiImplTest, DestroyRootIsInvalidArgument) {
  SetTasks("/", {1, 2}, {1});
  EXPECT_CALL(kernel_, Kill(_, _)).Times(0);
  absl::StatusOr<std::unique_ptr<Container>> root = Api().Get("/");
  ASSERT_TRUE(root.ok());
  for (DestroyPolicy policy : {DESTROY_FORCE, DESTROY_IF_EMPTY}) {
    absl::Status status = Api().Destroy(root->get(), policy);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(status.message()), HasSubstr("root"));
  }
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, DestroyNullIsInvalidArgument) {
  EXPECT_EQ(Api().Destroy(nullptr).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ContainerApiImplTest, DestroyVanishedContainerIsNotFound) {
  ContainerImpl gone("/gone", Context());
  absl::Status status = Api().Destroy(&gone);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/gone"));
}

TEST_F(ContainerApiImplTest, DestroyIfEmptyRefusesSubcontainers) {
  AddContainer("/a");
  AddContainer("/a/b");
  ContainerImpl a("/a", Context());
  absl::Status status = Api().Destroy(&a, DESTROY_IF_EMPTY);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a/b"));
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, DestroyIfEmptyRefusesProcesses) {
  AddContainer("/a", {CGROUP_MEMORY});
  SetTasks("/a", {10, 11}, {10});
  EXPECT_CALL(kernel_, Kill(_, _)).Times(0);
  ContainerImpl a("/a", Context());
  absl::Status status = Api().Destroy(&a, DESTROY_IF_EMPTY);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1 process"));
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, DestroyIfEmptyRefusesTouristThreads) {
  AddContainer("/a");
  SetTasks("/a", {12, 13}, {});
  ContainerImpl a("/a", Context());
  absl::Status status = Api().Destroy(&a, DESTROY_IF_EMPTY);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("2 thread"));
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, DestroyOfChildlessContainerDoesNotListIt) {
  // A link count of 2 already says the freezer directory has no children.
  AddContainer("/a", {CGROUP_MEMORY});
  EXPECT_CALL(kernel_, ListSubdirectories(_)).Times(0);
  ContainerImpl a("/a", Context());
  for (DestroyPolicy policy : {DESTROY_IF_EMPTY, DESTROY_FORCE}) {
    AddContainer("/a", {CGROUP_MEMORY});
    ASSERT_TRUE(Api().Destroy(&a, policy).ok());
    EXPECT_THAT(DirsOfA(), IsEmpty());
  }
}

TEST_F(ContainerApiImplTest, DestroyListsWhenTheLinkCountSaysNothing) {
  // A file system whose directories do not count their subdirectories.
  AddContainer("/a");
  AddContainer("/a/b");
  ON_CALL(kernel_, DirectoryLinkCount(_))
      .WillByDefault(Return(absl::StatusOr<uint64_t>(1)));
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a).ok());
  EXPECT_THAT(DirsOfA(), IsEmpty());
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/a/b"));
}

TEST_F(ContainerApiImplTest, DestroyIfEmptyRemovesEmptyContainer) {
  AddContainer("/a", {CGROUP_MEMORY});
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a, DESTROY_IF_EMPTY).ok());
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(ContainerApiImplTest, DestroyForceRemovesDescendantsDeepestFirst) {
  AddContainer("/a", {CGROUP_MEMORY});
  AddContainer("/a/b", {CGROUP_MEMORY});
  AddContainer("/a/b/c");
  AddContainer("/a/d");
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a, DESTROY_FORCE).ok());
  EXPECT_THAT(fs_.LogOf("rename "),
              ElementsAre("rename /cg/freezer/a/d /cg/freezer/a/.d",
                          "rename /cg/freezer/a/b/c /cg/freezer/a/b/.c",
                          "rename /cg/freezer/a/b /cg/freezer/a/.b",
                          "rename /cg/freezer/a /cg/freezer/.a"));
  EXPECT_THAT(fs_.LogOf("rmdir /cg/freezer"),
              ElementsAre("rmdir /cg/freezer/a/.d", "rmdir /cg/freezer/a/b/.c",
                          "rmdir /cg/freezer/a/.b", "rmdir /cg/freezer/.a"));
  EXPECT_THAT(fs_.LogOf("rmdir /cg/memory"),
              ElementsAre("rmdir /cg/memory/a/b", "rmdir /cg/memory/a"));
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/a"));
}

TEST_F(ContainerApiImplTest, DestroyWithoutPolicyIsForceful) {
  AddContainer("/a");
  AddContainer("/a/b");
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a).ok());
  EXPECT_FALSE(fs_.HasDir("/cg/freezer/a"));
}

TEST_F(ContainerApiImplTest, DestroyKillsTasksBeforeRemovingCgroups) {
  AddContainer("/a", {CGROUP_MEMORY});
  AddContainer("/a/b");
  SetTasks("/a", {10}, {10});
  SetTasks("/a/b", {20}, {20});
  ON_CALL(kernel_, Kill(_, SIGKILL)).WillByDefault([this](pid_t pid, int) {
    fs_.AppendLog(absl::StrCat("kill ", pid));
    fs_.RemoveTask(pid);
    return absl::OkStatus();
  });
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a).ok());
  const std::vector<std::string>& log = fs_.log();
  EXPECT_LT(IndexOf(log, "kill 20"),
            IndexOf(log, "rename /cg/freezer/a/b /cg/freezer/a/.b"));
  EXPECT_LT(IndexOf(log, "rmdir /cg/freezer/a/.b"), IndexOf(log, "kill 10"));
  EXPECT_LT(IndexOf(log, "kill 10"),
            IndexOf(log, "rename /cg/freezer/a /cg/freezer/.a"));
  EXPECT_LT(IndexOf(log, "kill 10"), IndexOf(log, "rmdir /cg/memory/a"));
}

TEST_F(ContainerApiImplTest, DestroyRemovesResourcesInReverseCreationOrder) {
  Mount({CGROUP_PERF_EVENT});
  AddContainer("/a", {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_MEMORY,
                      CGROUP_PERF_EVENT, CGROUP_DEVICE});
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a).ok());
  const std::vector<std::string>& log = fs_.log();
  int device = IndexOf(log, "rmdir /cg/devices/a");
  int monitoring = IndexOf(log, "rmdir /cg/perf_event/a");
  int memory = IndexOf(log, "rmdir /cg/memory/a");
  int freezer = IndexOf(log, "rmdir /cg/freezer/.a");
  ASSERT_GE(device, 0);
  // Hidden first, so the container is gone before any part of it.
  EXPECT_LT(IndexOf(log, "rename /cg/freezer/a /cg/freezer/.a"), device);
  EXPECT_LT(device, monitoring);
  EXPECT_LT(monitoring, memory);
  for (const char* cpu_dir :
       {"rmdir /cg/cpu/a", "rmdir /cg/cpuacct/a", "rmdir /cg/cpuset/a"}) {
    int cpu = IndexOf(log, cpu_dir);
    EXPECT_LT(memory, cpu) << cpu_dir;
    EXPECT_LT(cpu, freezer) << cpu_dir;
  }
  EXPECT_EQ(fs_.LogOf("rmdir ").back(), "rmdir /cg/freezer/.a");
}

// Once hidden, the container is gone even if removing a part fails; what is
// left are remnants for RemoveRemnants (destroy -f) or a new Create.
TEST_F(ContainerApiImplTest, DestroyFailingAfterHidingLeavesOnlyRemnants) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.FailRmDir("/cg/memory/a", absl::PermissionDeniedError("not allowed"));
  ContainerImpl a("/a", Context());
  absl::Status status = Api().Destroy(&a);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("destroying /a"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("destroy -f"));
  EXPECT_THAT(Api().Exists("/a"), IsOkAndHolds(false));
  EXPECT_THAT(std::string(Api().Get("/a").status().message()),
              HasSubstr("interrupted"));

  EXPECT_TRUE(Api().RemoveRemnants("/a").ok());
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

// Tasks that survive every kill round keep the container whole.
TEST_F(ContainerApiImplTest, DestroyWhoseTasksSurviveKeepsTheContainerWhole) {
  AddContainer("/a", {CGROUP_MEMORY});
  SetTasks("/a", {10}, {10});
  ContainerImpl a("/a", Context());
  absl::Status status = Api().Destroy(&a);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("destroying /a"));
  EXPECT_THAT(fs_.LogOf("rename "), IsEmpty());
  EXPECT_THAT(Api().Exists("/a"), IsOkAndHolds(true));
}

TEST_F(ContainerApiImplTest, DestroyRemovesAStrayHiddenDirectoryFirst) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.AddDir("/cg/freezer/.a");
  ContainerImpl a("/a", Context());
  ASSERT_TRUE(Api().Destroy(&a).ok());
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

// ---- RemoveRemnants ----

TEST_F(ContainerApiImplTest, RemoveRemnantsRemovesHiddenFreezerAndResources) {
  fs_.AddDir("/cg/freezer/.a");
  fs_.AddDir("/cg/memory/a");
  fs_.AddDir("/cg/cpu/a");
  EXPECT_THAT(Api().Exists("/a"), IsOkAndHolds(false));
  ASSERT_TRUE(Api().RemoveRemnants("/a").ok());
  EXPECT_THAT(DirsOfA(), IsEmpty());
  // Newest resource first, the marker last.
  EXPECT_THAT(fs_.LogOf("rmdir "),
              ElementsAre("rmdir /cg/memory/a", "rmdir /cg/cpu/a",
                          "rmdir /cg/freezer/.a"));
  EXPECT_THAT(fs_.LogOf("lock "), ElementsAre("lock /cg/freezer"));
}

TEST_F(ContainerApiImplTest, RemoveRemnantsKillsTouristTasksFirst) {
  fs_.AddDir("/cg/freezer/.a");
  fs_.SetFile("/cg/freezer/.a/cgroup.procs", "30\n");
  fs_.SetFile("/cg/freezer/.a/tasks", "30\n");
  ON_CALL(kernel_, Kill(_, SIGKILL)).WillByDefault([this](pid_t pid, int) {
    fs_.AppendLog(absl::StrCat("kill ", pid));
    fs_.RemoveTask(pid);
    return absl::OkStatus();
  });
  ASSERT_TRUE(Api().RemoveRemnants("/a").ok());
  const std::vector<std::string>& log = fs_.log();
  EXPECT_LT(IndexOf(log, "kill 30"), IndexOf(log, "rmdir /cg/freezer/.a"));
  EXPECT_THAT(DirsOfA(), IsEmpty());
}

TEST_F(ContainerApiImplTest, RemoveRemnantsWithNothingLeftIsNotFound) {
  fs_.AddDir("/cg/memory/a");  // Not a remnant without the marker.
  absl::Status status = Api().RemoveRemnants("/a");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a"));
  EXPECT_TRUE(fs_.HasDir("/cg/memory/a"));
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, RemoveRemnantsOfWholeContainerChangesNothing) {
  AddContainer("/a", {CGROUP_MEMORY});
  fs_.AddDir("/cg/freezer/.a");
  absl::Status status = Api().RemoveRemnants("/a");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("whole"));
  EXPECT_THAT(fs_.LogOf("rmdir "), IsEmpty());
}

TEST_F(ContainerApiImplTest, RemoveRemnantsRefusesRootAndBadNames) {
  EXPECT_EQ(Api().RemoveRemnants("/").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Api().RemoveRemnants("/.a").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ContainerApiImplTest, HiddenDirectoriesAreNeitherListedNorGettable) {
  AddContainer("/a");
  fs_.AddDir("/cg/freezer/.b");
  fs_.AddDir("/cg/freezer/a/.c");
  absl::StatusOr<std::unique_ptr<Container>> root = Api().Get("/");
  ASSERT_TRUE(root.ok());
  auto listed = (*root)->ListSubcontainers(Container::LIST_RECURSIVE);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0]->name(), "/a");
  EXPECT_THAT(Api().Exists("/b"), IsOkAndHolds(false));
  EXPECT_EQ(Api().Get("/a/c").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ContainerApiImplTest, DestroyedContainerAnswersNotFound) {
  AddContainer("/a", {CGROUP_MEMORY});
  absl::StatusOr<std::unique_ptr<Container>> a = Api().Get("/a");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(Api().Destroy(a->get()).ok());
  EXPECT_EQ((*a)->Spec().status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ((*a)->KillAll().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Api().Destroy(a->get()).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Api().Get("/a").status().code(), absl::StatusCode::kNotFound);
}

// ---- Detect ----

TEST_F(ContainerApiImplTest, DetectReadsCgroupFileOfThread) {
  fs_.SetFile("/proc/42/cgroup",
              "12:memory:/m\n5:freezer:/a/b\n1:name=systemd:/x\n0::/\n");
  EXPECT_THAT(Api().Detect(42), IsOkAndHolds(std::string("/a/b")));
}

TEST_F(ContainerApiImplTest, DetectZeroReadsCallingThreadsFile) {
  fs_.SetFile("/proc/thread-self/cgroup", "5:freezer:/me\n");
  EXPECT_THAT(Api().Detect(0), IsOkAndHolds(std::string("/me")));
}

TEST_F(ContainerApiImplTest, DetectFindsFreezerInSharedSubsystemList) {
  fs_.SetFile("/proc/42/cgroup", "5:devices,freezer:/shared\n");
  EXPECT_THAT(Api().Detect(42), IsOkAndHolds(std::string("/shared")));
}

TEST_F(ContainerApiImplTest, DetectOfDeadThreadIsNotFound) {
  absl::Status status = Api().Detect(4242).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("4242"));
}

TEST_F(ContainerApiImplTest, DetectWithoutFreezerLineIsNotFound) {
  fs_.SetFile("/proc/42/cgroup", "12:memory:/m\n");
  absl::Status status = Api().Detect(42).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/proc/42/cgroup"));
}

TEST_F(ContainerApiImplTest, DetectStripsVirtualRoot) {
  fs_.AddDir("/cg/freezer/jail");
  auto* root = machine_.mutable_virtual_root()->add_cgroup_virtual_root();
  root->set_hierarchy(CGROUP_FREEZER);
  root->set_root("/jail");
  fs_.SetFile("/proc/1/cgroup", "5:freezer:/jail\n");
  fs_.SetFile("/proc/2/cgroup", "5:freezer:/jail/a/b\n");
  EXPECT_THAT(Api().Detect(1), IsOkAndHolds(std::string("/")));
  EXPECT_THAT(Api().Detect(2), IsOkAndHolds(std::string("/a/b")));
}

TEST_F(ContainerApiImplTest, DetectOutsideVirtualRootIsNotFound) {
  fs_.AddDir("/cg/freezer/jail");
  auto* root = machine_.mutable_virtual_root()->add_cgroup_virtual_root();
  root->set_hierarchy(CGROUP_FREEZER);
  root->set_root("jail");
  for (const char* path : {"/", "/other", "/jailbreak"}) {
    fs_.SetFile("/proc/7/cgroup", absl::StrCat("5:freezer:", path, "\n"));
    absl::Status status = Api().Detect(7).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << path;
    EXPECT_THAT(std::string(status.message()), HasSubstr("7")) << path;
    EXPECT_THAT(std::string(status.message()), HasSubstr(path)) << path;
  }
}

TEST_F(ContainerApiImplTest, DetectAboveCgroupNamespaceRootIsNotFound) {
  for (const char* path : {"/..", "/../x", "/../.."}) {
    fs_.SetFile("/proc/7/cgroup", absl::StrCat("5:freezer:", path, "\n"));
    EXPECT_EQ(Api().Detect(7).status().code(), absl::StatusCode::kNotFound)
        << path;
  }
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
