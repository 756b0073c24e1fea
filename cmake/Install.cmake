# `cmake --install <build> [--prefix P]` and `cpack -G DEB`: the binary, the
# man pages (gzip -9n, as Debian ships them, made in the build tree), the
# bash, zsh and fish completions, and the Debian package's copyright and
# changelog. DEVELOPERS.md, "Packaging", says how to use it.
include(GNUInstallDirs)

find_program(TTAM_GZIP gzip REQUIRED)
file(GLOB ttam_man_pages CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/man/*.[1-9]")
set(ttam_man_outputs "")
foreach(page IN LISTS ttam_man_pages)
  get_filename_component(name "${page}" NAME)
  string(REGEX REPLACE ".*\\.([1-9])$" "\\1" section "${name}")
  set(out "${PROJECT_BINARY_DIR}/man/man${section}/${name}.gz")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/man/man${section}"
    COMMAND sh -c "\"$0\" -9n -c \"$1\" > \"$2\"" "${TTAM_GZIP}" "${page}" "${out}"
    DEPENDS "${page}"
    COMMENT "gzip -9n ${name}"
    VERBATIM)
  list(APPEND ttam_man_outputs "${out}")
  list(APPEND ttam_man_sections "${section}")
endforeach()
list(REMOVE_DUPLICATES ttam_man_sections)

# The Debian changelog of the package: one entry for the version built, dated
# by the commit (reproducible), or now outside a clone.
set(TTAM_DEB_MAINTAINER "ttam maintainers <maintainers@ttam.invalid>"
    CACHE STRING "The Debian package's Maintainer field (name <address>)")
set(ttam_changelog_date "")
if(GIT_FOUND AND TTAM_GIT_DESCRIBE)
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" log -1 --format=%cD
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE ttam_changelog_date
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
endif()
if(NOT ttam_changelog_date)
  string(TIMESTAMP ttam_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
# Debian versions take no '-' in a native package: 0.1.0+g1a2b3c4-dirty
# becomes 0.1.0+g1a2b3c4.dirty.
string(REPLACE "-" "." TTAM_DEB_VERSION "${TTAM_VERSION_FULL}")
set(ttam_changelog "${PROJECT_BINARY_DIR}/doc/changelog")
set(ttam_changelog_source "")
if(TTAM_GIT_DESCRIBE)
  set(ttam_changelog_source " at git describe ${TTAM_GIT_DESCRIBE}")
endif()
file(CONFIGURE OUTPUT "${ttam_changelog}" CONTENT
  "ttam (${TTAM_DEB_VERSION}) unstable; urgency=medium\n\n  * Built from the ttam sources${ttam_changelog_source}.\n\n -- ${TTAM_DEB_MAINTAINER}  ${ttam_changelog_date}\n")
add_custom_command(
  OUTPUT "${ttam_changelog}.gz"
  COMMAND sh -c "\"$0\" -9n -c \"$1\" > \"$2\"" "${TTAM_GZIP}" "${ttam_changelog}"
          "${ttam_changelog}.gz"
  DEPENDS "${ttam_changelog}"
  VERBATIM)

add_custom_target(ttam_install_files ALL DEPENDS ${ttam_man_outputs} "${ttam_changelog}.gz")

# install() of generated files needs them made: build them first even when
# only the binary was built (`ninja ttam`, then `cmake --install`).
install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" --build \"${PROJECT_BINARY_DIR}\" --target ttam_install_files RESULT_VARIABLE ttam_rc)
if(NOT ttam_rc EQUAL 0)
  message(FATAL_ERROR \"cannot build the man pages and changelog (ttam_install_files)\")
endif()")
foreach(section IN LISTS ttam_man_sections)
  install(DIRECTORY "${PROJECT_BINARY_DIR}/man/man${section}"
          DESTINATION "${CMAKE_INSTALL_MANDIR}"
          FILES_MATCHING PATTERN "*.gz")
endforeach()
install(FILES "${PROJECT_SOURCE_DIR}/completions/ttam.bash"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME ttam)
install(FILES "${PROJECT_SOURCE_DIR}/completions/_ttam"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
install(FILES "${PROJECT_SOURCE_DIR}/completions/ttam.fish"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
install(FILES "${PROJECT_SOURCE_DIR}/cmake/copyright" "${ttam_changelog}.gz"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# cpack -G DEB (from the build directory): ttam_<version>_<arch>.deb, its
# shared-library dependencies computed by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME ttam)
set(CPACK_PACKAGE_VERSION "${TTAM_DEB_VERSION}")
set(CPACK_PACKAGE_VENDOR "ttam maintainers")
set(CPACK_PACKAGE_CONTACT "${TTAM_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lint, measure and query Prometheus metrics, configs and rules")
# (CPack puts the summary first; this is the long description after it.)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "ttam is a command-line toolkit for Prometheus. It lints metrics
expositions, prometheus.yml files and rule files as Prometheus 3 loads
them, runs PromQL conformance tests and promtool's rule unit tests,
evaluates PromQL over local data, counts series and label values, records
scrapes, computes histogram quantiles and SLO burn rates, and generates SLO
rules. Findings are written as text, JSON, GitHub annotations or SARIF.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TTAM_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/ttam-dev/ttam")
set(CPACK_STRIP_FILES ON)
# Directories owned by the base system are not the package's to create.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
