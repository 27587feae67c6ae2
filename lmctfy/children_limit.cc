// SPDX-License-Identifier: Apache-2.0
// Keeps and checks the children_limit of a container.

#include "lmctfy/children_limit.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/container_name.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

std::string FileIn(const std::string& dir, absl::string_view file) {
  return absl::StrCat(dir, "/", file);
}

}  // namespace

absl::Status ChildrenLimit::Store(absl::string_view container,
                                  const std::string& freezer_dir,
                                  int64_t limit) const {
  if (limit < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "container ", container, ": children_limit ", limit, " is negative"));
  }
  const std::string carrier = FileIn(freezer_dir, kCarrierFile);
  VLOG(1) << "container " << container << ": setting " << kAttribute << " of "
          << carrier << " to " << limit;
  absl::Status stored =
      kernel_.SetXattr(carrier, kAttribute, absl::StrCat(limit));
  if (!stored.ok()) {
    return absl::Status(
        stored.code(),
        absl::StrCat("container ", container, ": storing children_limit ",
                     limit, ": ", stored.message()));
  }

  const std::string kernel_file = FileIn(freezer_dir, kKernelFile);
  if (!kernel_.PathExists(kernel_file)) return absl::OkStatus();
  VLOG(1) << "container " << container << ": writing " << limit << " to "
          << kernel_file;
  return kernel_.WriteFile(kernel_file, absl::StrCat(limit));
}

absl::StatusOr<std::optional<int64_t>> ChildrenLimit::Load(
    const std::string& freezer_dir) const {
  const std::string carrier = FileIn(freezer_dir, kCarrierFile);
  absl::StatusOr<std::string> text = kernel_.GetXattr(carrier, kAttribute);
  // Where the filesystem has no user attributes (EOPNOTSUPP), none can have
  // been stored, so there is no limit either.
  if (absl::IsNotFound(text.status()) || absl::IsUnimplemented(text.status())) {
    return std::nullopt;
  }
  RETURN_IF_ERROR(text.status());

  int64_t limit = 0;
  if (!absl::SimpleAtoi(*text, &limit) || limit < 0) {
    return absl::InternalError(absl::StrCat(carrier, ": ", kAttribute,
                                            " holds \"", *text,
                                            "\", not a children_limit"));
  }
  return limit;
}

absl::Status ChildrenLimit::CheckRoomForChild(absl::string_view parent,
                                              const std::string& parent_dir,
                                              absl::string_view child) const {
  ASSIGN_OR_RETURN(std::optional<int64_t> limit, Load(parent_dir));
  if (!limit.has_value()) return absl::OkStatus();

  ASSIGN_OR_RETURN(std::vector<std::string> dirs,
                   kernel_.ListSubdirectories(parent_dir));
  int64_t children = 0;
  for (const std::string& dir : dirs) {
    if (IsValidNameComponent(dir)) ++children;
  }
  if (children < *limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "cannot create ", child, ": container ", parent, " already has ",
      children, " subcontainer(s), its children_limit is ", *limit));
}

}  // namespace lmctfy
}  // namespace containers
