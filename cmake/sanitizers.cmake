# SPDX-License-Identifier: Apache-2.0
# Sanitizer and fuzzing builds. Each wants its own build directory, since the
# flags apply to every target (scripts/sanitize.sh, scripts/fuzz.sh):
#   -DLMCTFY_SANITIZE=address,undefined   ASan + UBSan
#   -DLMCTFY_SANITIZE=thread              TSan
#   -DLMCTFY_FUZZ=ON                      libFuzzer targets (clang only);
#                                         implies address,undefined
# Every report is fatal (-fno-sanitize-recover=all), so a test run or fuzz
# input that triggers one fails. Debian's Abseil, protobuf, RE2, glog and
# GoogleTest stay uninstrumented.
set(LMCTFY_SANITIZE "" CACHE STRING
  "Comma-separated -fsanitize= list for every target (empty: none)")
option(LMCTFY_FUZZ "Build the libFuzzer targets under fuzz/ (needs clang)"
  OFF)

if(LMCTFY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LMCTFY_FUZZ needs clang (libFuzzer): configure "
                        "with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  if(LMCTFY_SANITIZE STREQUAL "")
    set(LMCTFY_SANITIZE "address,undefined")
  endif()
  # Coverage feedback for the fuzzers in every object; libFuzzer's own main
  # is linked into the fuzz targets only (fuzz/CMakeLists.txt), so the unit
  # tests of the same build run as ordinary sanitizer-built tests.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(NOT LMCTFY_SANITIZE STREQUAL "")
  message(STATUS "lmctfy: building with -fsanitize=${LMCTFY_SANITIZE}")
  add_compile_options(-fsanitize=${LMCTFY_SANITIZE}
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${LMCTFY_SANITIZE}
                   -fno-sanitize-recover=all)
endif()
