// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for container specs: the CLI's text-then-binary parsing,
// the field checks, and Create, Update and Destroy of a container on the
// in-memory cgroup filesystem of the unit tests (no kernel involved), on a
// vanilla and a Google kernel, then again with each cgroup write and mkdir
// of a successful Create or Update failing in turn.
//
// Input: a ContainerSpec in protobuf text or binary format, as given to
// `lmctfy create`.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/message_differencer.h"

#include "cli/spec_parsing.h"
#include "fuzz/fuzz_check.h"
#include "include/lmctfy.pb.h"
#include "lmctfy/container_api_impl.h"
#include "lmctfy/container_spec_check.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr absl::string_view kName = "/fuzz";

// The kernels a spec is tried on.
enum class Kernel {
  kVanilla,
  // Google's cgroup files (cpu.lat, the extra memory files) and the batch
  // cgroups `lmctfy init` makes for BEST_EFFORT.
  kGoogle,
};

// One kernel change seen in the fake's log: "write P" or "mkdir P".
struct Change {
  bool mkdir;
  std::string path;
  std::string Describe() const {
    return absl::StrCat(mkdir ? "mkdir " : "write ", path);
  }
};

// Errors name the container and are never UNKNOWN.
void CheckError(absl::string_view input, const absl::Status& status) {
  FUZZ_CHECK(status.code() != absl::StatusCode::kUnknown, input,
             status.ToString());
  FUZZ_CHECK(absl::StrContains(status.message(), kName), input,
             status.ToString());
}

// A machine with cpu, cpuacct, cpuset, memory, devices and freezer mounted
// separately on the fake cgroup filesystem, caller in "/". Each method checks
// what it did and aborts (FUZZ_CHECK) on a broken rule.
class FuzzMachine : public FakeMachineTest {
 public:
  FuzzMachine(Kernel kernel, absl::string_view input) : input_(input) {
    MountSeparately();
    if (kernel == Kernel::kGoogle) AddGoogleFiles();
    api_ = std::make_unique<ContainerApiImpl>(Context());
  }

  // Creates kName. A refused create leaves no cgroup behind.
  bool Create(const ContainerSpec& spec) {
    fs_.ClearLog();
    absl::StatusOr<std::unique_ptr<Container>> made = api_->Create(kName, spec);
    if (!made.ok()) {
      CheckError(input_, made.status());
      CheckEveryDirRemoved();
      return false;
    }
    container_ = std::move(*made);
    return true;
  }

  // Updates the created container. A refused update changes nothing that
  // Spec() reports.
  bool Update(const ContainerSpec& spec, Container::UpdatePolicy policy) {
    absl::StatusOr<ContainerSpec> before = container_->Spec();
    FUZZ_CHECK(before.ok(), input_, before.status().ToString());
    fs_.ClearLog();
    absl::Status updated = container_->Update(spec, policy);
    if (updated.ok()) return true;
    CheckError(input_, updated);
    absl::StatusOr<ContainerSpec> after = container_->Spec();
    FUZZ_CHECK(after.ok(), input_, after.status().ToString());
    FUZZ_CHECK(
        google::protobuf::util::MessageDifferencer::Equals(*before, *after),
        input_,
        absl::StrCat("a refused update (", updated.ToString(),
                     ") changed the spec from ", before->ShortDebugString(),
                     " to ", after->ShortDebugString()));
    return false;
  }

  // Destroys the created container and checks that every cgroup is gone.
  void Destroy() {
    absl::Status destroyed = api_->Destroy(container_.get(), DESTROY_FORCE);
    FUZZ_CHECK(destroyed.ok(), input_, destroyed.ToString());
    CheckEveryDirRemoved();
  }

  // The writes and mkdirs since the last Create or Update began, each path
  // once.
  std::vector<Change> Changes() const {
    std::vector<Change> changes;
    for (const std::string& entry : fs_.log()) {
      const bool mkdir = absl::StartsWith(entry, "mkdir ");
      if (!mkdir && !absl::StartsWith(entry, "write ")) continue;
      const size_t start = entry.find(' ') + 1;
      Change change{mkdir, entry.substr(start, entry.find(' ', start) - start)};
      bool seen = false;
      for (const Change& earlier : changes) {
        seen |= earlier.mkdir == mkdir && earlier.path == change.path;
      }
      if (!seen) changes.push_back(std::move(change));
    }
    return changes;
  }

  // Makes the next `change` fail as a kernel refusal would.
  void Fail(const Change& change) {
    absl::Status refusal = absl::PermissionDeniedError(
        absl::StrCat(change.path, ": refused by the fuzzer"));
    if (change.mkdir) {
      fs_.FailMkDir(change.path, refusal);
    } else {
      fs_.FailWrite(change.path, refusal);
    }
  }

  void TestBody() override {}

 private:
  void AddGoogleFiles() {
    FakeCgroupFs::Files cpu = FakeCgroupFiles(CGROUP_CPU);
    cpu["cpu.lat"] = "50\n";
    FakeCgroupFs::Files memory = FakeCgroupFiles(CGROUP_MEMORY);
    for (const char* file :
         {"memory.oom_score_badness", "memory.compression_sampling_ratio",
          "memory.stale_page_age", "memory.dirty_ratio",
          "memory.dirty_background_ratio", "memory.dirty_limit_in_bytes",
          "memory.dirty_background_limit_in_bytes",
          "memory.kmem_charge_usage"}) {
      memory[file] = "0\n";
    }
    for (auto& [hierarchy, files] :
         {std::pair<CgroupHierarchy, FakeCgroupFs::Files&>{CGROUP_CPU, cpu},
          {CGROUP_MEMORY, memory}}) {
      fs_.SetTemplate(Dir(hierarchy, "/"), files);
      for (const auto& [file, contents] : files) {
        fs_.SetFile(absl::StrCat(Dir(hierarchy, "/"), "/", file), contents);
      }
    }
    fs_.AddDir(Dir(CGROUP_CPU, "/batch"));
    fs_.AddDir(Dir(CGROUP_CPUACCT, "/batch"));
  }

  // Every directory made since the log was last cleared is gone again.
  void CheckEveryDirRemoved() const {
    for (const Change& change : Changes()) {
      if (!change.mkdir) continue;
      FUZZ_CHECK(!fs_.HasDir(change.path), input_,
                 "left behind: " + change.path);
    }
  }

  const absl::string_view input_;
  std::unique_ptr<ContainerApiImpl> api_;
  std::unique_ptr<Container> container_;
};

// Creates, updates both ways and destroys; then repeats the create, and each
// update, once per kernel change it made with that change failing.
void Exercise(Kernel kernel, absl::string_view input,
              const ContainerSpec& spec) {
  std::vector<Change> create_changes;
  {
    FuzzMachine machine(kernel, input);
    if (!machine.Create(spec)) return;
    create_changes = machine.Changes();
    machine.Update(spec, Container::UPDATE_DIFF);
    machine.Update(spec, Container::UPDATE_REPLACE);
    machine.Destroy();
  }
  for (const Change& change : create_changes) {
    FuzzMachine machine(kernel, input);
    machine.Fail(change);
    FUZZ_CHECK(!machine.Create(spec), input,
               "create succeeded although " + change.Describe() + " failed");
  }

  for (Container::UpdatePolicy policy :
       {Container::UPDATE_DIFF, Container::UPDATE_REPLACE}) {
    std::vector<Change> update_changes;
    {
      FuzzMachine machine(kernel, input);
      FUZZ_CHECK(machine.Create(spec), input, "second create failed");
      if (!machine.Update(spec, policy)) continue;
      update_changes = machine.Changes();
    }
    for (const Change& change : update_changes) {
      FuzzMachine machine(kernel, input);
      FUZZ_CHECK(machine.Create(spec), input, "second create failed");
      machine.Fail(change);
      FUZZ_CHECK(!machine.Update(spec, policy), input,
                 "update succeeded although " + change.Describe() + " failed");
    }
  }
}

// Each check either passes or refuses with one of `allowed`.
void CheckRefusal(absl::string_view input, const absl::Status& status,
                  std::vector<absl::StatusCode> allowed) {
  if (status.ok()) return;
  bool known = false;
  for (absl::StatusCode code : allowed) known |= status.code() == code;
  FUZZ_CHECK(known, input, status.ToString());
  FUZZ_CHECK(absl::StrContains(status.message(), kName), input,
             status.ToString());
}

void FuzzOne(absl::string_view input) {
  ContainerSpec spec;
  absl::Status parsed = cli::ParseTextOrBinary(input, "fuzz input", &spec);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.code() == absl::StatusCode::kInvalidArgument, input,
               parsed.ToString());
    FUZZ_CHECK(spec.ByteSizeLong() == 0, input, "refused spec not cleared");
    return;
  }

  CheckRefusal(
      input, CheckCreateOnlyFields(kName, spec),
      {absl::StatusCode::kInvalidArgument, absl::StatusCode::kUnimplemented});
  CheckRefusal(input, CheckUpdateFields(kName, spec),
               {absl::StatusCode::kUnimplemented});
  Exercise(Kernel::kVanilla, input, spec);
  Exercise(Kernel::kGoogle, input, spec);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  containers::lmctfy::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
