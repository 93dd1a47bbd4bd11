// Helpers shared by the coroutine runtime tests.
#pragma once

#include <time.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "concur/event_loop.h"

namespace concur_test {

using Clock = std::chrono::steady_clock;

struct CustomError : std::runtime_error {
  int code;
  explicit CustomError(int c) : std::runtime_error("custom " + std::to_string(c)), code(c) {}
};

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Counts constructions and destructions: proves that a coroutine's locals were destroyed.
struct Tracked {
  explicit Tracked(int& live) : live_(&live) { ++*live_; }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { --*live_; }
  int* live_;
};

// Collects what a loop reports (unobserved task exceptions, failing callbacks...).
struct Reports {
  std::vector<concur::ExceptionContext> seen;
  void install(concur::EventLoop& loop) {
    loop.set_exception_handler([this](const concur::ExceptionContext& context) { seen.push_back(context); });
  }
};

}  // namespace concur_test

#include <exception>

#include "concur/task.h"

namespace concur_test {

// The exception awaiting `awaitable` throws, or null. (GCC 12 mishandles co_await inside the
// gtest macros, whose string literals become coroutine temporaries: await first, then check.)
template <class Awaitable>
concur::Task<std::exception_ptr> error_of(Awaitable awaitable) {
  std::exception_ptr error;
  try {
    co_await std::move(awaitable);
  } catch (...) {
    error = std::current_exception();
  }
  co_return error;
}

inline void rethrow(const std::exception_ptr& error) {
  if (error) std::rethrow_exception(error);
}

}  // namespace concur_test
