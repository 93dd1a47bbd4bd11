// concur::Semaphore: bounds how many tasks of a loop do something at once (asyncio.Semaphore).
//
//   concur::Semaphore slots(10);                   // at most 10 downloads at a time
//   concur::Task<Page> fetch(std::string url) {
//     auto permit = co_await slots.scoped();       // released when `permit` goes out of scope
//     co_return co_await download(url);
//   }
//
// acquire() takes a permit, waiting while none is free; release() gives one back. Permits go to
// waiting tasks in the order they started waiting (no task can overtake a waiter). For one loop's
// tasks only: not thread-safe, and it must outlive the tasks waiting on it. A task cancelled
// while it waits gets CancelledError and no permit; one cancelled just after it was handed a
// permit passes the permit on.
#pragma once

#include <coroutine>
#include <cstddef>
#include <utility>

#include "concur/detail/loop_core.h"

namespace concur {

class Semaphore {
 public:
  explicit Semaphore(std::size_t permits = 1) noexcept : permits_(permits) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  class [[nodiscard]] AcquireAwaiter : public detail::Waiter {
   public:
    explicit AcquireAwaiter(Semaphore& semaphore) noexcept : semaphore_(semaphore) {}
    ~AcquireAwaiter() {
      if (semaphore_.waiters_.contains(*this)) semaphore_.waiters_.remove(*this);
      if (granted_) semaphore_.release();  // handed a permit, destroyed before it resumed
    }
    bool await_ready() noexcept {
      if (semaphore_.permits_ == 0 || !semaphore_.waiters_.empty()) return false;
      --semaphore_.permits_;
      return true;
    }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      if (!this->bind(handle)) return false;
      semaphore_.waiters_.push_back(*this);
      this->suspend_here();
      return true;
    }
    void await_resume() {
      bool granted = std::exchange(granted_, false);
      try {
        this->throw_if_cancelled();
      } catch (...) {
        if (granted) semaphore_.release();
        throw;
      }
    }
    void interrupt() noexcept override {
      semaphore_.waiters_.remove(*this);
      this->wake();
    }

   protected:
    Semaphore& semaphore_;

   private:
    friend class Semaphore;
    bool granted_ = false;
  };

  // A held permit; releases it when destroyed.
  class [[nodiscard]] Permit {
   public:
    Permit() noexcept = default;
    explicit Permit(Semaphore& semaphore) noexcept : semaphore_(&semaphore) {}
    Permit(Permit&& other) noexcept : semaphore_(std::exchange(other.semaphore_, nullptr)) {}
    Permit& operator=(Permit&& other) noexcept {
      if (this != &other) {
        release();
        semaphore_ = std::exchange(other.semaphore_, nullptr);
      }
      return *this;
    }
    ~Permit() { release(); }
    void release() noexcept {
      if (semaphore_) std::exchange(semaphore_, nullptr)->release();
    }
    bool holds() const noexcept { return semaphore_ != nullptr; }

   private:
    Semaphore* semaphore_ = nullptr;
  };

  class [[nodiscard]] ScopedAwaiter : public AcquireAwaiter {
   public:
    using AcquireAwaiter::AcquireAwaiter;
    Permit await_resume() {
      AcquireAwaiter::await_resume();
      return Permit(semaphore_);
    }
  };

  // co_await: takes a permit (release() it yourself).
  AcquireAwaiter acquire() noexcept { return AcquireAwaiter(*this); }
  // co_await: takes a permit and returns it as a Permit that releases it.
  ScopedAwaiter scoped() noexcept { return ScopedAwaiter(*this); }
  // Takes a permit if one is free and nobody waits.
  bool try_acquire() noexcept {
    if (permits_ == 0 || !waiters_.empty()) return false;
    --permits_;
    return true;
  }
  // Gives a permit back: to the longest waiting task if there is one.
  void release() noexcept {
    if (detail::Waiter* waiter = waiters_.pop_front()) {
      static_cast<AcquireAwaiter*>(waiter)->granted_ = true;
      waiter->wake();
    } else {
      ++permits_;
    }
  }

  std::size_t available() const noexcept { return permits_; }
  // No permit can be taken right now (asyncio's locked()).
  bool locked() const noexcept { return permits_ == 0 || !waiters_.empty(); }

 private:
  std::size_t permits_;
  detail::WaitList waiters_;
};

}  // namespace concur
