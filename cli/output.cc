// SPDX-License-Identifier: Apache-2.0
// Formats command results as pairs, values or long lines.

#include "cli/output.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

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

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print the ",
                                            message.GetDescriptor()->name(),
                                            " as JSON: ", status.ToString()));
  }
  return json;
}

// {"key":"value"}, escaped by protobuf's JSON printer.
std::string PairAsJson(const std::string& key, const std::string& value) {
  google::protobuf::Struct object;
  (*object.mutable_fields())[key].set_string_value(value);
  absl::StatusOr<std::string> json = ToJson(object);
  // A Struct of one string always prints; keep the pair visible if not.
  return json.ok() ? *json : absl::StrCat("{\"", key, "\":null}");
}

}  // namespace

absl::StatusOr<OutputStyle> ParseOutputStyle(absl::string_view name) {
  if (name == "pairs") return OutputStyle::kPairs;
  if (name == "values") return OutputStyle::kValues;
  if (name == "long") return OutputStyle::kLong;
  if (name == "json") return OutputStyle::kJson;
  return absl::InvalidArgumentError(absl::StrCat(
      "output style \"", name, "\" is not one of pairs, values, long or json"));
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

absl::Status SetMessageOutput(const google::protobuf::Message& message,
                              OutputStyle style, bool binary,
                              CommandOutput* output) {
  if (binary) {
    output->SetRaw(message.SerializeAsString());
    return absl::OkStatus();
  }
  if (style == OutputStyle::kJson) {
    absl::StatusOr<std::string> json = ToJson(message);
    if (!json.ok()) return json.status();
    output->SetRaw(absl::StrCat(*json, "\n"));
    return absl::OkStatus();
  }
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(message, &text)) {
    return absl::InternalError(absl::StrCat(
        "cannot print the ", message.GetDescriptor()->name(), " as text"));
  }
  output->SetRaw(std::move(text));
  return absl::OkStatus();
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
      case OutputStyle::kJson:
        out << PairAsJson(key, value) << "\n";
        break;
    }
  }
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
