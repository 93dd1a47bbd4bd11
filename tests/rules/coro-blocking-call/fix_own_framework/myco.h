#pragma once
#include <chrono>
#include <coroutine>

namespace myco {
// Stands for the library's timer: an awaitable that completes after `d`.
struct SleepAwaiter {
  std::chrono::nanoseconds d;
  bool await_ready() const noexcept { return d.count() <= 0; }
  void await_suspend(std::coroutine_handle<> h) const { h.resume(); }
  void await_resume() const noexcept {}
};
inline SleepAwaiter sleep(std::chrono::nanoseconds d) { return {d}; }
}  // namespace myco
