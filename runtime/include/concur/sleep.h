// concur::sleep, concur::sleep_until, concur::yield_now: waiting on the loop's timers
// (asyncio.sleep). Use them instead of std::this_thread::sleep_for in a coroutine, which blocks the
// whole loop (concur-lint's coro-blocking-call rewrites one into the other).
//
//   co_await concur::sleep(2s);               // this task waits; the others run
//   co_await concur::sleep_until(deadline);
//   co_await concur::yield_now();             // asyncio.sleep(0): let every ready task run once
//
// Each is a suspension point: a cancelled task gets CancelledError here, and the timer is
// withdrawn. A zero or negative duration (or a past deadline) still suspends once, like
// asyncio.sleep(0). Timers fire in deadline order (equal deadlines in the order they were set),
// from a timerfd with nanosecond resolution; a sleep never ends early.
#pragma once

#include <chrono>
#include <coroutine>

#include "concur/detail/loop_core.h"

namespace concur {

class [[nodiscard]] SleepAwaiter : public detail::Waiter {
 public:
  // `yield_only`: no timer, just go to the back of the ready queue.
  SleepAwaiter(std::chrono::steady_clock::time_point deadline, bool yield_only) noexcept : yield_only_(yield_only) {
    timer_.owner = this;
    timer_.deadline = deadline;
    timer_.fire = &SleepAwaiter::on_timer;
  }
  ~SleepAwaiter() {
    if (timer_.armed()) loop().remove_timer(timer_);
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    if (!this->bind(handle)) return false;
    if (yield_only_ || timer_.deadline <= loop().now()) {
      // Already queued to resume: a cancellation only needs to be noticed in await_resume.
      this->reschedule();
    } else {
      loop().add_timer(timer_);
      this->suspend_here();
    }
    return true;
  }
  void await_resume() const { this->throw_if_cancelled(); }

  void interrupt() noexcept override {
    loop().remove_timer(timer_);
    this->wake();
  }

 private:
  struct Timer : detail::TimerNode {
    SleepAwaiter* owner = nullptr;
  };
  static void on_timer(detail::TimerNode& timer) noexcept { static_cast<Timer&>(timer).owner->wake(); }

  Timer timer_;
  bool yield_only_;
};

// Suspends the calling task for `duration` (at least).
template <class Rep, class Period>
SleepAwaiter sleep(std::chrono::duration<Rep, Period> duration) noexcept {
  if (duration <= duration.zero()) return SleepAwaiter({}, true);
  return SleepAwaiter(std::chrono::steady_clock::now() + std::chrono::ceil<std::chrono::steady_clock::duration>(duration),
                      false);
}

// Suspends the calling task until `deadline` (of any clock; converted to the steady clock now).
template <class Clock, class Duration>
SleepAwaiter sleep_until(std::chrono::time_point<Clock, Duration> deadline) noexcept {
  std::chrono::steady_clock::time_point steady;
  if constexpr (std::is_same_v<Clock, std::chrono::steady_clock>) {
    steady = std::chrono::time_point_cast<std::chrono::steady_clock::duration>(deadline);
    // time_point_cast rounds toward zero: never wake before the deadline.
    if (steady < deadline) steady += std::chrono::steady_clock::duration(1);
  } else {
    steady = std::chrono::steady_clock::now() +
             std::chrono::ceil<std::chrono::steady_clock::duration>(deadline - Clock::now());
  }
  return SleepAwaiter(steady, false);
}

// Lets every other ready task run once, then resumes (asyncio.sleep(0)).
inline SleepAwaiter yield_now() noexcept { return SleepAwaiter({}, true); }

}  // namespace concur
