# Driver for the packaging tests: cmake -DMODE=install|consumer ... -P run.cmake
#
# MODE=install:  BUILD_DIR, PREFIX [, CONFIG]
#   Installs BUILD_DIR into a fresh PREFIX.
# MODE=consumer: SOURCE_DIR, BINARY_DIR, GENERATOR [, MAKE_PROGRAM, CXX_COMPILER, BUILD_TYPE, CONFIG,
#                PREFIX_PATH, MEDBUDGET_SOURCE_DIR, SANITIZE_COMPILE_FLAGS, SANITIZE_LINK_FLAGS]
#   Configures SOURCE_DIR into a fresh BINARY_DIR, builds it and runs its `consumer` program.
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args})
  file(GLOB_RECURSE config_file "${PREFIX}/*/medbudgetConfig.cmake")
  if(NOT config_file)
    message(FATAL_ERROR "no medbudgetConfig.cmake under ${PREFIX}")
  endif()
elseif(MODE STREQUAL "consumer")
  file(REMOVE_RECURSE "${BINARY_DIR}")
  set(args -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}")
  foreach(var IN ITEMS MAKE_PROGRAM CXX_COMPILER BUILD_TYPE PREFIX_PATH)
    if(${var})
      list(APPEND args "-DCMAKE_${var}=${${var}}")
    endif()
  endforeach()
  if(MEDBUDGET_SOURCE_DIR)
    list(APPEND args "-DMEDBUDGET_SOURCE_DIR=${MEDBUDGET_SOURCE_DIR}")
  endif()
  if(PREFIX_PATH)
    # Only the prefix under test may provide medbudget.
    list(APPEND args -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
  endif()
  if(SANITIZE_COMPILE_FLAGS)
    list(APPEND args "-DCMAKE_CXX_FLAGS=${SANITIZE_COMPILE_FLAGS}"
                     "-DCMAKE_EXE_LINKER_FLAGS=${SANITIZE_LINK_FLAGS}")
  endif()
  run(${CMAKE_COMMAND} ${args})
  run(${CMAKE_COMMAND} --build "${BINARY_DIR}" ${config_args})
  file(GLOB_RECURSE exe LIST_DIRECTORIES false "${BINARY_DIR}/consumer" "${BINARY_DIR}/consumer.exe")
  list(FILTER exe EXCLUDE REGEX "/CMakeFiles/")
  if(NOT exe)
    message(FATAL_ERROR "no consumer program under ${BINARY_DIR}")
  endif()
  list(GET exe 0 exe)
  run("${exe}")
else()
  message(FATAL_ERROR "MODE must be install or consumer, not '${MODE}'")
endif()
