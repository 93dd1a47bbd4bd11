# Builds the concur::codec fuzz target with clang++-19 (libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer) and runs it: first over the regression inputs, then for a bounded
# number of new inputs. The project itself may be built with GCC, so the compiler is named here.
#
#   cmake -DCLANGXX=clang++-19 -DSOURCE_DIR=<runtime/tests> -DINCLUDE_DIR=<runtime/include>
#         -DWORK_DIR=<dir> [-DRUNS=20000] [-DMAX_TIME=60] -P run_codec_fuzzer.cmake
#
# Prints "SKIPPED: ..." and exits 0 without clang++-19 or libFuzzer; ctest marks the test skipped
# (SKIP_REGULAR_EXPRESSION).
cmake_minimum_required(VERSION 3.20)

if(NOT RUNS)
  set(RUNS 20000)
endif()
if(NOT MAX_TIME)
  set(MAX_TIME 60)
endif()
if(NOT CLANGXX)
  set(CLANGXX clang++-19)
endif()
find_program(clangxx NAMES ${CLANGXX})
if(NOT clangxx)
  message("SKIPPED: ${CLANGXX} not found (scripts/install-deps.sh installs clang-19 and libclang-rt-19-dev)")
  return()
endif()

file(MAKE_DIRECTORY ${WORK_DIR})
set(fuzzer ${WORK_DIR}/codec_fuzzer)
set(flags -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
execute_process(COMMAND ${clangxx} ${flags} -I${INCLUDE_DIR} ${SOURCE_DIR}/fuzz/codec_fuzzer.cpp -o ${fuzzer}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
  if(out MATCHES "libclang_rt\\.fuzzer|cannot find -lclang_rt|fuzzer.*(not found|No such file)")
    message("SKIPPED: clang++-19 has no libFuzzer (apt-get install libclang-rt-19-dev):\n${out}")
    return()
  endif()
  message(FATAL_ERROR "the codec fuzzer does not build:\n${out}")
endif()

# New inputs go to a scratch corpus, never into the source tree's regressions.
set(corpus ${WORK_DIR}/corpus)
file(REMOVE_RECURSE ${corpus})
file(MAKE_DIRECTORY ${corpus})
set(ENV{ASAN_OPTIONS} "detect_leaks=1:allocator_may_return_null=0")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1")
execute_process(COMMAND ${fuzzer} ${corpus} ${SOURCE_DIR}/fuzz/codec_regressions
                        -runs=${RUNS} -max_total_time=${MAX_TIME} -max_len=4096 -timeout=10 -rss_limit_mb=1024
                        -seed=1 -print_final_stats=1 -artifact_prefix=${WORK_DIR}/
                WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the codec fuzzer found a failure (the input is in ${WORK_DIR}/crash-*, "
                      "timeout-* or oom-*; add it to runtime/tests/fuzz/codec_regressions/ once fixed):\n${out}")
endif()
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" executed "${out}")
message(STATUS "codec fuzzer: no failure (${executed})")
