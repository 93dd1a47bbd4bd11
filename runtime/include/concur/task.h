// concur::Task<T>: a C++20 coroutine that runs on a concur::EventLoop (asyncio's `async def`).
//
//   concur::Task<int> add_later(int a, int b) {
//     co_await concur::sleep(1s);    // suspends this task; the loop runs others meanwhile
//     co_return a + b;
//   }
//   concur::Task<> main_task() { int sum = co_await add_later(1, 2); }
//   concur::run(main_task());       // asyncio.run(main())
//
// A Task is lazy: calling add_later(1, 2) only creates it, as calling an `async def` creates a
// coroutine object. It runs when awaited (co_await, in the awaiting task, like `await coro`),
// or when handed to concur::run, create_task, gather or wait_for. It is move-only and can be
// awaited once; its result is moved out to the awaiter, and an exception it lets escape is
// re-thrown there. Awaiting a Task transfers control to it directly (symmetric transfer, or a
// trampoline where the compiler cannot guarantee a tail call): a chain of a million awaits that
// complete at once uses no more stack than one. Destroying a Task that has not finished (for
// example the Task a cancelled or destroyed parent was awaiting) destroys its coroutine frame: the
// destructors of its locals run and whatever it was waiting for (a timer, a socket, a lock queue)
// is withdrawn.
#pragma once

#include <concepts>
#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "concur/detail/loop_core.h"
#include "concur/errors.h"

namespace concur {

template <class T = void>
class Task;

namespace detail {

// What every concur coroutine promise has: the task it runs in and the coroutine awaiting it.
class PromiseBase {
 public:
  TaskState* task_state() const noexcept { return state_; }
  // Attaches the coroutine to a task; `continuation` resumes when it finishes (null for a root).
  void bind(TaskState& state, std::coroutine_handle<> continuation) noexcept {
    state_ = &state;
    continuation_ = continuation;
  }

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      PromiseBase& promise = handle.promise();
      LoopCore& loop = promise.state_->loop();
      if (promise.continuation_) return loop.transfer(promise.continuation_);
      // A root: its task decides what comes next (it may destroy this frame: touch nothing after).
      return loop.transfer(promise.state_->on_root_finished());
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }

 private:
  TaskState* state_ = nullptr;
  std::coroutine_handle<> continuation_;
};

template <class Promise>
concept ConcurPromise = std::derived_from<Promise, PromiseBase>;

template <class T>
class TaskPromise final : public PromiseBase {
 public:
  Task<T> get_return_object() noexcept;

  template <class U = T>
    requires std::convertible_to<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    result_.template emplace<1>(std::forward<U>(value));
  }
  void unhandled_exception() noexcept { result_.template emplace<2>(std::current_exception()); }
  void set_exception(std::exception_ptr error) noexcept { result_.template emplace<2>(std::move(error)); }

  bool has_exception() const noexcept { return result_.index() == 2; }
  std::exception_ptr exception() const noexcept { return has_exception() ? std::get<2>(result_) : nullptr; }
  // The value (moved out) or the exception (re-thrown). Once.
  T take_result() {
    switch (result_.index()) {
      case 1: {
        T value = std::move(std::get<1>(result_));
        result_.template emplace<0>();
        return value;
      }
      case 2:
        std::rethrow_exception(std::get<2>(result_));
      default:
        throw FutureError("concur::Task: no result (not finished, or its result was already taken)");
    }
  }

 private:
  std::variant<std::monostate, T, std::exception_ptr> result_;
};

template <>
class TaskPromise<void> final : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;

  void return_void() noexcept { returned_ = true; }
  void unhandled_exception() noexcept { error_ = std::current_exception(); }
  void set_exception(std::exception_ptr error) noexcept { error_ = std::move(error); }

  bool has_exception() const noexcept { return error_ != nullptr; }
  std::exception_ptr exception() const noexcept { return error_; }
  void take_result() {
    if (error_) std::rethrow_exception(error_);
    if (!returned_) throw FutureError("concur::Task: no result (not finished)");
  }

 private:
  std::exception_ptr error_;
  bool returned_ = false;
};

// How the runtime gets at a Task's coroutine (run, create_task, gather, wait_for).
struct TaskAccess {
  template <class T>
  static std::coroutine_handle<TaskPromise<T>> handle(const Task<T>& task) {
    if (!task.handle_) throw FutureError("concur::Task: empty (moved from, or default-constructed)");
    return task.handle_;
  }
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
  static_assert(!std::is_reference_v<T>, "concur::Task<T&> is not supported: return a value or a std::reference_wrapper");

 public:
  using promise_type = detail::TaskPromise<T>;
  using value_type = T;

  Task() noexcept = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  // False for a default-constructed or moved-from task.
  bool valid() const noexcept { return static_cast<bool>(handle_); }
  // True once the coroutine has run to completion (with a value or an exception).
  bool done() const noexcept { return handle_ && handle_.done(); }

  class Awaiter {
   public:
    explicit Awaiter(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
    bool await_ready() const noexcept { return handle_.done(); }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> awaiting) noexcept {
      static_assert(detail::ConcurPromise<Promise>,
                    "a concur::Task can only be awaited inside a concur::Task (or run by concur::run)");
      detail::TaskState& state = *awaiting.promise().task_state();
      handle_.promise().bind(state, awaiting);
      return state.loop().transfer(handle_);
    }
    T await_resume() { return handle_.promise().take_result(); }

   private:
    std::coroutine_handle<promise_type> handle_;
  };

  // Runs the task in the awaiting task and returns its result (or re-throws its exception).
  // The Task keeps its coroutine frame until it is destroyed; awaiting it a second time throws
  // FutureError.
  Awaiter operator co_await() & { return Awaiter(detail::TaskAccess::handle(*this)); }
  Awaiter operator co_await() && { return Awaiter(detail::TaskAccess::handle(*this)); }

 private:
  friend struct detail::TaskAccess;
  friend class detail::TaskPromise<T>;
  explicit Task(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
  void reset() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }

  std::coroutine_handle<promise_type> handle_;
};

namespace detail {
template <class T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}
}  // namespace detail

}  // namespace concur
