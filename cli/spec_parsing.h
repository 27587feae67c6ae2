// SPDX-License-Identifier: Apache-2.0
// Turns command-line and config-file input into protos: text format first,
// then binary.

#ifndef LMCTFY_CLI_SPEC_PARSING_H_
#define LMCTFY_CLI_SPEC_PARSING_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace containers {
namespace lmctfy {
namespace cli {

// The whole contents of `path`. Errors keep the errno-derived code
// (NOT_FOUND for a missing file) and name the path.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// Parses `input` into `message` as protobuf text format, or failing that as
// the binary wire format. An empty input is an empty message. When both fail,
// INVALID_ARGUMENT naming `source` (e.g. "config file /x").
absl::Status ParseTextOrBinary(absl::string_view input,
                               absl::string_view source,
                               google::protobuf::Message* message);

// Which inputs a command accepts for its spec.
enum class SpecSources { kExactlyOne, kAtMostOne };

// Fills `message` from the inline argument or from the config file
// `config_path` (empty: none given). INVALID_ARGUMENT when both are given or,
// for kExactlyOne, neither; with kAtMostOne, neither means an empty message.
// A config file that cannot be read returns its read error.
absl::Status LoadSpec(const std::optional<std::string>& inline_spec,
                      const std::string& config_path, SpecSources sources,
                      google::protobuf::Message* message);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_SPEC_PARSING_H_
