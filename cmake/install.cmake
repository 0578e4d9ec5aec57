# `cmake --install`: the libraries, the public headers, the CLI, the bundled
# policies (and their test cases, so that an installed `cprules test` runs
# them), a CMake package (find_package(cprules)) and pkg-config files.
# Layout and usage: docs/api.md.
include(CMakePackageConfigHelpers)

set(CPRULES_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/cprules)

install(TARGETS cprules cprules_shared cprules_c cprules_c_static
  EXPORT cprules-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS cprules_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cprules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

# Where the library looks by default (CPRULES_INSTALL_DATA_DIR in lib/CMakeLists.txt):
# ${CMAKE_INSTALL_FULL_DATADIR}/cprules/policies, calendars in its calendars/.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cprules/policies
  FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/tests/cases/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cprules/tests/cases/policies
  FILES_MATCHING PATTERN "*.yaml")

# CMake package: targets cprules::cprules (static C++), cprules::cprules_shared,
# cprules::cprules_c (shared C) and cprules::cprules_c_static.
install(EXPORT cprules-targets NAMESPACE cprules:: FILE cprules-targets.cmake DESTINATION ${CPRULES_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cprulesConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cprulesConfig.cmake INSTALL_DESTINATION ${CPRULES_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cprulesConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cprulesConfig.cmake ${PROJECT_BINARY_DIR}/cprulesConfigVersion.cmake
  DESTINATION ${CPRULES_INSTALL_CMAKEDIR})

# pkg-config: cprules (C++) and cprules-c (C). Relocatable: the prefix is
# found from the .pc file's own place, so `cmake --install --prefix` works.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CPRULES_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH CPRULES_PC_UP "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
  string(REGEX REPLACE "/$" "" CPRULES_PC_UP "${CPRULES_PC_UP}")
  set(CPRULES_PC_PREFIX "\${pcfiledir}/${CPRULES_PC_UP}")
endif()
foreach(pc cprules cprules-c)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
