// SPDX-License-Identifier: Apache-2.0
// What a command prints on success: the three output styles of INTERFACE.md
// 2.5 and JSON, for scripts that use jq.

#ifndef LMCTFY_CLI_OUTPUT_H_
#define LMCTFY_CLI_OUTPUT_H_

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace containers {
namespace lmctfy {
namespace cli {

// kJson prints one JSON object per pair, one per line ({"pid":"42"}), and
// protobuf results (spec, stats) in protobuf's JSON mapping.
enum class OutputStyle { kPairs, kValues, kLong, kJson };

// "pairs", "values", "long" or "json"; anything else is INVALID_ARGUMENT.
absl::StatusOr<OutputStyle> ParseOutputStyle(absl::string_view name);

// The result of one command: ordered (key, value) pairs, or one raw block
// that is written as it is whatever the style.
class CommandOutput {
 public:
  void AddPair(std::string key, std::string value);
  void SetRaw(std::string raw);

  const std::vector<std::pair<std::string, std::string>>& pairs() const {
    return pairs_;
  }
  const std::optional<std::string>& raw() const { return raw_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::optional<std::string> raw_;
};

// C-style escaping for the pairs style: \n \r \t \" \' \\ by name, every
// other byte outside 0x20-0x7e as a backslash and three octal digits.
std::string EscapeValue(absl::string_view value);

// `message` as a raw block in the form `style` and `binary` (-b) ask for:
// serialized bytes, protobuf JSON (field names as in the .proto) or text.
absl::Status SetMessageOutput(const google::protobuf::Message& message,
                              OutputStyle style, bool binary,
                              CommandOutput* output);

// Writes `output` to `out` in `style`; raw blocks ignore the style.
void PrintOutput(const CommandOutput& output, OutputStyle style,
                 std::ostream& out);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_OUTPUT_H_
