// concur::Event: lets tasks wait until some task sets a flag (asyncio.Event).
//
//   concur::Event ready;
//   ... co_await ready.wait();   // in the waiting tasks
//   ... ready.set();             // wakes all of them; later waits return at once until clear()
//
// For one loop's tasks only (to set it from another thread, use
// EventLoop::call_soon_threadsafe([&] { ready.set(); })). It must outlive the tasks waiting on it.
#pragma once

#include <coroutine>

#include "concur/detail/loop_core.h"

namespace concur {

class Event {
 public:
  Event() noexcept = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  class [[nodiscard]] WaitAwaiter : public detail::Waiter {
   public:
    explicit WaitAwaiter(Event& event) noexcept : event_(event) {}
    ~WaitAwaiter() {
      if (event_.waiters_.contains(*this)) event_.waiters_.remove(*this);
    }
    bool await_ready() const noexcept { return event_.set_; }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      if (!this->bind(handle)) return false;
      event_.waiters_.push_back(*this);
      this->suspend_here();
      return true;
    }
    void await_resume() const { this->throw_if_cancelled(); }
    void interrupt() noexcept override {
      event_.waiters_.remove(*this);
      this->wake();
    }

   private:
    Event& event_;
  };

  // co_await: returns at once if the event is set, else when it is.
  WaitAwaiter wait() noexcept { return WaitAwaiter(*this); }
  // Sets the flag and wakes every waiting task.
  void set() noexcept {
    set_ = true;
    while (detail::Waiter* waiter = waiters_.pop_front()) waiter->wake();
  }
  void clear() noexcept { set_ = false; }
  bool is_set() const noexcept { return set_; }

 private:
  bool set_ = false;
  detail::WaitList waiters_;
};

}  // namespace concur
