// SPDX-License-Identifier: Apache-2.0
// Memory cgroup creation, update, read-back and statistics.

#include "lmctfy/resources/memory_resource_handler.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lmctfy/resources/memory_settings.h"
#include "lmctfy/resources/memory_stats.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// Google-kernel files reported by Spec() when present.
constexpr char kEvictionFile[] = "memory.oom_score_badness";

}  // namespace

MemoryResourceHandler::MemoryResourceHandler(std::string container,
                                             MemoryController controller,
                                             const KernelFeatureCache& features)
    : container_(std::move(container)),
      controller_(std::move(controller)),
      features_(features) {}

absl::StatusOr<MemoryPlan> MemoryResourceHandler::Plan(
    const ContainerSpec& spec, Container::UpdatePolicy policy,
    bool creating) const {
  return PlanMemory(
      container_, spec.memory(), policy, creating,
      [this](absl::string_view file) {
        return features_.HasFile(controller_.path(), file);
      },
      [this] { return controller_.GetLimitBytes(); });
}

absl::Status MemoryResourceHandler::ValidateUpdate(
    const ContainerSpec& spec, Container::UpdatePolicy policy) const {
  return Plan(spec, policy, false).status();
}

absl::Status MemoryResourceHandler::Update(const ContainerSpec& spec,
                                           Container::UpdatePolicy policy) {
  return Apply(spec, policy, false);
}

absl::Status MemoryResourceHandler::ApplyToNewCgroup(
    const ContainerSpec& spec) {
  return Apply(spec, Container::UPDATE_REPLACE, true);
}

absl::Status MemoryResourceHandler::Apply(const ContainerSpec& spec,
                                          Container::UpdatePolicy policy,
                                          bool creating) {
  ASSIGN_OR_RETURN(MemoryPlan plan, Plan(spec, policy, creating));
  absl::Status status = ApplyMemoryPlan(controller_, plan, creating);
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("setting memory of container ",
                                     container_, ": ", status.message()));
  }
  return status;
}

absl::Status MemoryResourceHandler::FillSpec(ContainerSpec* spec) const {
  MemorySpec* memory = spec->mutable_memory();
  ASSIGN_OR_RETURN(int64_t limit, controller_.GetLimitBytes());
  memory->set_limit(limit);
  ASSIGN_OR_RETURN(int64_t reservation, controller_.GetSoftLimitBytes());
  memory->set_reservation(reservation);
  if (features_.HasFile(controller_.path(), kEvictionFile)) {
    ASSIGN_OR_RETURN(int64_t priority, controller_.ReadInt(kEvictionFile));
    memory->set_eviction_priority(static_cast<int32_t>(priority));
  }
  return absl::OkStatus();
}

absl::Status MemoryResourceHandler::FillStats(Container::StatsType type,
                                              ContainerStats* stats) const {
  return FillMemoryStats(controller_, stats->mutable_memory());
}

absl::Status MemoryResourceHandler::Delegate(int64_t uid, int64_t gid) const {
  return controller_.Delegate(uid, gid, {"cgroup.event_control"});
}

absl::Status MemoryResourceHandler::Destroy() { return controller_.Destroy(); }

MemoryResourceHandlerFactory::MemoryResourceHandlerFactory(
    const KernelApi& kernel, const CgroupLayout& layout)
    : CgroupResourceFactoryBase(CGROUP_MEMORY, "memory", kernel, layout) {}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
MemoryResourceHandlerFactory::Get(absl::string_view name) const {
  if (!Isolates(name)) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not isolate memory"));
  }
  return std::make_unique<MemoryResourceHandler>(
      std::string(name), MemoryController(Dir(name), kernel()), features());
}

absl::Status MemoryResourceHandlerFactory::ValidateCreate(
    absl::string_view name, const ContainerSpec& spec) const {
  RETURN_IF_ERROR(CheckCanIsolate(name));
  std::string feature_dir = FeatureDir(name);
  return PlanMemory(
             name, spec.memory(), Container::UPDATE_REPLACE, true,
             [&](absl::string_view file) {
               return features().HasFile(feature_dir, file);
             },
             []() -> absl::StatusOr<int64_t> { return -1; })
      .status();
}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
MemoryResourceHandlerFactory::Create(absl::string_view name,
                                     const ContainerSpec& spec) const {
  MemoryController controller(Dir(name), kernel());
  RETURN_IF_ERROR(controller.CreateDirectory());
  auto handler = std::make_unique<MemoryResourceHandler>(
      std::string(name), std::move(controller), features());
  absl::Status status = handler->ApplyToNewCgroup(spec);
  if (!status.ok()) {
    RemoveAfterFailure(*handler, status);
    return status;
  }
  return handler;
}

}  // namespace lmctfy
}  // namespace containers
