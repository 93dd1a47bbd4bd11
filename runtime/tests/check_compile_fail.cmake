# Checks that the static_asserts of the runtime's algorithms fire with their documented messages.
#
#   cmake -DCXX_COMPILER=<c++> -DINCLUDE_DIR=<runtime/include> -DSOURCE=<cases.cpp> -P check_compile_fail.cmake
#
# SOURCE lists its messages in `// expect-error: <text>` lines. It must compile with
# -DCONCUR_COMPILE_FAIL_CONTROL (each case then takes its valid variant, so a failure is due to the
# lines that differ), and must fail without it, with every <text> in the compiler's output.
cmake_minimum_required(VERSION 3.20)

file(STRINGS ${SOURCE} expect_lines REGEX "^// expect-error: ")
if(NOT expect_lines)
  message(FATAL_ERROR "${SOURCE}: no `// expect-error: <text>` line")
endif()

# Every error reported (Clang stops after 20 by default; GCC has no limit).
set(error_limit "")
if(CXX_COMPILER MATCHES "clang")
  set(error_limit -ferror-limit=0)
endif()
set(compile ${CXX_COMPILER} -std=c++20 -fsyntax-only ${error_limit} -I${INCLUDE_DIR} ${SOURCE})
execute_process(COMMAND ${compile} -DCONCUR_COMPILE_FAIL_CONTROL RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: the control variant must compile, but:\n${out}")
endif()
execute_process(COMMAND ${compile} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: compiled, but every case in it should fail")
endif()
set(missing "")
foreach(line ${expect_lines})
  string(REGEX REPLACE "^// expect-error: " "" expected "${line}")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    string(APPEND missing "\n  ${expected}")
  else()
    message(STATUS "rejected as documented: ${expected}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "${SOURCE}: these messages were not reported:${missing}\ncompiler output:\n${out}")
endif()
