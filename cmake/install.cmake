# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` puts where (GNUInstallDirs): the tool, the static
# library with its public and generated headers and .proto files, a CMake
# package (lmctfy::lmctfy), lmctfy.pc, the man page, bash completion, the
# boot-time init unit and the documentation.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LMCTFY_INSTALL_INCLUDE ${CMAKE_INSTALL_INCLUDEDIR}/lmctfy)
set(LMCTFY_INSTALL_CMAKE ${CMAKE_INSTALL_LIBDIR}/cmake/lmctfy)
set(LMCTFY_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the lmctfy-init.service unit is installed (relative to the prefix)")
set(LMCTFY_BASH_COMPLETION_DIR
    "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "Where bash completion for lmctfy is installed (relative to the prefix)")

target_include_directories(lmctfy PUBLIC
  $<INSTALL_INTERFACE:${LMCTFY_INSTALL_INCLUDE}>)

install(TARGETS lmctfy EXPORT lmctfyTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS lmctfy_bin RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Where the library looks for lmctfy-vhost-init (lmctfy/vhost/).
install(TARGETS lmctfy_vhost_init RUNTIME
  DESTINATION ${CMAKE_INSTALL_LIBEXECDIR})
target_compile_definitions(lmctfy PRIVATE
  LMCTFY_INSTALL_LIBEXECDIR="${CMAKE_INSTALL_LIBEXECDIR}"
  LMCTFY_INSTALL_FULL_LIBEXECDIR="${CMAKE_INSTALL_FULL_LIBEXECDIR}")
# Users include "include/lmctfy.h", which includes "include/lmctfy.pb.h".
install(FILES include/lmctfy.h ${LMCTFY_PROTO_HDRS} ${LMCTFY_PROTO_FILES}
  DESTINATION ${LMCTFY_INSTALL_INCLUDE}/include)

install(EXPORT lmctfyTargets NAMESPACE lmctfy::
  DESTINATION ${LMCTFY_INSTALL_CMAKE})
configure_package_config_file(cmake/lmctfyConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/lmctfyConfig.cmake
  INSTALL_DESTINATION ${LMCTFY_INSTALL_CMAKE})
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/lmctfyConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lmctfyConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/lmctfyConfigVersion.cmake
  DESTINATION ${LMCTFY_INSTALL_CMAKE})
file(RELATIVE_PATH LMCTFY_PC_TO_PREFIX
  ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/lmctfy.pc.in ${CMAKE_CURRENT_BINARY_DIR}/lmctfy.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lmctfy.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES docs/lmctfy.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completion/lmctfy.bash RENAME lmctfy
  DESTINATION ${LMCTFY_BASH_COMPLETION_DIR})
configure_file(systemd/lmctfy-init.service.in
  ${CMAKE_CURRENT_BINARY_DIR}/lmctfy-init.service @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lmctfy-init.service
  DESTINATION ${LMCTFY_SYSTEMD_UNIT_DIR})
# Relative to the prefix like every other path here; a system install
# (prefix /usr) passes -DCMAKE_INSTALL_SYSCONFDIR=/etc.
install(FILES systemd/init.spec DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/lmctfy)
install(FILES README.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES examples/contain_a_command.cc
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
