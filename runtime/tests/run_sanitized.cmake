# Builds runtime/ standalone with a sanitizer and runs its tests; fails on any sanitizer report.
#
#   cmake -DSANITIZER=tsan|asan -DSOURCE_DIR=<runtime> -DBUILD_DIR=<dir> -DGENERATOR=Ninja
#         -DCXX_COMPILER=<c++> -P run_sanitized.cmake
#
# Reports are written to files (log_path) rather than only to stderr, so one emitted by a forked
# worker, or by a test that still passed, is caught too. A canary with a deliberate bug runs first
# to prove the sanitizer is actually active and its reports are actually seen.
cmake_minimum_required(VERSION 3.20)

# -O0: the instrumented build's compile time dominates these tests (the sanitizers' code generation
# for the template-heavy tests), and -O0 compiles a third faster than -O1 while the sanitizers see
# every access just as well; the stress sizes are scaled down for sanitizers anyway.
if(SANITIZER STREQUAL "tsan")
  set(flags "-fsanitize=thread -g -O0")
  set(options_var TSAN_OPTIONS)
  set(options "halt_on_error=0:second_deadlock_stack=1")
elseif(SANITIZER STREQUAL "asan")
  set(flags "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O0")
  set(options_var ASAN_OPTIONS)
  set(options "detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1")
  set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1:log_path=${BUILD_DIR}/reports/ubsan")
else()
  message(FATAL_ERROR "SANITIZER must be tsan or asan")
endif()

set(report_dir ${BUILD_DIR}/reports)
file(REMOVE_RECURSE ${report_dir})
file(MAKE_DIRECTORY ${report_dir})
set(ENV{${options_var}} "${options}:log_path=${report_dir}/${SANITIZER}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGV}")
  endif()
endfunction()

run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Debug
    "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}"
    -DCONCUR_RUNTIME_SANITIZER_CANARY=${SANITIZER})
run(${CMAKE_COMMAND} --build ${BUILD_DIR} -j 2)

# 1. The canary must be caught.
execute_process(COMMAND ${BUILD_DIR}/tests/concur_sanitizer_canary RESULT_VARIABLE canary_status)
file(GLOB canary_reports ${report_dir}/*)
if(NOT canary_reports)
  message(FATAL_ERROR "${SANITIZER}: the canary's bug was not reported; the sanitizer is not working")
endif()
file(REMOVE ${canary_reports})

# 2. The real tests: they must pass and leave no report behind.
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BUILD_DIR} --output-on-failure -j 2 --timeout 300
                RESULT_VARIABLE test_status)
file(GLOB reports ${report_dir}/*)
if(reports)
  foreach(report ${reports})
    file(READ ${report} text)
    message("==== ${report}\n${text}")
  endforeach()
  message(FATAL_ERROR "${SANITIZER}: the sanitizer reported problems (above)")
endif()
if(NOT test_status EQUAL 0)
  message(FATAL_ERROR "${SANITIZER}: tests failed")
endif()
message(STATUS "${SANITIZER}: all runtime tests passed with no report")
