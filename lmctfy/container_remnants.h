// SPDX-License-Identifier: Apache-2.0
// What a Create or Destroy killed part-way leaves behind, and how the next
// call recognises and removes it (INTERFACE.md 4.5, "Killed mid-way").
//
// A container is whole exactly when its freezer cgroup <parent>/<base>
// exists. Create makes that cgroup under the hidden name <parent>/.<base>
// (never a valid container name, so Get, Exists and listings skip it), then
// the resource cgroups, stores children_limit, hands everything to the owner,
// and only then renames .<base> to <base>: one rename(2), so the container
// appears whole or not at all. Destroy kills the tasks, renames <base> back to
// .<base> (the container vanishes in one step), then removes the resource
// cgroups and last the hidden freezer cgroup. So a container that is not
// whole has resource cgroups only while its hidden freezer cgroup exists: that
// directory marks the remnants, and removing them (Create of the same name,
// ContainerApi::RemoveRemnants, `lmctfy destroy -f`) ends with it.

#ifndef LMCTFY_LMCTFY_CONTAINER_REMNANTS_H_
#define LMCTFY_LMCTFY_CONTAINER_REMNANTS_H_

#include <string>

#include "absl/status/status.h"

#include "lmctfy/api_context.h"

namespace containers {
namespace lmctfy {

// The hidden freezer cgroup of container `name` (not "/"): e.g.
// /sys/fs/cgroup/freezer/a/.b for /a/b.
std::string HiddenFreezerDir(const ApiContext& context,
                             const std::string& name);

// The remnants of container `name`. Callers hold the lock of its parent, so
// no Create or Destroy of `name` runs meanwhile. Thread-compatible; does not
// own `context`.
class Remnants {
 public:
  Remnants(const ApiContext& context, std::string name);

  // Whether the hidden freezer cgroup exists.
  bool Exist() const;

  // Kills the tasks of the hidden freezer cgroup (a tourist could have
  // joined it), removes every resource cgroup of the container, newest
  // resource first, and then the hidden freezer cgroup with anything below
  // it. OK when nothing was there. FAILED_PRECONDITION when the container is
  // whole: its cgroups are not remnants. Kernel errors name the container.
  absl::Status Remove() const;

 private:
  const ApiContext& context_;
  const std::string name_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_REMNANTS_H_
