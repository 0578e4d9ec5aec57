# Profile-guided optimisation (CPRULES_PGO, on in the release preset; clang only).
#
# The library and the command line are first built instrumented, in a build of
# their own under <build>/pgo; cmake/pgo-train.sh runs that build's `cprules
# check` over generated cases with every bundled policy; llvm-profdata merges
# what it counted; then the library and the command line of this build are
# compiled with the profile. The profile is made again whenever the instrumented
# build changes (any source of the library or the command line), so it always
# fits the code it is used on. See docs/performance.md.
include(ExternalProject)

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CPRULES_PGO needs clang (CMAKE_CXX_COMPILER is ${CMAKE_CXX_COMPILER_ID}); configure with -DCPRULES_PGO=OFF")
endif()
string(REGEX MATCH "^[0-9]+" clang_major "${CMAKE_CXX_COMPILER_VERSION}")
# The profile's format is the compiler's: its own version's llvm-profdata first.
find_program(CPRULES_LLVM_PROFDATA NAMES llvm-profdata-${clang_major} llvm-profdata REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(pgo_dir "${CMAKE_BINARY_DIR}/pgo")
set(pgo_cli "${pgo_dir}/build/tools/cprules/cprules")
set(pgo_profile "${pgo_dir}/cprules.profdata")

ExternalProject_Add(cprules_instrumented
  SOURCE_DIR "${PROJECT_SOURCE_DIR}"
  BINARY_DIR "${pgo_dir}/build"
  CMAKE_ARGS
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    "-DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS} -fprofile-generate=${pgo_dir}/raw"
    "-DCMAKE_EXE_LINKER_FLAGS=${CMAKE_EXE_LINKER_FLAGS} -fprofile-generate=${pgo_dir}/raw"
    -DCPRULES_PGO=OFF -DCPRULES_BUILD_TESTS=OFF -DCPRULES_BUILD_BENCHMARKS=OFF
  BUILD_ALWAYS ON  # its own build tool (sharing this one's jobs) decides what the sources' changes need
  BUILD_BYPRODUCTS "${pgo_cli}"
  INSTALL_COMMAND "")

add_custom_command(OUTPUT "${pgo_profile}"
  COMMAND ${CMAKE_COMMAND} -E rm -rf "${pgo_dir}/raw"
  COMMAND bash "${PROJECT_SOURCE_DIR}/cmake/pgo-train.sh" "${pgo_cli}" "${PROJECT_SOURCE_DIR}" "${pgo_dir}" ${Python3_EXECUTABLE}
  COMMAND ${CPRULES_LLVM_PROFDATA} merge -o "${pgo_profile}" "${pgo_dir}/raw"
  DEPENDS "${pgo_cli}" "${PROJECT_SOURCE_DIR}/cmake/pgo-train.sh" "${PROJECT_SOURCE_DIR}/bench/generate_cases.py"
  COMMENT "Training run for profile-guided optimisation (cmake/pgo-train.sh)"
  VERBATIM)
add_custom_target(cprules_profile DEPENDS "${pgo_profile}")
add_dependencies(cprules_profile cprules_instrumented)  # builds the instrumented CLI before its file is looked at

# The library and the command line use the profile, and are compiled again when it changes.
foreach(target IN ITEMS cprules cprules_cli)
  add_dependencies(${target} cprules_profile)
  target_compile_options(${target} PRIVATE "-fprofile-use=${pgo_profile}")
  get_target_property(sources ${target} SOURCES)
  set_source_files_properties(${sources} TARGET_DIRECTORY ${target} PROPERTIES OBJECT_DEPENDS "${pgo_profile}")
endforeach()
