# SPDX-License-Identifier: Apache-2.0
# Links the `lmctfy` command against the static archives Debian ships for
# Abseil, protobuf and RE2 instead of their ~40 shared objects. A CLI pays
# the dynamic loader on every invocation: resolving symbols across those
# libraries cost more than the cgroup work of a whole `lmctfy create`
# (docs/PERFORMANCE.md). The library and tests keep the shared objects.
option(LMCTFY_STATIC_CLI
  "Link the lmctfy command with static Abseil, protobuf and RE2" ON)
if(NOT LMCTFY_STATIC_CLI)
  return()
endif()

find_library(LMCTFY_ABSL_BASE_ARCHIVE NAMES libabsl_base.a)
find_library(LMCTFY_PROTOBUF_ARCHIVE NAMES libprotobuf.a)
find_library(LMCTFY_RE2_ARCHIVE NAMES libre2.a)
if(NOT LMCTFY_ABSL_BASE_ARCHIVE OR NOT LMCTFY_PROTOBUF_ARCHIVE
   OR NOT LMCTFY_RE2_ARCHIVE)
  message(STATUS "lmctfy: static Abseil/protobuf/RE2 archives not found; "
                 "the CLI links the shared libraries")
  return()
endif()
get_filename_component(LMCTFY_ABSL_LIB_DIR ${LMCTFY_ABSL_BASE_ARCHIVE}
                       DIRECTORY)
file(GLOB LMCTFY_ABSL_ARCHIVES ${LMCTFY_ABSL_LIB_DIR}/libabsl_*.a)

# The archives come right after liblmctfy_cli.a and liblmctfy.a on the link
# line, before the shared objects those targets bring, so every Abseil,
# protobuf and RE2 symbol resolves here; --as-needed then drops the shared
# objects nothing refers to any more.
target_link_options(lmctfy_bin PRIVATE -Wl,--as-needed)
target_link_libraries(lmctfy_bin PRIVATE lmctfy
  -Wl,--start-group ${LMCTFY_PROTOBUF_ARCHIVE} ${LMCTFY_RE2_ARCHIVE}
  ${LMCTFY_ABSL_ARCHIVES} -Wl,--end-group)

# glog, gflags and the C++ runtime are the remaining shared objects besides
# libc; linking them statically too leaves the loader little to map and
# relocate. libunwind (glog's stack traces) stays shared: Debian's archive of
# it is not position-independent.
find_library(LMCTFY_GLOG_ARCHIVE NAMES libglog.a)
find_library(LMCTFY_GFLAGS_ARCHIVE NAMES libgflags.a)
find_library(LMCTFY_UNWIND_LIBRARY NAMES unwind)
if(LMCTFY_GLOG_ARCHIVE AND LMCTFY_GFLAGS_ARCHIVE AND LMCTFY_UNWIND_LIBRARY)
  target_link_libraries(lmctfy_bin PRIVATE ${LMCTFY_GLOG_ARCHIVE}
    ${LMCTFY_GFLAGS_ARCHIVE} ${LMCTFY_UNWIND_LIBRARY})
endif()
target_link_options(lmctfy_bin PRIVATE -static-libstdc++ -static-libgcc)
