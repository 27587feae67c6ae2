// SPDX-License-Identifier: Apache-2.0
// Formats command results as pairs, values or long lines.

#include "cli/output.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Keys are padded to this many columns in the long style.
constexpr size_t kLongKeyColumns = 20;

void AppendOctalEscape(unsigned char byte, std::string* out) {
  out->push_back('\\');
  out->push_back(static_cast<char>('0' + ((byte >> 6) & 7)));
  out->push_back(static_cast<char>('0' + ((byte >> 3) & 7)));
  out->push_back(static_cast<char>('0' + (byte & 7)));
}

std::string Padding(size_t key_length) {
  return std::string(
      key_length < kLongKeyColumns ? kLongKeyColumns - key_length : 0, ' ');
}

}  // namespace

absl::StatusOr<OutputStyle> ParseOutputStyle(absl::string_view name) {
  if (name == "pairs") return OutputStyle::kPairs;
  if (name == "values") return OutputStyle::kValues;
  if (name == "long") return OutputStyle::kLong;
  return absl::InvalidArgumentError(absl::StrCat(
      "output style \"", name, "\" is not one of pairs, values or long"));
}

void CommandOutput::AddPair(std::string key, std::string value) {
  pairs_.emplace_back(std::move(key), std::move(value));
}

void CommandOutput::SetRaw(std::string raw) { raw_ = std::move(raw); }

std::string EscapeValue(absl::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\t':
        escaped += "\\t";
        break;
      case '"':
        escaped += "\\\"";
        break;
      case '\'':
        escaped += "\\'";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte <= 0x7e) {
          escaped.push_back(c);
        } else {
          AppendOctalEscape(byte, &escaped);
        }
      }
    }
  }
  return escaped;
}

void PrintOutput(const CommandOutput& output, OutputStyle style,
                 std::ostream& out) {
  if (output.raw().has_value()) {
    out.write(output.raw()->data(),
              static_cast<std::streamsize>(output.raw()->size()));
    return;
  }
  for (const auto& [key, value] : output.pairs()) {
    switch (style) {
      case OutputStyle::kPairs:
        out << key << "=\"" << EscapeValue(value) << "\"\n";
        break;
      case OutputStyle::kValues:
        out << value << "\n";
        break;
      case OutputStyle::kLong:
        out << key << Padding(key.size()) << " | " << value << "\n\n";
        break;
    }
  }
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
