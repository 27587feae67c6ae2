// SPDX-License-Identifier: Apache-2.0
// cpu/cpuacct/cpuset cgroup placement (including /batch), creation, update,
// read-back and statistics.

#include "lmctfy/resources/cpu_resource_handler.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/container_name.h"
#include "util/cpu_mask.h"
#include "util/hierarchy_names.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kBatch[] = "/batch";
constexpr uint64_t kBatchShares = 2;
constexpr uint64_t kNoCapReadBack = ~0ULL;

bool IsBatchLatency(const CpuSpec& spec) {
  return spec.has_scheduling_latency() &&
         (spec.scheduling_latency() == NORMAL ||
          spec.scheduling_latency() == BEST_EFFORT);
}

// The latency class a Google kernel holds in cpu.lat (INTERFACE.md 4.7.1).
absl::StatusOr<SchedulingLatency> ReadLatency(const CpuController& cpu) {
  ASSIGN_OR_RETURN(int64_t value, cpu.GetLatency());
  switch (value) {
    case 25:
      return PREMIER;
    case 50:
      return PRIORITY;
    case 100:
      return NORMAL;
    case -1:
      return BEST_EFFORT;
  }
  return absl::InternalError(
      absl::StrCat(cpu.FilePath("cpu.lat"), ": unknown latency value ", value));
}

absl::StatusOr<std::set<int>> ReadCpus(const CpusetController& cpuset) {
  ASSIGN_OR_RETURN(std::string cpus, cpuset.GetCpus());
  return ParseCpuList(cpus);
}

}  // namespace

CpuResourceHandler::CpuResourceHandler(std::string container,
                                       std::string cpu_path, CpuController cpu,
                                       CpuacctController cpuacct,
                                       std::optional<CpusetController> cpuset,
                                       const KernelApi& kernel,
                                       const CgroupLayout& layout,
                                       const KernelFeatureCache& features)
    : container_(std::move(container)),
      cpu_path_(std::move(cpu_path)),
      cpu_(std::move(cpu)),
      cpuacct_(std::move(cpuacct)),
      cpuset_(std::move(cpuset)),
      kernel_(kernel),
      layout_(layout),
      features_(features) {}

CpuFacts CpuResourceHandler::Facts(bool creating) const {
  CpuFacts facts;
  facts.creating = creating;
  facts.has_cfs_bandwidth = features_.HasFile(cpu_.path(), "cpu.cfs_quota_us");
  facts.has_latency_file = features_.HasFile(cpu_.path(), "cpu.lat");
  facts.cpuset_mounted = cpuset_.has_value();
  facts.parent_cpus = [this]() -> absl::StatusOr<std::set<int>> {
    std::string parent = ParentName(container_);
    return ReadCpus(
        CpusetController(layout_.CgroupDir(CGROUP_CPUSET, parent), kernel_));
  };
  facts.current_latency = [this]() -> absl::StatusOr<SchedulingLatency> {
    if (features_.HasFile(cpu_.path(), "cpu.lat")) return ReadLatency(cpu_);
    if (!absl::StartsWith(cpu_path_, absl::StrCat(kBatch, "/"))) {
      return PRIORITY;
    }
    if (cpu_.HasIdle()) {
      ASSIGN_OR_RETURN(bool idle, cpu_.GetIdle());
      if (idle) return BEST_EFFORT;
    }
    return NORMAL;
  };
  facts.current_shares = [this] { return cpu_.GetShares(); };
  return facts;
}

absl::Status CpuResourceHandler::ValidateUpdate(
    const ContainerSpec& spec, Container::UpdatePolicy policy) const {
  return PlanCpu(container_, spec.cpu(), policy, Facts(false)).status();
}

absl::Status CpuResourceHandler::Update(const ContainerSpec& spec,
                                        Container::UpdatePolicy policy) {
  ASSIGN_OR_RETURN(CpuPlan plan,
                   PlanCpu(container_, spec.cpu(), policy, Facts(false)));
  return ApplyCpuPlan(cpu_, cpuset_ ? &*cpuset_ : nullptr, plan, false);
}

absl::Status CpuResourceHandler::ApplyToNewCgroups(const ContainerSpec& spec) {
  if (cpuset_.has_value()) {
    // Without cgroup.clone_children the kernel leaves a new cpuset empty,
    // and no task could join it.
    ASSIGN_OR_RETURN(std::string cpus, cpuset_->GetCpus());
    if (cpus.empty()) {
      CpusetController parent(
          layout_.CgroupDir(CGROUP_CPUSET, ParentName(container_)), kernel_);
      ASSIGN_OR_RETURN(std::string parent_cpus, parent.GetCpus());
      ASSIGN_OR_RETURN(std::string parent_mems, parent.GetMems());
      RETURN_IF_ERROR(cpuset_->SetCpus(parent_cpus));
      RETURN_IF_ERROR(cpuset_->SetMems(parent_mems));
    }
  }
  if (spec.cpu().has_scheduling_latency() &&
      spec.cpu().scheduling_latency() == BEST_EFFORT && cpu_.HasIdle()) {
    RETURN_IF_ERROR(cpu_.SetIdle(true));
  }
  ASSIGN_OR_RETURN(
      CpuPlan plan,
      PlanCpu(container_, spec.cpu(), Container::UPDATE_REPLACE, Facts(true)));
  return ApplyCpuPlan(cpu_, cpuset_ ? &*cpuset_ : nullptr, plan, true);
}

absl::Status CpuResourceHandler::FillSpec(ContainerSpec* spec) const {
  CpuSpec* cpu = spec->mutable_cpu();
  ASSIGN_OR_RETURN(uint64_t shares, cpu_.GetShares());
  cpu->set_limit(SharesToMilliCpu(shares));
  if (features_.HasFile(cpu_.path(), "cpu.cfs_quota_us")) {
    ASSIGN_OR_RETURN(int64_t quota, cpu_.GetCfsQuotaUs());
    if (quota < 0) {
      cpu->set_max_limit(kNoCapReadBack);
    } else {
      ASSIGN_OR_RETURN(int64_t period, cpu_.GetCfsPeriodUs());
      if (period > 0) {
        cpu->set_max_limit(static_cast<uint64_t>(quota) * 1000 /
                           static_cast<uint64_t>(period));
      }
    }
  }
  if (cpuset_.has_value()) {
    ASSIGN_OR_RETURN(std::set<int> cpus, ReadCpus(*cpuset_));
    *cpu->mutable_mask() = CpusToMask(cpus);
  }
  return absl::OkStatus();
}

absl::Status CpuResourceHandler::FillStats(Container::StatsType type,
                                           ContainerStats* stats) const {
  CpuStats* cpu = stats->mutable_cpu();
  ASSIGN_OR_RETURN(uint64_t total, cpuacct_.GetUsageNs());
  cpu->mutable_usage()->set_total(total);
  ASSIGN_OR_RETURN(std::vector<int64_t> per_cpu, cpuacct_.GetPerCpuUsageNs());
  for (int64_t ns : per_cpu) cpu->mutable_usage()->add_per_cpu(ns);
  ASSIGN_OR_RETURN(CpuacctController::UserSystemNs times,
                   cpuacct_.GetUserSystemNs());
  cpu->mutable_usage()->set_user(times.user_ns);
  cpu->mutable_usage()->set_system(times.system_ns);
  if (type == Container::STATS_FULL &&
      features_.HasFile(cpu_.path(), "cpu.stat")) {
    ASSIGN_OR_RETURN(CpuController::ThrottlingStats throttling,
                     cpu_.GetThrottlingStats());
    ThrottlingData* data = cpu->mutable_throttling_data();
    data->set_periods(throttling.periods);
    data->set_throttled_periods(throttling.throttled_periods);
    data->set_throttled_time(throttling.throttled_time_ns);
  }
  return absl::OkStatus();
}

std::vector<const CgroupController*> CpuResourceHandler::OwnedControllers()
    const {
  std::vector<const CgroupController*> owned = {&cpu_};
  if (cpuacct_.path() != cpu_.path()) owned.push_back(&cpuacct_);
  if (cpuset_.has_value() && cpuset_->path() != cpu_.path()) {
    owned.push_back(&*cpuset_);
  }
  return owned;
}

absl::Status CpuResourceHandler::Delegate(int64_t uid, int64_t gid) const {
  for (const CgroupController* controller : OwnedControllers()) {
    RETURN_IF_ERROR(controller->Delegate(uid, gid, {}));
  }
  return absl::OkStatus();
}

absl::Status CpuResourceHandler::Destroy() {
  std::vector<const CgroupController*> owned = OwnedControllers();
  for (auto it = owned.rbegin(); it != owned.rend(); ++it) {
    RETURN_IF_ERROR((*it)->Destroy());
  }
  return absl::OkStatus();
}

CpuResourceHandlerFactory::CpuResourceHandlerFactory(const KernelApi& kernel,
                                                     const CgroupLayout& layout)
    : kernel_(kernel), layout_(layout), features_(kernel) {}

bool CpuResourceHandlerFactory::Mounted() const {
  return layout_.IsMounted(CGROUP_CPU) && layout_.IsMounted(CGROUP_CPUACCT);
}

std::optional<std::string> CpuResourceHandlerFactory::CpuPath(
    absl::string_view name) const {
  if (!Mounted()) return std::nullopt;
  if (name == "/") return std::string("/");
  auto is_dir = [this](const std::string& path) {
    return kernel_.IsDirectory(layout_.CgroupDir(CGROUP_CPU, path));
  };
  std::string parent = ParentName(name);
  if (parent == "/") {
    if (is_dir(std::string(name))) return std::string(name);
    std::string batch = absl::StrCat(kBatch, name);
    if (is_dir(batch)) return batch;
    return std::nullopt;
  }
  std::optional<std::string> parent_path = CpuPath(parent);
  if (!parent_path.has_value()) return std::nullopt;
  std::string path = JoinName(*parent_path, BaseName(name));
  if (is_dir(path)) return path;
  return std::nullopt;
}

bool CpuResourceHandlerFactory::Isolates(absl::string_view name) const {
  return CpuPath(name).has_value();
}

std::unique_ptr<CpuResourceHandler> CpuResourceHandlerFactory::MakeHandler(
    absl::string_view name, const std::string& cpu_path) const {
  std::optional<CpusetController> cpuset;
  if (layout_.IsMounted(CGROUP_CPUSET)) {
    cpuset.emplace(layout_.CgroupDir(CGROUP_CPUSET, name), kernel_);
  }
  return std::make_unique<CpuResourceHandler>(
      std::string(name), cpu_path,
      CpuController(layout_.CgroupDir(CGROUP_CPU, cpu_path), kernel_),
      CpuacctController(layout_.CgroupDir(CGROUP_CPUACCT, cpu_path), kernel_),
      std::move(cpuset), kernel_, layout_, features_);
}

absl::StatusOr<std::unique_ptr<ResourceHandler>> CpuResourceHandlerFactory::Get(
    absl::string_view name) const {
  std::optional<std::string> path = CpuPath(name);
  if (!path.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not isolate cpu"));
  }
  return MakeHandler(name, *path);
}

absl::StatusOr<std::string> CpuResourceHandlerFactory::NewCpuPath(
    absl::string_view name, const CpuSpec& spec) const {
  std::string parent = ParentName(name);
  if (parent != "/") {
    std::optional<std::string> parent_path = CpuPath(parent);
    if (!parent_path.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "container ", name, ": cannot isolate cpu because its parent ",
          parent, " does not"));
    }
    return JoinName(*parent_path, BaseName(name));
  }
  if (!IsBatchLatency(spec)) return std::string(name);
  for (CgroupHierarchy h : {CGROUP_CPU, CGROUP_CPUACCT}) {
    if (!kernel_.IsDirectory(layout_.CgroupDir(h, kBatch))) {
      return absl::FailedPreconditionError(absl::StrCat(
          "container ", name, ": scheduling_latency ",
          SchedulingLatency_Name(spec.scheduling_latency()), " needs ",
          layout_.CgroupDir(h, kBatch), ", which `lmctfy init` creates"));
    }
  }
  return absl::StrCat(kBatch, name);
}

absl::Status CpuResourceHandlerFactory::ValidateCreate(
    absl::string_view name, const ContainerSpec& spec) const {
  for (CgroupHierarchy h : {CGROUP_CPU, CGROUP_CPUACCT}) {
    if (!layout_.IsMounted(h)) {
      return absl::FailedPreconditionError(
          absl::StrCat("container ", name, ": cpu needs the ", HierarchyName(h),
                       " cgroup hierarchy, which is not mounted"));
    }
  }
  ASSIGN_OR_RETURN(std::string cpu_path, NewCpuPath(name, spec.cpu()));
  std::string parent_cpu_dir =
      layout_.CgroupDir(CGROUP_CPU, ParentName(cpu_path));
  CpuFacts facts;
  facts.creating = true;
  facts.has_cfs_bandwidth =
      features_.HasFile(parent_cpu_dir, "cpu.cfs_quota_us");
  facts.has_latency_file = features_.HasFile(parent_cpu_dir, "cpu.lat");
  facts.cpuset_mounted = layout_.IsMounted(CGROUP_CPUSET);
  std::string parent = ParentName(name);
  facts.parent_cpus = [&]() -> absl::StatusOr<std::set<int>> {
    return ReadCpus(
        CpusetController(layout_.CgroupDir(CGROUP_CPUSET, parent), kernel_));
  };
  return PlanCpu(name, spec.cpu(), Container::UPDATE_REPLACE, facts).status();
}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
CpuResourceHandlerFactory::Create(absl::string_view name,
                                  const ContainerSpec& spec) const {
  ASSIGN_OR_RETURN(std::string cpu_path, NewCpuPath(name, spec.cpu()));
  std::unique_ptr<CpuResourceHandler> handler = MakeHandler(name, cpu_path);

  std::vector<const CgroupController*> made;
  absl::Status status;
  for (const CgroupController* controller : handler->OwnedControllers()) {
    status = controller->CreateDirectory();
    if (!status.ok()) break;
    made.push_back(controller);
  }
  if (status.ok()) status = handler->ApplyToNewCgroups(spec);
  if (!status.ok()) {
    for (auto it = made.rbegin(); it != made.rend(); ++it) {
      absl::Status removed = (*it)->Destroy();
      if (!removed.ok()) {
        LOG(ERROR) << "removing " << (*it)->path() << " after a failed create ("
                   << status << "): " << removed;
      }
    }
    return status;
  }
  return handler;
}

std::vector<TaskCgroup> CpuResourceHandlerFactory::TaskCgroups(
    absl::string_view name) const {
  std::vector<TaskCgroup> cgroups;
  if (Mounted()) {
    std::string current(name);
    std::optional<std::string> path = CpuPath(current);
    while (!path.has_value()) {
      current = ParentName(current);
      path = CpuPath(current);
    }
    cgroups.push_back({CGROUP_CPU, layout_.CgroupDir(CGROUP_CPU, *path)});
    cgroups.push_back(
        {CGROUP_CPUACCT, layout_.CgroupDir(CGROUP_CPUACCT, *path)});
  }
  if (layout_.IsMounted(CGROUP_CPUSET)) {
    std::string current(name);
    while (current != "/" &&
           !kernel_.IsDirectory(layout_.CgroupDir(CGROUP_CPUSET, current))) {
      current = ParentName(current);
    }
    cgroups.push_back(
        {CGROUP_CPUSET, layout_.CgroupDir(CGROUP_CPUSET, current)});
  }
  return cgroups;
}

absl::Status CpuResourceHandlerFactory::InitMachine(const InitSpec&) const {
  if (Mounted()) {
    for (CgroupHierarchy h : {CGROUP_CPU, CGROUP_CPUACCT}) {
      CgroupController batch(h, layout_.CgroupDir(h, kBatch), kernel_);
      if (!batch.Exists() && layout_.OwnsDirectories(h)) {
        RETURN_IF_ERROR(batch.CreateDirectory());
      }
    }
    CpuController batch(layout_.CgroupDir(CGROUP_CPU, kBatch), kernel_);
    ASSIGN_OR_RETURN(uint64_t shares, batch.GetShares());
    if (shares != kBatchShares) RETURN_IF_ERROR(batch.SetShares(kBatchShares));
  }
  if (layout_.IsMounted(CGROUP_CPUSET)) {
    // New cpuset cgroups then start with their parent's CPUs and memory
    // nodes, which saves two writes per container.
    CgroupController root(CGROUP_CPUSET, layout_.CgroupDir(CGROUP_CPUSET, "/"),
                          kernel_);
    ASSIGN_OR_RETURN(int64_t clone, root.ReadInt("cgroup.clone_children"));
    if (clone != 1) RETURN_IF_ERROR(root.WriteInt("cgroup.clone_children", 1));
  }
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
