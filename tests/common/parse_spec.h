// SPDX-License-Identifier: Apache-2.0
// Container specs written as protobuf text, for tests.

#ifndef LMCTFY_TESTS_COMMON_PARSE_SPEC_H_
#define LMCTFY_TESTS_COMMON_PARSE_SPEC_H_

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

// The spec `text` describes; a test failure when it does not parse.
inline ContainerSpec ParseSpec(const std::string& text) {
  ContainerSpec spec;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &spec))
      << text;
  return spec;
}

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_TESTS_COMMON_PARSE_SPEC_H_
