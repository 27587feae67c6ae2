// SPDX-License-Identifier: Apache-2.0
// Tests of the pairs, values, long and json output styles.

#include "cli/output.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

std::string Print(const CommandOutput& output, OutputStyle style) {
  std::ostringstream out;
  PrintOutput(output, style, out);
  return out.str();
}

CommandOutput TwoPairs() {
  CommandOutput output;
  output.AddPair("pid", "42");
  output.AddPair("name", "/a b");
  return output;
}

TEST(ParseOutputStyleTest, KnowsTheFourStyles) {
  EXPECT_EQ(*ParseOutputStyle("pairs"), OutputStyle::kPairs);
  EXPECT_EQ(*ParseOutputStyle("values"), OutputStyle::kValues);
  EXPECT_EQ(*ParseOutputStyle("long"), OutputStyle::kLong);
  EXPECT_EQ(*ParseOutputStyle("json"), OutputStyle::kJson);
}

TEST(ParseOutputStyleTest, RejectsOtherNames) {
  absl::StatusOr<OutputStyle> style = ParseOutputStyle("yaml");
  EXPECT_EQ(style.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(style.status().message(), ::testing::HasSubstr("yaml"));
}

TEST(PrintOutputTest, JsonPrintsOneObjectPerPairPerLine) {
  EXPECT_EQ(Print(TwoPairs(), OutputStyle::kJson),
            "{\"pid\":\"42\"}\n{\"name\":\"/a b\"}\n");
}

TEST(PrintOutputTest, JsonEscapesQuotesAndControlCharacters) {
  CommandOutput output;
  output.AddPair("name", "say \"hi\"\n\\");
  EXPECT_EQ(Print(output, OutputStyle::kJson),
            "{\"name\":\"say \\\"hi\\\"\\n\\\\\"}\n");
}

TEST(SetMessageOutputTest, JsonUsesTheProtoFieldNames) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(100);
  spec.mutable_cpu()->set_max_limit(200);
  CommandOutput output;
  ASSERT_TRUE(SetMessageOutput(spec, OutputStyle::kJson, false, &output).ok());
  EXPECT_EQ(*output.raw(),
            "{\"cpu\":{\"max_limit\":\"200\"},"
            "\"memory\":{\"limit\":\"100\"}}\n");
}

TEST(SetMessageOutputTest, BinaryWinsOverEveryStyle) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(100);
  CommandOutput output;
  ASSERT_TRUE(SetMessageOutput(spec, OutputStyle::kJson, true, &output).ok());
  EXPECT_EQ(*output.raw(), spec.SerializeAsString());
}

TEST(SetMessageOutputTest, TextIsProtobufTextFormat) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(100);
  CommandOutput output;
  ASSERT_TRUE(SetMessageOutput(spec, OutputStyle::kLong, false, &output).ok());
  EXPECT_EQ(*output.raw(), "memory {\n  limit: 100\n}\n");
}

TEST(PrintOutputTest, PairsQuoteEachValueInOrder) {
  EXPECT_EQ(Print(TwoPairs(), OutputStyle::kPairs),
            "pid=\"42\"\nname=\"/a b\"\n");
}

TEST(PrintOutputTest, ValuesPrintOnlyTheValues) {
  EXPECT_EQ(Print(TwoPairs(), OutputStyle::kValues), "42\n/a b\n");
}

TEST(PrintOutputTest, LongPadsKeysToTwentyColumnsAndAddsBlankLine) {
  EXPECT_EQ(Print(TwoPairs(), OutputStyle::kLong),
            "pid                  | 42\n\n"
            "name                 | /a b\n\n");
}

TEST(PrintOutputTest, LongLeavesKeysOfTwentyOrMoreUnpadded) {
  CommandOutput output;
  output.AddPair("abcdefghijklmnopqrst", "1");
  output.AddPair("abcdefghijklmnopqrstu", "2");
  EXPECT_EQ(Print(output, OutputStyle::kLong),
            "abcdefghijklmnopqrst | 1\n\nabcdefghijklmnopqrstu | 2\n\n");
}

TEST(PrintOutputTest, ValuesAreNotEscaped) {
  CommandOutput output;
  output.AddPair("name", "a\"b\\c\nd");
  EXPECT_EQ(Print(output, OutputStyle::kValues), "a\"b\\c\nd\n");
  EXPECT_EQ(Print(output, OutputStyle::kLong),
            "name                 | a\"b\\c\nd\n\n");
}

TEST(PrintOutputTest, PairsEscapeTheValue) {
  CommandOutput output;
  output.AddPair("name", "say \"hi\"\n");
  EXPECT_EQ(Print(output, OutputStyle::kPairs), "name=\"say \\\"hi\\\"\\n\"\n");
}

TEST(PrintOutputTest, RawBlockIgnoresTheStyleAndKeepsNulBytes) {
  CommandOutput output;
  output.SetRaw(std::string("a\0b\n", 4));
  EXPECT_EQ(Print(output, OutputStyle::kPairs), std::string("a\0b\n", 4));
  EXPECT_EQ(Print(output, OutputStyle::kLong), std::string("a\0b\n", 4));
}

TEST(PrintOutputTest, NoPairsPrintNothing) {
  EXPECT_EQ(Print(CommandOutput(), OutputStyle::kLong), "");
}

TEST(EscapeValueTest, NamedEscapes) {
  EXPECT_EQ(EscapeValue("\n\r\t\"'\\"), "\\n\\r\\t\\\"\\'\\\\");
}

TEST(EscapeValueTest, PrintableAsciiIsKept) {
  EXPECT_EQ(EscapeValue(" azAZ09~/.-_"), " azAZ09~/.-_");
}

TEST(EscapeValueTest, OtherBytesBecomeThreeOctalDigits) {
  EXPECT_EQ(EscapeValue(std::string("\x01\x7f\x80\xff\0", 5)),
            "\\001\\177\\200\\377\\000");
}

TEST(EscapeValueTest, OctalEscapeIsNotMergedWithFollowingDigits) {
  EXPECT_EQ(EscapeValue("\x01"
                        "7"),
            "\\0017");
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
