// concur::Future<R>: the result of a task submitted to a ThreadPool or a ProcessPool.
//
// Lighter than std::future: one allocation shared with the task itself, a single 32-bit state word
// that is also the futex waiters sleep on (no mutex or condition variable on the completion path,
// and no system call at all when nobody is waiting), and it can cancel a task that has not started.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/errors.h"

namespace concur {

enum class FutureStatus { ready, timeout };

namespace detail {

// Futex operations on a 32-bit atomic (Linux). `timeout` is relative; nullptr waits forever.
void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected,
                const std::chrono::nanoseconds* timeout) noexcept;
void futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept;

// A pool worker thread: while it waits for a future it runs queued tasks of its pool instead of
// blocking, so a task that submits to its own pool and waits for the result cannot deadlock.
class WaitHelper {
 public:
  // Runs one queued task if there is one; returns false if there was nothing to run.
  virtual bool run_one_task() = 0;

 protected:
  ~WaitHelper() = default;
};
// The helper of the calling thread, or nullptr when the caller is not a pool worker.
WaitHelper* current_wait_helper() noexcept;
void set_current_wait_helper(WaitHelper* helper) noexcept;

// Receives completions for concur::wait and concur::as_completed.
class CompletionListener {
 public:
  virtual void on_complete(std::size_t index) noexcept = 0;

 protected:
  ~CompletionListener() = default;
};

struct ListenerNode {
  CompletionListener* listener = nullptr;
  std::size_t index = 0;
  ListenerNode* prev = nullptr;
  ListenerNode* next = nullptr;
};

// The type-independent part of a future's shared state: the phase word, the exception, listeners.
class StateBase {
 public:
  // Phases live in the low bits of the word; the flag bits record who must be woken on completion.
  enum : std::uint32_t {
    kPending = 0,
    kRunning = 1,
    kValue = 2,
    kError = 3,
    kCancelled = 4,
    kPhaseMask = 7,
    kSleeperBit = 8,    // a thread sleeps on the futex
    kListenerBit = 16,  // listeners are registered
  };

  StateBase() = default;
  StateBase(const StateBase&) = delete;
  StateBase& operator=(const StateBase&) = delete;

  std::uint32_t phase() const noexcept { return word_.load(std::memory_order_acquire) & kPhaseMask; }
  bool is_final() const noexcept { return phase() >= kValue; }

  // Pending -> Running. False if the task was cancelled (it must then not run).
  bool try_start() noexcept;
  // Pending -> Cancelled. False if it already started or finished.
  bool try_cancel() noexcept;
  void set_exception(std::exception_ptr error) noexcept {
    error_ = std::move(error);
    publish(kError);
  }
  const std::exception_ptr& exception() const noexcept { return error_; }
  // Hands the exception to the thread that re-throws it, so the exception object is released on
  // that thread and not by whichever thread drops the last reference to this state.
  std::exception_ptr take_exception() noexcept { return std::move(error_); }

  // Blocks until final. On a pool worker thread, runs queued tasks meanwhile.
  void wait() const noexcept;
  // Returns false on timeout.
  bool wait_until(std::chrono::steady_clock::time_point deadline) const noexcept;

  // Registers `node`; returns false (and registers nothing) when the state is already final.
  bool add_listener(ListenerNode& node) noexcept;
  void remove_listener(ListenerNode& node) noexcept;

 protected:
  virtual ~StateBase() = default;
  // Stores the final phase and wakes sleepers and listeners. Called exactly once.
  void publish(std::uint32_t final_phase) noexcept;
  // Lets a state whose completion arrives from outside this process (a ProcessPool worker's reply)
  // be waited for at that source, saving the hop through the thread that would otherwise receive
  // it and wake the waiter. May return at any time; wait() then goes on waiting as usual.
  virtual void wait_at_source(const std::chrono::steady_clock::time_point* /*deadline*/) const noexcept {}

 private:
  bool sleep_until_final(const std::chrono::steady_clock::time_point* deadline) const noexcept;

  mutable std::atomic<std::uint32_t> word_{kPending};
  std::exception_ptr error_;
  std::mutex listeners_mutex_;  // only touched when listeners exist (kListenerBit)
  ListenerNode* listeners_ = nullptr;
};

template <class R>
class SharedState : public StateBase {
 public:
  template <class... A>
  void set_value(A&&... args) noexcept(std::is_nothrow_constructible_v<R, A...>) {
    value_.emplace(std::forward<A>(args)...);
    publish(kValue);
  }
  R take_value() { return std::move(*value_); }

 private:
  std::optional<R> value_;
};

template <>
class SharedState<void> : public StateBase {
 public:
  void set_value() noexcept { publish(kValue); }
  void take_value() noexcept {}
};

}  // namespace detail

template <class R>
class Future {
  static_assert(!std::is_reference_v<R>, "return a value or a std::reference_wrapper");

 public:
  Future() noexcept = default;
  explicit Future(std::shared_ptr<detail::SharedState<R>> state) noexcept : state_(std::move(state)) {}
  Future(Future&&) noexcept = default;
  Future& operator=(Future&&) noexcept = default;
  Future(const Future&) = delete;
  Future& operator=(const Future&) = delete;
  // Dropping a future neither waits nor cancels: the task still runs (its pool waits for it).
  ~Future() = default;

  // False for a default-constructed future and after get().
  bool valid() const noexcept { return state_ != nullptr; }

  // Waits, then returns the value or re-throws the task's exception (CancelledError if cancelled).
  // Like std::future, the result is moved out: get() may be called once.
  R get() {
    require_valid();
    state_->wait();
    std::shared_ptr<detail::SharedState<R>> state = std::move(state_);
    switch (state->phase()) {
      case detail::StateBase::kValue:
        return state->take_value();
      case detail::StateBase::kError:
        std::rethrow_exception(state->take_exception());
      default:
        throw CancelledError();
    }
  }

  void wait() const {
    require_valid();
    state_->wait();
  }

  template <class Rep, class Period>
  FutureStatus wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return wait_until(std::chrono::steady_clock::now() +
                      std::chrono::ceil<std::chrono::steady_clock::duration>(timeout));
  }

  template <class Clock, class Duration>
  FutureStatus wait_until(std::chrono::time_point<Clock, Duration> deadline) const {
    require_valid();
    auto steady_deadline = std::chrono::steady_clock::now() +
                           std::chrono::ceil<std::chrono::steady_clock::duration>(deadline - Clock::now());
    return state_->wait_until(steady_deadline) ? FutureStatus::ready : FutureStatus::timeout;
  }

  // True once the task finished, failed or was cancelled.
  bool ready() const noexcept { return state_ && state_->is_final(); }
  bool running() const noexcept { return state_ && state_->phase() == detail::StateBase::kRunning; }
  bool cancelled() const noexcept { return state_ && state_->phase() == detail::StateBase::kCancelled; }

  // Cancels the task if it has not started: it will never run and get() throws CancelledError.
  // Returns true if the task is (now or already) cancelled, false if it is running or done.
  bool cancel() noexcept {
    if (!state_) return false;
    return state_->try_cancel() || cancelled();
  }

  // For concur::wait / concur::as_completed: shared, so a get() during the iteration (which
  // releases this future's reference) cannot free a state that is still being watched.
  std::shared_ptr<detail::StateBase> shared_state() const noexcept { return state_; }

 private:
  void require_valid() const {
    if (!state_) throw FutureError("concur::Future: no state (default-constructed or get() already called)");
  }

  std::shared_ptr<detail::SharedState<R>> state_;
};

}  // namespace concur
