// SPDX-License-Identifier: Apache-2.0
// Tests of spec input: text format, binary, config files.

#include "cli/spec_parsing.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/config.pb.h"
#include "include/lmctfy.pb.h"
#include "tests/unit/cli/temp_file.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::HasSubstr;

ContainerSpec SpecWithMemoryLimit(int64_t limit) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(limit);
  return spec;
}

TEST(ParseTextOrBinaryTest, ParsesCompactTextFormat) {
  ContainerSpec spec;
  ASSERT_TRUE(
      ParseTextOrBinary("memory:{limit:100000000}", "inline", &spec).ok());
  EXPECT_EQ(spec.memory().limit(), 100000000);
}

TEST(ParseTextOrBinaryTest, ParsesMultiLineTextWithEnumNames) {
  ContainerSpec spec;
  ASSERT_TRUE(ParseTextOrBinary(
                  "cpu {\n  scheduling_latency: BEST_EFFORT\n  limit: 500\n}\n",
                  "inline", &spec)
                  .ok());
  EXPECT_EQ(spec.cpu().scheduling_latency(), BEST_EFFORT);
  EXPECT_EQ(spec.cpu().limit(), 500u);
}

TEST(ParseTextOrBinaryTest, ParsesBinaryWhenTextFails) {
  const std::string binary = SpecWithMemoryLimit(4096).SerializeAsString();
  ContainerSpec spec;
  ASSERT_TRUE(ParseTextOrBinary(binary, "inline", &spec).ok());
  EXPECT_EQ(spec.memory().limit(), 4096);
}

TEST(ParseTextOrBinaryTest, BinaryWithNulBytesIsKeptWhole) {
  ContainerSpec original;
  original.mutable_cpu()->set_limit(0);
  original.set_owner(0);
  const std::string binary = original.SerializeAsString();
  ASSERT_NE(binary.find('\0'), std::string::npos);
  ContainerSpec spec;
  ASSERT_TRUE(ParseTextOrBinary(binary, "inline", &spec).ok());
  EXPECT_TRUE(spec.has_owner());
}

TEST(ParseTextOrBinaryTest, EmptyInputIsAnEmptyMessage) {
  InitSpec spec;
  spec.add_cgroup_mount()->set_mount_path("/old");
  ASSERT_TRUE(ParseTextOrBinary("", "inline", &spec).ok());
  EXPECT_EQ(spec.ByteSizeLong(), 0u);
}

TEST(ParseTextOrBinaryTest, GarbageIsInvalidArgumentNamingTheSource) {
  ContainerSpec spec;
  const absl::Status status =
      ParseTextOrBinary("memory { limit: lots }", "config file /x", &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("config file /x"));
  EXPECT_THAT(status.message(), HasSubstr("ContainerSpec"));
}

TEST(ParseTextOrBinaryTest, TextErrorNamesTheUnknownField) {
  ContainerSpec spec;
  const absl::Status status =
      ParseTextOrBinary("memory { nosuchfield: 1 }", "inline", &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("nosuchfield"));
  EXPECT_THAT(status.message(), HasSubstr("1:"));
}

// Text with an unknown field also parses as wire format full of unknown
// fields ('m' is the tag of field 13, fixed32); it must not be accepted so.
TEST(ParseTextOrBinaryTest, TextThatParsesAsUnknownWireFieldsIsRefused) {
  ContainerSpec spec;
  const absl::Status status =
      ParseTextOrBinary("memory { nosuch: 1 }", "inline", &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("unknown field number"));
  EXPECT_EQ(spec.ByteSizeLong(), 0u);
}

TEST(ParseTextOrBinaryTest, BinaryWithAnUnknownNestedFieldIsRefused) {
  ContainerSpec known;
  known.mutable_memory()->set_limit(4096);
  // Field 99 (varint 1) appended inside the memory submessage.
  std::string memory = known.memory().SerializeAsString() + "\x98\x06\x01";
  std::string binary =
      "\x1a" + std::string(1, static_cast<char>(memory.size())) + memory;
  ContainerSpec spec;
  const absl::Status status = ParseTextOrBinary(binary, "inline", &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("unknown field number 99"));
}

TEST(ReadWholeFileTest, MissingFileIsNotFoundNamingThePath) {
  absl::StatusOr<std::string> contents =
      ReadWholeFile("/nonexistent/lmctfy/spec");
  EXPECT_EQ(contents.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(contents.status().message(), HasSubstr("/nonexistent/lmctfy"));
}

TEST(ReadWholeFileTest, ReadsBinaryContents) {
  const std::string data("a\0b\xff", 4);
  TempFile file(data);
  EXPECT_EQ(*ReadWholeFile(file.path()), data);
}

TEST(LoadSpecTest, UsesTheInlineSpec) {
  ContainerSpec spec;
  ASSERT_TRUE(LoadSpec(std::string("memory { limit: 7 }"), "",
                       SpecSources::kExactlyOne, &spec)
                  .ok());
  EXPECT_EQ(spec.memory().limit(), 7);
}

TEST(LoadSpecTest, UsesTheConfigFileInTextOrBinary) {
  TempFile text("memory { limit: 8 }");
  TempFile binary(SpecWithMemoryLimit(9).SerializeAsString());
  ContainerSpec spec;
  ASSERT_TRUE(
      LoadSpec(std::nullopt, text.path(), SpecSources::kExactlyOne, &spec)
          .ok());
  EXPECT_EQ(spec.memory().limit(), 8);
  ASSERT_TRUE(
      LoadSpec(std::nullopt, binary.path(), SpecSources::kExactlyOne, &spec)
          .ok());
  EXPECT_EQ(spec.memory().limit(), 9);
}

TEST(LoadSpecTest, EmptyConfigFileIsAnEmptySpec) {
  TempFile file("");
  ContainerSpec spec;
  ASSERT_TRUE(
      LoadSpec(std::nullopt, file.path(), SpecSources::kExactlyOne, &spec)
          .ok());
  EXPECT_EQ(spec.ByteSizeLong(), 0u);
}

TEST(LoadSpecTest, BothInlineAndConfigFileIsInvalid) {
  TempFile file("");
  ContainerSpec spec;
  const absl::Status status =
      LoadSpec(std::string(""), file.path(), SpecSources::kAtMostOne, &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(file.path()));
}

TEST(LoadSpecTest, NeitherIsInvalidWhenOneIsRequired) {
  ContainerSpec spec;
  EXPECT_EQ(LoadSpec(std::nullopt, "", SpecSources::kExactlyOne, &spec).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LoadSpecTest, NeitherIsAnEmptySpecWhenOptional) {
  InitSpec spec;
  spec.add_cgroup_mount();
  ASSERT_TRUE(LoadSpec(std::nullopt, "", SpecSources::kAtMostOne, &spec).ok());
  EXPECT_EQ(spec.ByteSizeLong(), 0u);
}

TEST(LoadSpecTest, UnreadableConfigFileReturnsItsReadError) {
  ContainerSpec spec;
  const absl::Status status = LoadSpec(std::nullopt, "/nonexistent/spec",
                                       SpecSources::kExactlyOne, &spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/spec"));
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
