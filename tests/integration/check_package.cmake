# Installs the runtime into a scratch prefix and builds the example project against it twice: with
# find_package(concur) and with pkg-config. Runs the programs: the executors' example and the
# coroutine tour (asyncio_lessons.cpp, which also exercises sockets, files and -luring).
#
#   cmake -DBUILD_DIR=<project build> -DWORK_DIR=<scratch> -DEXAMPLE_DIR=<examples/runtime>
#         -DGENERATOR=Ninja -DCXX_COMPILER=<c++> -P check_package.cmake
cmake_minimum_required(VERSION 3.20)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Only the runtime's component: the rest of the project has its own install rules (or none).
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component concur-runtime)
foreach(expected include/concur/thread_pool.h include/concur/process_pool.h include/concur/task.h
                 include/concur/event_loop.h include/concur/detail/loop_core.h include/concur/net.h)
  if(NOT EXISTS ${prefix}/${expected})
    message(FATAL_ERROR "not installed: ${expected}")
  endif()
endforeach()

# 1. CMake: find_package(concur) and concur::runtime.
run(${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${WORK_DIR}/cmake-build -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build)
run(${WORK_DIR}/cmake-build/concur_example)
if(NOT last_output MATCHES "thread pool: 385\nprocess pool: 385")
  message(FATAL_ERROR "unexpected output of the CMake-built example:\n${last_output}")
endif()
function(check_asyncio_tour program)
  run(${program})
  foreach(expected "resultado: \\(2, 3\\)" "\\[2, 3\\]" "fetched 5 pages" "to_thread results: 0 1 2 3"
                   "Todas as tarefas foram conclu")
    if(NOT last_output MATCHES "${expected}")
      message(FATAL_ERROR "${program}: no '${expected}' in its output:\n${last_output}")
    endif()
  endforeach()
endfunction()
check_asyncio_tour(${WORK_DIR}/cmake-build/concur_asyncio_example)

# 2. pkg-config, found through PKG_CONFIG_PATH only (the .pc file locates its own prefix).
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB_RECURSE pc_file ${prefix}/concur.pc)
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
run(${PKG_CONFIG} --cflags --libs concur)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX_COMPILER} -std=c++20 -O1 ${EXAMPLE_DIR}/main.cpp -o ${WORK_DIR}/pkg-config-example ${flags})
run(${WORK_DIR}/pkg-config-example)
if(NOT last_output MATCHES "thread pool: 385\nprocess pool: 385")
  message(FATAL_ERROR "unexpected output of the pkg-config-built example:\n${last_output}")
endif()
run(${CXX_COMPILER} -std=c++20 -O1 ${EXAMPLE_DIR}/asyncio_lessons.cpp -o ${WORK_DIR}/pkg-config-asyncio ${flags})
check_asyncio_tour(${WORK_DIR}/pkg-config-asyncio)
# 3. concur::http, when the runtime was built with libcurl: the page downloader (no URLs: it only
#    starts a session on a loop) through find_package (concur::http) and pkg-config (concur-http).
if(EXISTS ${pc_dir}/concur-http.pc)
  if(NOT EXISTS ${WORK_DIR}/cmake-build/concur_page_downloader)
    message(FATAL_ERROR "concur-http.pc is installed, but find_package(concur) gave no concur::http")
  endif()
  run(${WORK_DIR}/cmake-build/concur_page_downloader ${WORK_DIR})
  if(NOT last_output MATCHES "0 pages saved, 0 failed")
    message(FATAL_ERROR "unexpected output of the CMake-built page downloader:\n${last_output}")
  endif()
  run(${PKG_CONFIG} --cflags --libs concur-http)
  string(STRIP "${last_output}" http_flags)
  separate_arguments(http_flags UNIX_COMMAND "${http_flags}")
  run(${CXX_COMPILER} -std=c++20 -O1 ${EXAMPLE_DIR}/page_downloader.cpp -o ${WORK_DIR}/pkg-config-downloader
      ${http_flags})
  run(${WORK_DIR}/pkg-config-downloader ${WORK_DIR})
  if(NOT last_output MATCHES "0 pages saved, 0 failed")
    message(FATAL_ERROR "unexpected output of the pkg-config-built page downloader:\n${last_output}")
  endif()
  message(STATUS "concur::http: find_package and pkg-config (concur-http) build and run the page downloader")
endif()
message(STATUS "find_package(concur) and pkg-config both build and run the example")
