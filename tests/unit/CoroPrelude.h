// A minimal eager coroutine type for the tests' code, so that they need no library.
#pragma once

inline const char *CoroPrelude = R"cpp(
#include <chrono>
#include <coroutine>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
)cpp";
