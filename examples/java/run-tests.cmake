# Compiles the Java client and its tests with javac and runs them with JUnit 5's console launcher.
#   cmake -DJAVAC=… -DJAVA=… -DJNA_JAR=… -DGSON_JAR=… -DJUNIT_JAR=… -DLIB_DIR=<dir of libmedbudget_c.so>
#         -DSOURCE_DIR=<source tree> -DWORK_DIR=<scratch dir> -DVERSION=0.1.0 -P run-tests.cmake
cmake_minimum_required(VERSION 3.25)
set(java_dir ${SOURCE_DIR}/examples/java)
file(REMOVE_RECURSE ${WORK_DIR})
file(GLOB_RECURSE main_sources ${java_dir}/src/*.java)
file(GLOB_RECURSE test_sources ${java_dir}/test/*.java)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

run(${JAVAC} -Xlint:all -Werror -encoding UTF-8 -cp ${JNA_JAR} -d ${WORK_DIR}/classes ${main_sources})
run(${JAVAC} -Xlint:all -Xlint:-processing -encoding UTF-8 -cp ${WORK_DIR}/classes:${JNA_JAR}:${GSON_JAR}:${JUNIT_JAR}
    -d ${WORK_DIR}/test-classes ${test_sources})
run(${JAVA} -Djna.library.path=${LIB_DIR} -Dmedbudget.source.dir=${SOURCE_DIR} -Dmedbudget.version=${VERSION}
    -Dfile.encoding=UTF-8 -jar ${JUNIT_JAR} --disable-banner --fail-if-no-tests --details=summary
    --class-path ${WORK_DIR}/classes:${WORK_DIR}/test-classes:${JNA_JAR}:${GSON_JAR}
    --select-package medbudget)
