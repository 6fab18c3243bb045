# The Python module (examples/python): built with pybind11 for Debian's /usr/bin/python3 and tested
# with its pytest. Included from tests/capi/CMakeLists.txt.
#
# Not in a sanitizer build: the module would load an instrumented libmedbudget_c.so into an
# uninstrumented python3, which AddressSanitizer refuses unless its runtime is preloaded (and
# LeakSanitizer would then report the interpreter's own allocations). The C interface itself is
# tested there by capi_test.
if(MEDBUDGET_SANITIZE)
  message(STATUS "medbudget: Python module tests skipped in the sanitizer build")
  return()
endif()
set(MEDBUDGET_PYTHON /usr/bin/python3 CACHE FILEPATH "The Python the module is built for (Debian's)")
if(NOT EXISTS ${MEDBUDGET_PYTHON})
  message(STATUS "medbudget: Python module skipped: no ${MEDBUDGET_PYTHON}")
  return()
endif()
set(Python_EXECUTABLE ${MEDBUDGET_PYTHON})
find_package(Python 3 COMPONENTS Interpreter Development.Module)
set(PYBIND11_FINDPYTHON ON)
find_package(pybind11 2.6 CONFIG QUIET)
if(NOT Python_FOUND OR NOT pybind11_FOUND)
  message(STATUS "medbudget: Python module skipped: needs python3-dev and pybind11-dev")
  return()
endif()

set(_py_dir ${PROJECT_SOURCE_DIR}/examples/python)
set(_py_out ${CMAKE_BINARY_DIR}/python/medbudget)
pybind11_add_module(medbudget_python MODULE ${_py_dir}/_medbudget.cpp)
set_target_properties(medbudget_python PROPERTIES OUTPUT_NAME _medbudget LIBRARY_OUTPUT_DIRECTORY ${_py_out}
                      BUILD_RPATH $<TARGET_FILE_DIR:medbudget_c>)
target_link_libraries(medbudget_python PRIVATE medbudget_c)
add_custom_command(OUTPUT ${_py_out}/__init__.py
  COMMAND ${CMAKE_COMMAND} -E copy ${_py_dir}/medbudget/__init__.py ${_py_out}/__init__.py
  DEPENDS ${_py_dir}/medbudget/__init__.py VERBATIM)
add_custom_target(medbudget_python_package ALL DEPENDS ${_py_out}/__init__.py)
add_dependencies(medbudget_python medbudget_python_package)

add_test(NAME python_medbudget
         COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${CMAKE_BINARY_DIR}/python PYTHONDONTWRITEBYTECODE=1
                 ${MEDBUDGET_PYTHON} -m pytest -q -p no:cacheprovider ${_py_dir}/tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(python_medbudget PROPERTIES LABELS "capi;python" TIMEOUT 300)
