// SPDX-License-Identifier: Apache-2.0
// The interfaces between a Container and the resources it isolates: a
// factory per resource (cpu, memory, device, ...) and a handler per
// container and resource.

#ifndef LMCTFY_LMCTFY_RESOURCES_RESOURCE_HANDLER_H_
#define LMCTFY_LMCTFY_RESOURCES_RESOURCE_HANDLER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "include/config.pb.h"
#include "include/lmctfy.h"
#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

// One cgroup directory a task of a container belongs to.
struct TaskCgroup {
  CgroupHierarchy hierarchy;
  std::string dir;
};

// One existing container's share of one resource. Not thread-safe; owned by
// the caller.
class ResourceHandler {
 public:
  virtual ~ResourceHandler() = default;

  // "cpu", "memory", "device", ... as in ContainerSpec.
  virtual absl::string_view resource_name() const = 0;

  // Checks that `spec`'s section for this resource can be applied with
  // `policy`, without writing anything. INVALID_ARGUMENT, UNIMPLEMENTED or
  // FAILED_PRECONDITION name the field and value.
  virtual absl::Status ValidateUpdate(const ContainerSpec& spec,
                                      Container::UpdatePolicy policy) const = 0;

  // Applies an already validated section. If a write fails, the values
  // already changed are restored and the write's error is returned.
  virtual absl::Status Update(const ContainerSpec& spec,
                              Container::UpdatePolicy policy) = 0;

  // Adds what the kernel enforces now to `spec`.
  virtual absl::Status FillSpec(ContainerSpec* spec) const = 0;

  // Adds usage figures to `stats`.
  virtual absl::Status FillStats(Container::StatsType type,
                                 ContainerStats* stats) const = 0;

  // Hands the container's cgroups of this resource to uid/gid (-1: keep).
  virtual absl::Status Delegate(int64_t uid, int64_t gid) const = 0;

  // Removes this container's cgroups of this resource. The container must
  // have no tasks left.
  virtual absl::Status Destroy() = 0;
};

// Knows how one resource maps onto cgroups for every container. One per
// ContainerApi; thread-safe.
class ResourceHandlerFactory {
 public:
  virtual ~ResourceHandlerFactory() = default;

  virtual absl::string_view resource_name() const = 0;

  // Whether `spec` has this resource's section.
  virtual bool InSpec(const ContainerSpec& spec) const = 0;

  // Whether container `name` (absolute) isolates this resource itself.
  virtual bool Isolates(absl::string_view name) const = 0;

  // The handler of a container that isolates this resource; NOT_FOUND when
  // it does not.
  virtual absl::StatusOr<std::unique_ptr<ResourceHandler>> Get(
      absl::string_view name) const = 0;

  // Checks, without writing, that a new container `name` can isolate this
  // resource with `spec`: hierarchies mounted, parent isolation, field values
  // and kernel features.
  virtual absl::Status ValidateCreate(absl::string_view name,
                                      const ContainerSpec& spec) const = 0;

  // Makes the container's cgroups and applies `spec` with replace semantics.
  // Leaves nothing behind on failure.
  virtual absl::StatusOr<std::unique_ptr<ResourceHandler>> Create(
      absl::string_view name, const ContainerSpec& spec) const = 0;

  // The cgroups a task of `name` joins for this resource (its own or its
  // nearest isolating ancestor's), in the order they are entered.
  virtual std::vector<TaskCgroup> TaskCgroups(absl::string_view name) const = 0;

  // Machine-wide setup done by `lmctfy init`. Idempotent.
  virtual absl::Status InitMachine(const InitSpec& spec) const = 0;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_RESOURCE_HANDLER_H_
