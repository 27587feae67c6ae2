// SPDX-License-Identifier: Apache-2.0
// Spec input for create, update and init, and the config files behind -c.

#include "cli/spec_parsing.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/unknown_field_set.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Bytes requested per read(2) call.
constexpr size_t kReadChunkBytes = 64 * 1024;

// Keeps the first text-format parse error instead of printing it: a failed
// text parse is followed by a binary one, and the error is reported only when
// that fails too.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!first_.empty()) return;
    // The parser counts lines and columns from 0.
    first_ = absl::StrCat(line + 1, ":", column + 1, ": ",
                          absl::StripSuffix(message, "."));
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

// The first field number in `message` or its submessages that the schema
// does not know, or 0. Almost any byte string parses as wire format when
// unknown fields are kept, so a binary spec carrying one is refused.
int FirstUnknownField(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown =
      reflection->GetUnknownFields(message);
  if (!unknown.empty()) return unknown.field(0).number();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() !=
        google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const int count =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const google::protobuf::Message& sub =
          field->is_repeated()
              ? reflection->GetRepeatedMessage(message, field, i)
              : reflection->GetMessage(message, field);
      const int number = FirstUnknownField(sub);
      if (number != 0) return number;
    }
  }
  return 0;
}

}  // namespace

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("opening ", path));
  }
  absl::Cleanup close_fd = [fd] { close(fd); };

  std::string contents;
  char buffer[kReadChunkBytes];
  while (true) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::ErrnoToStatus(errno, absl::StrCat("reading ", path));
    }
    if (got == 0) return contents;
    contents.append(buffer, static_cast<size_t>(got));
  }
}

absl::Status ParseTextOrBinary(absl::string_view input,
                               absl::string_view source,
                               google::protobuf::Message* message) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const std::string text(input);
  if (parser.ParseFromString(text, message)) return absl::OkStatus();
  std::string binary_problem = "malformed wire format";
  if (message->ParseFromString(text)) {
    const int unknown = FirstUnknownField(*message);
    if (unknown == 0) return absl::OkStatus();
    binary_problem = absl::StrCat("unknown field number ", unknown);
  }

  message->Clear();
  return absl::InvalidArgumentError(absl::StrCat(
      source, " is neither a text nor a binary ",
      message->GetDescriptor()->name(), " (as text: ", errors.first(),
      "; as binary: ", binary_problem, ")"));
}

absl::Status LoadSpec(const std::optional<std::string>& inline_spec,
                      const std::string& config_path, SpecSources sources,
                      google::protobuf::Message* message) {
  const std::string& type = message->GetDescriptor()->name();
  if (inline_spec.has_value() && !config_path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", type,
                     " was given both inline and as config "
                     "file ",
                     config_path, "; give only one"));
  }
  if (inline_spec.has_value()) {
    return ParseTextOrBinary(*inline_spec, "the spec on the command line",
                             message);
  }
  if (!config_path.empty()) {
    ASSIGN_OR_RETURN(const std::string contents, ReadWholeFile(config_path));
    return ParseTextOrBinary(
        contents, absl::StrCat("config file ", config_path), message);
  }
  if (sources == SpecSources::kExactlyOne) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no ", type, " given: pass it inline or with -c <config file>"));
  }
  message->Clear();
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
