// SPDX-License-Identifier: Apache-2.0
// Create, Update and Destroy stopped at every kernel step, on the fake cgroup
// filesystem: as if SIGKILLed there (no later step happens) or with that one
// step failing. Afterwards Get, Exists and listings must report only whole
// containers, and destroy -f (RemoveRemnants or Destroy) or a new Create of
// the name must work and leave exactly what a clean run leaves.

#include <signal.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

#include "lmctfy/children_limit.h"
#include "lmctfy/container_api_impl.h"
#include "tests/common/parse_spec.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// Every resource, a children_limit and an owner: each of them is a step that
// a killed create could miss.
constexpr char kSpec[] =
    "owner: 1000 owner_group: 100 children_limit: 2 "
    "cpu { limit: 500 } memory { limit: 100000000 reservation: 50000000 } "
    "device { restrictions_set { restrictions { permission: DENY "
    "type: DEVICE_CHAR major: 1 minor: 3 access: READ } } }";
constexpr char kChildSpec[] = "memory { limit: 50000000 }";
constexpr char kNewSpec[] =
    "cpu { limit: 250 } memory { limit: 200000000 reservation: 10000000 } "
    "device { restrictions_set { restrictions { permission: DENY "
    "type: DEVICE_CHAR major: 1 minor: 5 access: WRITE } } }";

std::string Show(const absl::Status& status) { return status.ToString(); }

class CrashSafetyTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    MountSeparately();
    api_ = std::make_unique<ContainerApiImpl>(Context());
    // A kill is a step too; the task is gone afterwards, as on the kernel.
    ON_CALL(kernel_, Kill(_, SIGKILL)).WillByDefault([this](pid_t pid, int) {
      RETURN_IF_ERROR(fs_.TakeStep(absl::StrCat("kill ", pid)));
      fs_.RemoveTask(pid);
      return absl::OkStatus();
    });
    // A whole sibling that nothing below may disturb.
    ASSERT_TRUE(api_->Create("/b", ParseSpec("memory {}")).ok());
    empty_ = fs_.Dump();
  }

  ContainerApiImpl& api() { return *api_; }

  // The containers a recursive listing of / reports.
  std::set<std::string> Listed() {
    std::set<std::string> names;
    absl::StatusOr<std::unique_ptr<Container>> root = api().Get("/");
    EXPECT_TRUE(root.ok()) << root.status();
    if (!root.ok()) return names;
    auto listed = (*root)->ListSubcontainers(Container::LIST_RECURSIVE);
    EXPECT_TRUE(listed.ok()) << listed.status();
    if (!listed.ok()) return names;
    for (const auto& container : *listed) names.insert(container->name());
    return names;
  }

  // Exists, Get and the listing agree on `name`; returns their answer.
  bool Reported(const std::string& name) {
    absl::StatusOr<bool> exists = api().Exists(name);
    EXPECT_TRUE(exists.ok()) << exists.status();
    absl::StatusOr<std::unique_ptr<Container>> got = api().Get(name);
    EXPECT_EQ(got.ok(), exists.value_or(false)) << name << ": " << got.status();
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
    }
    EXPECT_EQ(Listed().count(name) > 0, exists.value_or(false)) << name;
    return exists.value_or(false);
  }

  // What a whole /a made with kSpec reports: every resource section, its
  // children_limit and its owner.
  void ExpectWholeA(const std::string& context) {
    absl::StatusOr<std::unique_ptr<Container>> a = api().Get("/a");
    ASSERT_TRUE(a.ok()) << context << ": " << a.status();
    absl::StatusOr<ContainerSpec> spec = (*a)->Spec();
    ASSERT_TRUE(spec.ok()) << context << ": " << spec.status();
    EXPECT_TRUE(spec->has_cpu()) << context;
    EXPECT_TRUE(spec->has_memory()) << context;
    EXPECT_TRUE(spec->has_device()) << context;
    absl::StatusOr<std::optional<int64_t>> limit =
        ChildrenLimit(kernel_).Load("/cg/freezer/a");
    ASSERT_TRUE(limit.ok()) << context << ": " << limit.status();
    EXPECT_EQ(*limit, std::optional<int64_t>(2)) << context;
    EXPECT_THAT(fs_.Dump(), HasSubstr("owner /cg/freezer/a 1000 100"))
        << context;
  }

  // The tree holds /b and nothing of /a.
  void ExpectNothingOfA(const std::string& context) {
    EXPECT_EQ(fs_.Dump(), empty_) << context;
  }

  // Runs `call` from `start` until it succeeds, counting its steps, and
  // returns the count; the tree is left as the call leaves it.
  int CountSteps(const FakeCgroupFs::Saved& start,
                 const std::function<absl::Status()>& call) {
    fs_.Restore(start);
    fs_.Revive();
    absl::Status status = call();
    EXPECT_TRUE(status.ok()) << status;
    const int steps = fs_.steps();
    fs_.Revive();
    return steps;
  }

  // Restores `start` and runs `call` killed at `step`.
  void KillAt(const FakeCgroupFs::Saved& start, int step,
              const std::function<absl::Status()>& call) {
    fs_.Restore(start);
    fs_.Revive();
    fs_.DieAtStep(step);
    absl::Status status = call();
    fs_.Revive();
    EXPECT_EQ(status.code(), absl::StatusCode::kAborted)
        << "killed at step " << step << ": " << Show(status);
  }

  absl::Status CreateA() {
    return api().Create("/a", ParseSpec(kSpec)).status();
  }
  absl::Status DestroyA() {
    ASSIGN_OR_RETURN(std::unique_ptr<Container> a, api().Get("/a"));
    return api().Destroy(a.get());
  }

  std::string empty_;

 private:
  std::unique_ptr<ContainerApiImpl> api_;
};

TEST_F(CrashSafetyTest, CreateKilledAtAnyStepLeavesNoContainerAndIsRepaired) {
  const FakeCgroupFs::Saved start = fs_.Save();
  const int steps = CountSteps(start, [this] { return CreateA(); });
  const std::string whole = fs_.Dump();
  // Makes, writes, chowns, the limit and the rename: far more than a few.
  ASSERT_GE(steps, 20);

  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("create killed at step ", step);
    KillAt(start, step, [this] { return CreateA(); });
    // The rename that makes it whole is the last step, never reached.
    EXPECT_FALSE(Reported("/a")) << at;
    EXPECT_EQ(Listed(), std::set<std::string>{"/b"}) << at;
    const FakeCgroupFs::Saved killed = fs_.Save();

    // destroy -f of the name.
    absl::Status removed = api().RemoveRemnants("/a");
    EXPECT_TRUE(removed.ok() || (step == 0 && absl::IsNotFound(removed)))
        << at << ": " << Show(removed);
    ExpectNothingOfA(at + ", then destroy -f");

    // Or a new create of the name.
    fs_.Restore(killed);
    absl::Status created = CreateA();
    ASSERT_TRUE(created.ok()) << at << ", then create: " << Show(created);
    EXPECT_EQ(fs_.Dump(), whole) << at << ", then create";
    ExpectWholeA(at + ", then create");
  }
}

TEST_F(CrashSafetyTest, CreateWithAnyStepFailingLeavesNothing) {
  const FakeCgroupFs::Saved start = fs_.Save();
  const int steps = CountSteps(start, [this] { return CreateA(); });
  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("create failing at step ", step);
    fs_.Restore(start);
    fs_.Revive();
    fs_.FailStep(step, absl::InternalError("injected: Input/output error"));
    absl::Status status = CreateA();
    fs_.Revive();
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << at;
    EXPECT_THAT(std::string(status.message()), HasSubstr("/a")) << at;
    EXPECT_FALSE(Reported("/a")) << at;
    ExpectNothingOfA(at);
  }
}

class CrashSafetyDestroyTest : public CrashSafetyTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CrashSafetyTest::SetUp());
    ASSERT_TRUE(CreateA().ok());
    ASSERT_TRUE(api().Create("/a/c", ParseSpec(kChildSpec)).ok());
    SetTasks("/a", {10, 11}, {10});
    SetTasks("/a/c", {20}, {20});
    start_ = fs_.Save();
  }

  FakeCgroupFs::Saved start_;
};

TEST_F(CrashSafetyDestroyTest, DestroyKilledAtAnyStepLeavesWholeOrNothing) {
  const int steps = CountSteps(start_, [this] { return DestroyA(); });
  ExpectNothingOfA("clean destroy");
  ASSERT_GE(steps, 10);

  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("destroy killed at step ", step);
    KillAt(start_, step, [this] { return DestroyA(); });
    const FakeCgroupFs::Saved killed = fs_.Save();
    const bool a_whole = Reported("/a");
    const bool c_whole = Reported("/a/c");
    EXPECT_THAT(std::set<std::string>({"/a", "/a/c", "/b"}),
                IsSupersetOf(Listed()))
        << at;
    EXPECT_TRUE(Reported("/b")) << at;
    if (c_whole) {
      EXPECT_TRUE(a_whole) << at;
      auto c = api().Get("/a/c");
      ASSERT_TRUE(c.ok()) << at;
      auto spec = (*c)->Spec();
      ASSERT_TRUE(spec.ok()) << at << ": " << spec.status();
      EXPECT_TRUE(spec->has_memory()) << at;
    }
    if (a_whole) {
      ASSERT_NO_FATAL_FAILURE(ExpectWholeA(at));
      // destroy -f of the name.
      absl::Status destroyed = DestroyA();
      EXPECT_TRUE(destroyed.ok()) << at << ": " << Show(destroyed);
      ExpectNothingOfA(at + ", then destroy -f");
      if (!c_whole) {
        // A create of the half-gone child repairs it instead.
        fs_.Restore(killed);
        absl::Status created =
            api().Create("/a/c", ParseSpec(kChildSpec)).status();
        EXPECT_TRUE(created.ok())
            << at << ", then create /a/c: " << Show(created);
        EXPECT_TRUE(Reported("/a/c")) << at;
        EXPECT_TRUE(DestroyA().ok()) << at;
        ExpectNothingOfA(at + ", then create /a/c and destroy -f /a");
      }
      continue;
    }
    // Gone as a container: destroy -f (RemoveRemnants) or a create of the
    // name cleans up.
    absl::Status removed = api().RemoveRemnants("/a");
    EXPECT_TRUE(removed.ok() || absl::IsNotFound(removed))
        << at << ": " << Show(removed);
    ExpectNothingOfA(at + ", then destroy -f");

    fs_.Restore(killed);
    absl::Status created = CreateA();
    ASSERT_TRUE(created.ok()) << at << ", then create: " << Show(created);
    ExpectWholeA(at + ", then create");
    EXPECT_FALSE(Reported("/a/c")) << at;
    EXPECT_TRUE(DestroyA().ok()) << at;
    ExpectNothingOfA(at + ", then create and destroy");
  }
}

TEST_F(CrashSafetyDestroyTest, DestroyWithAnyStepFailingLeavesWholeOrNothing) {
  const int steps = CountSteps(start_, [this] { return DestroyA(); });
  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("destroy failing at step ", step);
    fs_.Restore(start_);
    fs_.Revive();
    fs_.FailStep(step, absl::InternalError("injected: Input/output error"));
    absl::Status status = DestroyA();
    fs_.Revive();
    EXPECT_FALSE(status.ok()) << at;
    EXPECT_THAT(std::string(status.message()), HasSubstr("/a")) << at;
    if (Reported("/a")) {
      ASSERT_NO_FATAL_FAILURE(ExpectWholeA(at));
      EXPECT_TRUE(DestroyA().ok()) << at;
    } else {
      absl::Status removed = api().RemoveRemnants("/a");
      EXPECT_TRUE(removed.ok()) << at << ": " << Show(removed);
    }
    ExpectNothingOfA(at + ", then destroy -f");
  }
}

class CrashSafetyUpdateTest : public CrashSafetyTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CrashSafetyTest::SetUp());
    ASSERT_TRUE(CreateA().ok());
    start_ = fs_.Save();
    auto before = Spec();
    ASSERT_TRUE(before.has_value());
    before_ = *before;
  }

  absl::Status UpdateA() {
    ASSIGN_OR_RETURN(std::unique_ptr<Container> a, api().Get("/a"));
    return a->Update(ParseSpec(kNewSpec), Container::UPDATE_REPLACE);
  }

  std::optional<ContainerSpec> Spec() {
    absl::StatusOr<std::unique_ptr<Container>> a = api().Get("/a");
    EXPECT_TRUE(a.ok()) << a.status();
    if (!a.ok()) return std::nullopt;
    absl::StatusOr<ContainerSpec> spec = (*a)->Spec();
    EXPECT_TRUE(spec.ok()) << spec.status();
    if (!spec.ok()) return std::nullopt;
    return *spec;
  }

  FakeCgroupFs::Saved start_;
  ContainerSpec before_;
};

bool SameSpec(const ContainerSpec& a, const ContainerSpec& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

TEST_F(CrashSafetyUpdateTest, UpdateKilledAtAnyStepLeavesAWholeContainer) {
  const int steps = CountSteps(start_, [this] { return UpdateA(); });
  const std::optional<ContainerSpec> updated = Spec();
  ASSERT_TRUE(updated.has_value());
  ASSERT_FALSE(SameSpec(*updated, before_));
  ASSERT_GE(steps, 3);

  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("update killed at step ", step);
    KillAt(start_, step, [this] { return UpdateA(); });
    // Some values may be new, but the container is whole.
    EXPECT_TRUE(Reported("/a")) << at;
    ASSERT_NO_FATAL_FAILURE(ExpectWholeA(at));
    // Repeating the update completes it.
    absl::Status again = UpdateA();
    ASSERT_TRUE(again.ok()) << at << ": " << Show(again);
    const std::optional<ContainerSpec> after = Spec();
    ASSERT_TRUE(after.has_value()) << at;
    EXPECT_TRUE(SameSpec(*after, *updated))
        << at << ": " << after->DebugString() << " vs "
        << updated->DebugString();
    EXPECT_TRUE(DestroyA().ok()) << at;
    ExpectNothingOfA(at + ", then destroy");
  }
}

TEST_F(CrashSafetyUpdateTest, UpdateWithAnyStepFailingRestoresTheOldValues) {
  const int steps = CountSteps(start_, [this] { return UpdateA(); });
  for (int step = 0; step < steps; ++step) {
    const std::string at = absl::StrCat("update failing at step ", step);
    fs_.Restore(start_);
    fs_.Revive();
    fs_.FailStep(step, absl::InternalError("injected: Input/output error"));
    absl::Status status = UpdateA();
    fs_.Revive();
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << at;
    const std::optional<ContainerSpec> after = Spec();
    ASSERT_TRUE(after.has_value()) << at;
    EXPECT_TRUE(SameSpec(*after, before_)) << at << ": " << after->DebugString()
                                           << " vs " << before_.DebugString();
  }
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
