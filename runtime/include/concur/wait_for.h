// concur::wait_for: a task with a time limit (asyncio.wait_for).
//
//   try {
//     Page page = co_await concur::wait_for(fetch(url), 2s);
//   } catch (const concur::TimeoutError&) { ... }   // fetch was cancelled, and has ended
//
// Runs the task as a task of its own. If it ends in time, its value is returned (or its exception
// re-thrown). If the timeout passes first, the task is cancelled; once it has ended (its cleanup
// ran), wait_for throws TimeoutError; if the task caught the cancellation and returned a value
// anyway, that value is returned. Cancelling the awaiting task cancels the task too and throws
// CancelledError once it has ended.
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include "concur/detail/child_task.h"
#include "concur/detail/loop_core.h"
#include "concur/errors.h"
#include "concur/outcome.h"
#include "concur/task.h"
#include "concur/task_handle.h"

namespace concur {

namespace detail {

template <class T>
class Deadline final : public Waiter, public ChildOwner {
 public:
  Deadline(Task<T> task, std::chrono::steady_clock::time_point deadline) : child_(std::move(task)) {
    timer_.owner = this;
    timer_.deadline = deadline;
    timer_.fire = &Deadline::on_timer;
  }
  ~Deadline() {
    if (timer_.armed()) loop().remove_timer(timer_);
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    if (!this->bind(handle)) return false;
    child_.launch(loop(), *this);
    loop().add_timer(timer_);
    this->suspend_here();
    return true;
  }
  T await_resume() {
    this->throw_if_cancelled();
    if (child_.error()) {
      if (timed_out_ && is_cancelled(child_.error())) throw TimeoutError("concur::wait_for: timed out");
      std::rethrow_exception(child_.error());
    }
    return child_.take();
  }

  std::coroutine_handle<> child_finished(ChildBase&) noexcept override {
    loop().remove_timer(timer_);
    this->task().resumed_from(this);
    return awaiting();
  }
  void interrupt() noexcept override {
    if (!child_.finished()) child_.request_cancel();
  }

 private:
  struct Timer : TimerNode {
    Deadline* owner = nullptr;
  };
  static void on_timer(TimerNode& timer) noexcept {
    Deadline& self = *static_cast<Timer&>(timer).owner;
    self.timed_out_ = true;
    self.child_.request_cancel();
  }

  Child<T> child_;
  Timer timer_;
  bool timed_out_ = false;
};

// The deadline counts from the first resumption, not from the call (a Task is lazy).
template <class T>
Task<T> wait_for_steady(Task<T> task, std::chrono::steady_clock::duration limit) {
  Deadline<T> limited(std::move(task), std::chrono::steady_clock::now() + limit);
  co_return co_await limited;
}

}  // namespace detail

// Awaits `task`, cancelling it and throwing TimeoutError if it takes longer than `timeout`.
template <class T, class Rep, class Period>
Task<T> wait_for(Task<T> task, std::chrono::duration<Rep, Period> timeout) {
  return detail::wait_for_steady(std::move(task), std::chrono::ceil<std::chrono::steady_clock::duration>(timeout));
}

// The same for a task started with create_task: on timeout, that task is cancelled.
template <class T, class Rep, class Period>
Task<T> wait_for(TaskHandle<T> handle, std::chrono::duration<Rep, Period> timeout) {
  return wait_for(detail::await_handle(std::move(handle)), timeout);
}

}  // namespace concur
