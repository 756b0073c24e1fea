# What `ttam version` reports: the version (git describe when building from a
# clone, PROJECT_VERSION otherwise), the build type, the compiler and the
# library versions found here. Written at configure time into
# <build>/generated/ttam_build_info.h (never into the source tree). A commit
# or a branch switch re-runs the configure step (HEAD and the branch's ref
# file are configure inputs); the -dirty mark is as of the last configure.
# Only v<X.Y.Z> tags count.

set(TTAM_VERSION_FULL "${PROJECT_VERSION}")
set(TTAM_GIT_DESCRIBE "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty --match "v[0-9]*"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE TTAM_GIT_DESCRIBE
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET
    RESULT_VARIABLE ttam_git_result)
  if(NOT ttam_git_result EQUAL 0)
    set(TTAM_GIT_DESCRIBE "")
  endif()
  # Re-run the configure step when the file behind git path `what` changes.
  function(ttam_configure_depends_on_git_path what)
    execute_process(
      COMMAND "${GIT_EXECUTABLE}" rev-parse --git-path "${what}"
      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
      OUTPUT_VARIABLE file
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET)
    if(file AND NOT IS_ABSOLUTE "${file}")
      set(file "${PROJECT_SOURCE_DIR}/${file}")
    endif()
    if(EXISTS "${file}")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    endif()
  endfunction()
  ttam_configure_depends_on_git_path(HEAD)
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" symbolic-ref -q HEAD
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE ttam_git_ref
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(ttam_git_ref)
    ttam_configure_depends_on_git_path("${ttam_git_ref}")
  endif()
endif()

# Tags v1.2.3 -> 1.2.3; v1.2.3-4-gabc -> 1.2.3+4.gabc; abc (no tag) ->
# PROJECT_VERSION+gabc; a "-dirty" suffix stays.
if(TTAM_GIT_DESCRIBE)
  set(ttam_dirty "")
  set(ttam_describe "${TTAM_GIT_DESCRIBE}")
  if(ttam_describe MATCHES "^(.*)-dirty$")
    set(ttam_dirty "-dirty")
    set(ttam_describe "${CMAKE_MATCH_1}")
  endif()
  if(ttam_describe MATCHES "^v?([0-9]+\\.[0-9]+\\.[0-9]+)$")
    set(TTAM_VERSION_FULL "${CMAKE_MATCH_1}${ttam_dirty}")
  elseif(ttam_describe MATCHES "^v?([0-9]+\\.[0-9]+\\.[0-9]+)-([0-9]+)-(g[0-9a-f]+)$")
    set(TTAM_VERSION_FULL "${CMAKE_MATCH_1}+${CMAKE_MATCH_2}.${CMAKE_MATCH_3}${ttam_dirty}")
  elseif(ttam_describe MATCHES "^[0-9a-f]+$")
    set(TTAM_VERSION_FULL "${PROJECT_VERSION}+g${ttam_describe}${ttam_dirty}")
  else()
    set(TTAM_VERSION_FULL "${PROJECT_VERSION}+${ttam_describe}${ttam_dirty}")
  endif()
endif()

# Libraries without a version macro in their headers: what pkg-config or
# CMake's package files said. RE2's pkg-config file says 0.0.0 on Debian 12;
# its Debian package version is the release date.
set(TTAM_RE2_VERSION "${RE2_VERSION}")
if(NOT TTAM_RE2_VERSION OR TTAM_RE2_VERSION STREQUAL "0.0.0")
  find_program(TTAM_DPKG_QUERY dpkg-query)
  set(TTAM_RE2_VERSION "unknown")
  if(TTAM_DPKG_QUERY)
    execute_process(
      COMMAND "${TTAM_DPKG_QUERY}" -W -f=\${Version} libre2-dev
      OUTPUT_VARIABLE ttam_re2_deb
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET
      RESULT_VARIABLE ttam_dpkg_result)
    if(ttam_dpkg_result EQUAL 0 AND ttam_re2_deb)
      set(TTAM_RE2_VERSION "${ttam_re2_deb} (Debian package)")
    endif()
  endif()
endif()
set(TTAM_YAML_CPP_VERSION "${yaml-cpp_VERSION}")
if(NOT TTAM_YAML_CPP_VERSION)
  set(TTAM_YAML_CPP_VERSION "unknown")
endif()
set(TTAM_HTTPLIB_VERSION "${HTTPLIB_VERSION}")
if(NOT TTAM_HTTPLIB_VERSION)
  set(TTAM_HTTPLIB_VERSION "unknown")
endif()
set(TTAM_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
if(NOT TTAM_BUILD_TYPE)
  set(TTAM_BUILD_TYPE "none")
endif()
set(TTAM_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")

configure_file("${CMAKE_CURRENT_LIST_DIR}/ttam_build_info.h.in"
               "${PROJECT_BINARY_DIR}/generated/ttam_build_info.h" @ONLY)
message(STATUS "ttam version ${TTAM_VERSION_FULL}")
