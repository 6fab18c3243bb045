# Packaging and sanitizer-suite tests.
#
# packaging_install (fixture setup) installs this build tree into ${PROJECT_BINARY_DIR}/packaging/prefix;
# packaging_find_package builds and runs tests/packaging/find-package against that prefix;
# packaging_add_subdirectory builds and runs tests/packaging/add-subdirectory on this source tree.
# Each consumer is configured fresh with this tree's generator, compiler and build type.
#
# In a sanitizer build (MEDBUDGET_SANITIZE) the installed libraries are instrumented, so a consumer
# that is not fails to link: the consumers get the same -fsanitize compile and link flags, which
# keeps the packaging checks meaningful in that tree too instead of skipping them.

set(_pkg_dir ${CMAKE_CURRENT_SOURCE_DIR}/packaging)
set(_pkg_work ${PROJECT_BINARY_DIR}/packaging)
get_property(_pkg_multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
if(_pkg_multi_config)
  set(_pkg_config -DCONFIG=$<CONFIG>)
else()
  set(_pkg_config -DBUILD_TYPE=${CMAKE_BUILD_TYPE})
endif()
set(_pkg_consumer_args
  -DMODE=consumer
  "-DGENERATOR=${CMAKE_GENERATOR}"
  "-DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}"
  "-DCXX_COMPILER=${CMAKE_CXX_COMPILER}"
  ${_pkg_config})
if(MEDBUDGET_SANITIZE)
  list(APPEND _pkg_consumer_args
    "-DSANITIZE_COMPILE_FLAGS=-fsanitize=${MEDBUDGET_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all"
    "-DSANITIZE_LINK_FLAGS=-fsanitize=${MEDBUDGET_SANITIZE}")
endif()

if(MEDBUDGET_INSTALL)
  add_test(NAME packaging_install
           COMMAND ${CMAKE_COMMAND} -DMODE=install "-DBUILD_DIR=${PROJECT_BINARY_DIR}"
                   "-DPREFIX=${_pkg_work}/prefix" $<$<BOOL:${_pkg_multi_config}>:-DCONFIG=$<CONFIG>>
                   -P ${_pkg_dir}/run.cmake)
  set_tests_properties(packaging_install PROPERTIES
    LABELS packaging FIXTURES_SETUP medbudget_installed TIMEOUT 300)

  add_test(NAME packaging_find_package
           COMMAND ${CMAKE_COMMAND} ${_pkg_consumer_args}
                   "-DSOURCE_DIR=${_pkg_dir}/find-package" "-DBINARY_DIR=${_pkg_work}/find-package"
                   "-DPREFIX_PATH=${_pkg_work}/prefix"
                   -P ${_pkg_dir}/run.cmake)
  set_tests_properties(packaging_find_package PROPERTIES
    LABELS packaging FIXTURES_REQUIRED medbudget_installed TIMEOUT 600)
endif()

add_test(NAME packaging_add_subdirectory
         COMMAND ${CMAKE_COMMAND} ${_pkg_consumer_args}
                 "-DSOURCE_DIR=${_pkg_dir}/add-subdirectory" "-DBINARY_DIR=${_pkg_work}/add-subdirectory"
                 "-DMEDBUDGET_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
                 -P ${_pkg_dir}/run.cmake)
set_tests_properties(packaging_add_subdirectory PROPERTIES LABELS packaging TIMEOUT 600)

# The asan preset's whole workflow (configure build-asan/, build, test) as one test. Never added in a
# sanitizer build itself, so the suite cannot recurse even if that tree's cache turned the option on.
if(MEDBUDGET_SANITIZER_SUITE AND NOT MEDBUDGET_SANITIZE)
  add_test(NAME sanitizer_suite
           COMMAND ${CMAKE_COMMAND} --workflow --preset asan
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(sanitizer_suite PROPERTIES LABELS sanitizers TIMEOUT 3000 RUN_SERIAL TRUE)
endif()
