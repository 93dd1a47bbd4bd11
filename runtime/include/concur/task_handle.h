// concur::create_task and concur::TaskHandle<T>: running a Task concurrently (asyncio.create_task).
//
//   concur::TaskHandle<int> t1 = concur::create_task(g(1));  // scheduled now; runs as soon as
//   concur::TaskHandle<int> t2 = concur::create_task(g(2));  // the current task suspends
//   int r1 = co_await t1;                                     // waits for it (re-throws)
//   t2.cancel();                                              // CancelledError inside g(2)
//
// create_task starts the task on the running loop: it is queued at once and runs concurrently
// with the caller, which goes on until it suspends. The handle awaits it (any number of times,
// from any task of the loop), inspects it (done, cancelled, result, exception) or cancels it.
// Handles are copyable references to the same task and are used on the loop's thread only.
//
// Lifetime: the loop keeps a running task alive, so dropping every handle does not stop it (no
// task "disappears mid-execution" as in asyncio). EventLoop::close() (and so the end of
// concur::run) cancels the tasks still running. A task that fails with an exception that nobody
// retrieves (by awaiting it, result() or exception()) is reported when it is destroyed, i.e. when
// it has finished and its last handle is gone: to the loop's exception handler, by default on
// stderr ("Task exception was never retrieved"). The coroutine's frame itself (its parameters and
// locals: a socket, a lock guard...) is released as soon as the task finishes; the handles keep
// only the result.
//
// Awaiting a handle is a suspension point. As in asyncio, if the awaiting task is cancelled while
// it waits, the awaited task is cancelled too, and the awaiter gets CancelledError once it ended.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "concur/detail/loop_core.h"
#include "concur/detail/task_root.h"
#include "concur/errors.h"
#include "concur/task.h"

namespace concur {

template <class T = void>
class TaskHandle;

namespace detail {

template <class T>
class Spawned final : public SpawnedBase {
 public:
  Spawned(LoopCore& loop, Task<T> task) : SpawnedBase(loop, loop.handler_slot()) {
    root_.set(std::move(task), *this);
  }
  // The coroutine goes first: its destructors may still refer to this state.
  ~Spawned() override { root_.destroy(); }

  // After the task finished without an exception: its value (a copy, or moved out).
  T copy_value() const {
    if constexpr (!std::is_void_v<T>) {
      check_value();
      return root_.peek_value();
    }
  }
  T take_value() {
    check_value();
    return root_.take_value();
  }

 protected:
  std::coroutine_handle<> root() noexcept override { return root_.handle(); }
  std::exception_ptr harvest() noexcept override { return root_.harvest(); }
  void destroy_root() noexcept override { root_.destroy(); }

 private:
  void check_value() const {
    if (!root_.has_value()) throw FutureError("concur::TaskHandle: the result was moved out already");
  }

  TaskRoot<T> root_;
};

}  // namespace detail

template <class T>
class TaskHandle {
 public:
  TaskHandle() noexcept = default;

  bool valid() const noexcept { return task_ != nullptr; }
  // Finished: returned, threw, or was cancelled.
  bool done() const { return require().finished(); }
  // Finished by CancelledError (cancelled, and the cancellation was not caught).
  bool cancelled() const { return require().finished_cancelled(); }

  // Requests cancellation: the task receives CancelledError at its next suspension point (at once
  // if it is suspended; a task that has not started yet never runs). False if it already finished.
  bool cancel() {
    detail::Spawned<T>& task = require();
    if (task.finished()) return false;
    task.request_cancel();
    return true;
  }

  // The task's value, or its exception re-thrown (CancelledError if it was cancelled). Throws
  // FutureError if it has not finished. The const& form copies the value, the && form moves it.
  T result() const& {
    detail::Spawned<T>& task = finished_or_throw();
    task.mark_observed();
    if (task.error()) std::rethrow_exception(task.error());
    return task.copy_value();
  }
  T result() && {
    detail::Spawned<T>& task = finished_or_throw();
    task.mark_observed();
    if (task.error()) std::rethrow_exception(task.error());
    return task.take_value();
  }
  // The exception the task finished with, or null if it returned. Throws CancelledError if it was
  // cancelled and FutureError if it has not finished (asyncio's Task.exception()).
  std::exception_ptr exception() const {
    detail::Spawned<T>& task = finished_or_throw();
    task.mark_observed();
    if (task.finished_cancelled()) std::rethrow_exception(task.error());
    return task.error();
  }

  class Awaiter : public detail::Waiter {
   public:
    Awaiter(std::shared_ptr<detail::Spawned<T>> task, bool move_result) noexcept
        : task_(std::move(task)), move_result_(move_result) {}
    ~Awaiter() {
      if (task_) task_->remove_waiter(*this);
    }
    bool await_ready() const noexcept { return task_->finished(); }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      if (!this->bind(handle)) return false;
      task_->add_waiter(*this);
      this->suspend_here();
      return true;
    }
    T await_resume() {
      task_->remove_waiter(*this);
      this->throw_if_cancelled();
      task_->mark_observed();
      if (task_->error()) std::rethrow_exception(task_->error());
      if constexpr (std::is_void_v<T> || std::is_copy_constructible_v<T>) {
        if (!move_result_) return task_->copy_value();
      }
      return task_->take_value();
    }
    // Cancelled while waiting: cancel the awaited task too, and keep waiting for it to end.
    void interrupt() noexcept override {
      if (!task_->finished()) task_->request_cancel();
    }

   private:
    std::shared_ptr<detail::Spawned<T>> task_;
    bool move_result_;
  };

  // Waits for the task; returns its value (a copy) or re-throws its exception.
  Awaiter operator co_await() const& {
    static_assert(std::is_void_v<T> || std::is_copy_constructible_v<T>,
                  "the result is move-only: co_await std::move(handle) to move it out");
    return Awaiter(require_shared(), false);
  }
  // Waits for the task; moves its value out (for move-only results).
  Awaiter operator co_await() && { return Awaiter(require_shared(), true); }

  // Two handles are equal when they refer to the same task.
  friend bool operator==(const TaskHandle& a, const TaskHandle& b) noexcept { return a.task_ == b.task_; }

 private:
  template <class U>
  friend TaskHandle<U> create_task(Task<U> task);

  explicit TaskHandle(std::shared_ptr<detail::Spawned<T>> task) noexcept : task_(std::move(task)) {}

  detail::Spawned<T>& require() const {
    if (!task_) throw FutureError("concur::TaskHandle: empty handle");
    return *task_;
  }
  const std::shared_ptr<detail::Spawned<T>>& require_shared() const {
    require();
    return task_;
  }
  detail::Spawned<T>& finished_or_throw() const {
    detail::Spawned<T>& task = require();
    if (!task.finished()) throw FutureError("concur::TaskHandle: the task has not finished");
    return task;
  }

  std::shared_ptr<detail::Spawned<T>> task_;
};

// Starts `task` concurrently on the loop running on this thread and returns its handle. Throws
// std::logic_error when no loop runs on this thread (call it from inside a task).
template <class T>
TaskHandle<T> create_task(Task<T> task) {
  detail::LoopCore* loop = detail::LoopCore::current();
  if (!loop) throw std::logic_error("concur::create_task: no event loop is running on this thread");
  auto spawned = std::make_shared<detail::Spawned<T>>(*loop, std::move(task));
  spawned->launch(spawned);
  return TaskHandle<T>(std::move(spawned));
}

namespace detail {
// A Task that awaits a handle: how gather and wait_for take handles.
template <class T>
Task<T> await_handle(TaskHandle<T> handle) {
  co_return co_await std::move(handle);
}
}  // namespace detail

}  // namespace concur
