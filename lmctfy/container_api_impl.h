// SPDX-License-Identifier: Apache-2.0
// The ContainerApi: name resolution, create with rollback, destroy,
// existence, detection and removal of what killed calls left behind.

#ifndef LMCTFY_LMCTFY_CONTAINER_API_IMPL_H_
#define LMCTFY_LMCTFY_CONTAINER_API_IMPL_H_

#include <memory>
#include <string>
#include <vector>

#include "include/lmctfy.h"
#include "lmctfy/api_context.h"
#include "lmctfy/container_lock.h"
#include "lmctfy/controllers/freezer_controller.h"

namespace containers {
namespace lmctfy {

// Thread-safe: it holds only the immutable shared context.
class ContainerApiImpl : public ContainerApi {
 public:
  explicit ContainerApiImpl(std::shared_ptr<const ApiContext> context);

  absl::StatusOr<std::unique_ptr<Container>> Get(
      absl::string_view name) const override;
  absl::StatusOr<std::unique_ptr<Container>> Create(
      absl::string_view name, const ContainerSpec& spec) const override;
  absl::Status Destroy(Container* container) const override;
  absl::Status Destroy(Container* container,
                       DestroyPolicy policy) const override;
  absl::StatusOr<bool> Exists(absl::string_view name) const override;
  absl::Status RemoveRemnants(absl::string_view name) const override;
  absl::StatusOr<std::string> Detect(pid_t tid) const override;

 private:
  absl::StatusOr<std::string> Resolve(absl::string_view name) const;
  // Locks the freezer cgroup directories of `containers` (parents first) for
  // an operation on `name`.
  absl::StatusOr<ContainerLock> LockDirs(
      const std::string& name,
      const std::vector<std::string>& containers) const;
  bool FreezerDirExists(const std::string& name) const;
  // What one stat of a locked container's freezer directory tells.
  struct FreezerDirState {
    bool exists;
    bool may_have_children;
  };
  FreezerDirState StateOfFreezerDir(const std::string& name) const;
  absl::Status ValidateCreate(const std::string& name,
                              const ContainerSpec& spec) const;
  // Makes every cgroup of the container, the freezer cgroup under a hidden
  // name that becomes the real one last; on failure removes them all.
  absl::Status MakeCgroups(const std::string& name,
                           const ContainerSpec& spec) const;
  // Starts a new virtual host's init in its cgroups, the freezer one still
  // under its hidden name (vhost/).
  absl::Status StartVirtualHostInit(
      const std::string& name, const ContainerSpec& spec,
      const FreezerController& hidden_freezer) const;
  // FAILED_PRECONDITION when `name` has subcontainers (looked for only when
  // it `may_have_children`), processes or threads.
  absl::Status CheckEmpty(const std::string& name,
                          bool may_have_children) const;
  // Destroys `name` and its subcontainers, whose locks it takes in turn; the
  // caller holds the lock of `name` and has seen that its freezer directory
  // exists and whether it `may_have_children`.
  absl::Status DestroyLockedTree(const std::string& name,
                                 bool may_have_children) const;

  const std::shared_ptr<const ApiContext> context_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_API_IMPL_H_
