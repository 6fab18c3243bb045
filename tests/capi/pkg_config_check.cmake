# Builds a C99 program against the installed C interface with nothing but pkg-config's flags, and
# runs it: the header, libmedbudget_c.so (through its SONAME link) and medbudget_c.pc are installed.
#   cmake -DPREFIX=… -DPKG_CONFIG=… -DCC=… -DSOURCE=capi_c99_test.c -DWORK_DIR=… -DSOURCE_DIR=…
#         [-DEXTRA_FLAGS=…] -P pkg_config_check.cmake
cmake_minimum_required(VERSION 3.25)
file(GLOB_RECURSE pc "${PREFIX}/*/medbudget_c.pc")
if(NOT pc)
  message(FATAL_ERROR "no medbudget_c.pc under ${PREFIX}")
endif()
get_filename_component(pc_dir "${pc}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
set(ENV{PKG_CONFIG_LIBDIR} "${pc_dir}")  # only the prefix under test
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs medbudget_c OUTPUT_VARIABLE flags RESULT_VARIABLE rc
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config medbudget_c failed")
endif()
execute_process(COMMAND ${PKG_CONFIG} --variable=libdir medbudget_c OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(extra UNIX_COMMAND "${EXTRA_FLAGS}")
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${CC} -std=c99 -Wall -Wextra -Wpedantic -Werror ${extra} ${SOURCE} -o ${WORK_DIR}/consumer_c ${flags}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the C consumer did not build with: ${flags}")
endif()
set(ENV{LD_LIBRARY_PATH} "${libdir}")
execute_process(COMMAND ${WORK_DIR}/consumer_c WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the C consumer failed (${rc})")
endif()
