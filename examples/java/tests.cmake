# The Java client (examples/java): compiled with the JDK's javac against Debian's jars (JNA, Gson
# for the tests, JUnit 5's console launcher) and run by CTest when a JDK is found. Included from
# tests/capi/CMakeLists.txt.
#
# Not in a sanitizer build: JNA loads an instrumented libmedbudget_c.so into an uninstrumented JVM,
# which AddressSanitizer refuses (its runtime must come first), and the JVM's own allocations would
# swamp LeakSanitizer. capi_test covers the C interface there.
if(MEDBUDGET_SANITIZE)
  message(STATUS "medbudget: Java tests skipped in the sanitizer build")
  return()
endif()
find_package(Java 11 COMPONENTS Development)
set(MEDBUDGET_JAVA_JARS /usr/share/java CACHE PATH "Where Debian installs jars (libjna-java, junit5, libgoogle-gson-java)")
find_file(MEDBUDGET_JNA_JAR jna.jar PATHS ${MEDBUDGET_JAVA_JARS} NO_DEFAULT_PATH)
find_file(MEDBUDGET_GSON_JAR gson.jar PATHS ${MEDBUDGET_JAVA_JARS} NO_DEFAULT_PATH)
find_file(MEDBUDGET_JUNIT_CONSOLE_JAR junit-platform-console-standalone.jar PATHS ${MEDBUDGET_JAVA_JARS} NO_DEFAULT_PATH)
if(NOT Java_FOUND OR NOT MEDBUDGET_JNA_JAR OR NOT MEDBUDGET_GSON_JAR OR NOT MEDBUDGET_JUNIT_CONSOLE_JAR)
  message(STATUS "medbudget: Java tests skipped: needs a JDK, libjna-java, libgoogle-gson-java and junit5")
  return()
endif()

add_test(NAME java_medbudget
         COMMAND ${CMAKE_COMMAND}
                 -DJAVAC=${Java_JAVAC_EXECUTABLE} -DJAVA=${Java_JAVA_EXECUTABLE}
                 -DJNA_JAR=${MEDBUDGET_JNA_JAR} -DGSON_JAR=${MEDBUDGET_GSON_JAR}
                 -DJUNIT_JAR=${MEDBUDGET_JUNIT_CONSOLE_JAR}
                 -DLIB_DIR=$<TARGET_FILE_DIR:medbudget_c> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DWORK_DIR=${CMAKE_BINARY_DIR}/java -DVERSION=${PROJECT_VERSION}
                 -P ${PROJECT_SOURCE_DIR}/examples/java/run-tests.cmake)
set_tests_properties(java_medbudget PROPERTIES LABELS "capi;java" TIMEOUT 300)
