// SPDX-License-Identifier: Apache-2.0
// Recognising and removing what a killed Create or Destroy left behind.

#include "lmctfy/container_remnants.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/container_name.h"
#include "lmctfy/controllers/freezer_controller.h"
#include "lmctfy/task_killer.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {

std::string HiddenFreezerDir(const ApiContext& context,
                             const std::string& name) {
  return absl::StrCat(
      context.layout().CgroupDir(CGROUP_FREEZER, ParentName(name)), "/.",
      BaseName(name));
}

Remnants::Remnants(const ApiContext& context, std::string name)
    : context_(context), name_(std::move(name)) {}

bool Remnants::Exist() const {
  return context_.kernel().IsDirectory(HiddenFreezerDir(context_, name_));
}

absl::Status Remnants::Remove() const {
  if (!Exist()) return absl::OkStatus();
  if (context_.kernel().IsDirectory(
          context_.layout().CgroupDir(CGROUP_FREEZER, name_))) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", name_,
                     " is whole; destroy it instead of removing "
                     "remnants"));
  }
  auto failed = [this](const absl::Status& status) {
    return absl::Status(status.code(),
                        absl::StrCat("removing what is left of container ",
                                     name_, ": ", status.message()));
  };
  LOG(WARNING) << "container " << name_
               << ": removing what a killed create or destroy left behind";
  const FreezerController hidden(HiddenFreezerDir(context_, name_),
                                 context_.kernel());
  absl::Status status =
      KillAllTasks(name_, hidden, context_.kernel(), context_.options());
  if (!status.ok()) return failed(status);
  const auto& factories = context_.factories();
  for (auto factory = factories.rbegin(); factory != factories.rend();
       ++factory) {
    if (!(*factory)->Isolates(name_)) continue;
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        (*factory)->Get(name_);
    status = handler.ok() ? (*handler)->Destroy() : handler.status();
    if (!status.ok()) return failed(status);
  }
  status = hidden.Destroy();
  if (!status.ok()) return failed(status);
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
