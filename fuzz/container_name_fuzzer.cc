// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for container names: resolves arbitrary names against an
// arbitrary current container and checks what every result must satisfy.
//
// Input: "<name>" (the caller is in "/"), or "<current>\n<name>"; a current
// of "?" makes the current-container lookup fail.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

#include "fuzz/fuzz_check.h"
#include "lmctfy/container_name.h"

namespace containers {
namespace lmctfy {
namespace {

// What the failing lookup returns; it must come back unchanged.
const absl::Status& LookupFailure() {
  static const absl::Status* const failure =
      new absl::Status(absl::UnavailableError("fuzz: no current container"));
  return *failure;
}

// Checks an accepted name: absolute, canonical, every component valid, and a
// fixed point of resolution and of the parent/base helpers.
void CheckResolved(absl::string_view input, const std::string& resolved) {
  FUZZ_CHECK(absl::StartsWith(resolved, "/"), input, resolved);
  FUZZ_CHECK(resolved.size() <= kMaxContainerNameBytes, input, resolved);
  if (resolved == "/") return;
  FUZZ_CHECK(!absl::EndsWith(resolved, "/"), input, resolved);
  std::vector<absl::string_view> components =
      absl::StrSplit(absl::string_view(resolved).substr(1), '/');
  for (absl::string_view component : components) {
    FUZZ_CHECK(IsValidNameComponent(component), input, resolved);
  }

  // An absolute name never asks for the current container.
  absl::StatusOr<std::string> again =
      ResolveContainerName(resolved, []() -> absl::StatusOr<std::string> {
        FUZZ_CHECK(false, "current container asked for an absolute name", "");
        return std::string("/");
      });
  FUZZ_CHECK(again.ok(), input, again.status().ToString());
  FUZZ_CHECK(*again == resolved, input, *again);
  FUZZ_CHECK(JoinName(ParentName(resolved), BaseName(resolved)) == resolved,
             input, resolved);
}

void FuzzOne(absl::string_view data) {
  std::string current = "/";
  absl::string_view name = data;
  const size_t newline = data.find('\n');
  if (newline != absl::string_view::npos) {
    current = std::string(data.substr(0, newline));
    name = data.substr(newline + 1);
  }
  const bool lookup_fails = current == "?";
  bool asked = false;
  absl::StatusOr<std::string> resolved =
      ResolveContainerName(name, [&]() -> absl::StatusOr<std::string> {
        asked = true;
        if (lookup_fails) return LookupFailure();
        return current;
      });

  FUZZ_CHECK(!asked || !absl::StartsWith(name, "/"), data, "asked");
  if (resolved.ok()) {
    CheckResolved(data, *resolved);
  } else if (asked && lookup_fails &&
             resolved.status().code() == LookupFailure().code()) {
    FUZZ_CHECK(resolved.status() == LookupFailure(), data,
               resolved.status().ToString());
  } else {
    // INTERNAL only for a current container that is not absolute.
    const absl::StatusCode code = resolved.status().code();
    FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument ||
                   (code == absl::StatusCode::kInternal && asked &&
                    !absl::StartsWith(current, "/")),
               data, resolved.status().ToString());
    FUZZ_CHECK(!resolved.status().message().empty(), data, "empty message");
  }

  // The helpers take any string without crashing.
  IsValidNameComponent(name);
  ParentName(name);
  BaseName(name);
  JoinName(current, name);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  containers::lmctfy::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
