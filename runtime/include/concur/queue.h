// concur::Queue<T>: a FIFO between tasks of one loop, optionally bounded (asyncio.Queue).
//
//   concur::Queue<Job> jobs(100);          // at most 100 queued: producers wait beyond that
//   co_await jobs.put(std::move(job));     // producer: waits while the queue is full
//   Job next = co_await jobs.get();        // consumer: waits while it is empty
//
// A bounded queue gives backpressure: a producer faster than its consumers is held at put().
// Waiting producers and consumers are served in the order they started waiting; an item put
// while a consumer waits goes straight to that consumer. A cancelled put() puts nothing; a
// cancelled get() takes nothing (an item already handed to it goes back to the front). For one
// loop's tasks only; it must outlive the tasks waiting on it.
#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

#include "concur/detail/loop_core.h"

namespace concur {

template <class T>
class Queue {
 public:
  // maxsize 0: unbounded.
  explicit Queue(std::size_t maxsize = 0) : maxsize_(maxsize) {}
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  class [[nodiscard]] PutAwaiter : public detail::Waiter {
   public:
    PutAwaiter(Queue& queue, T item) : queue_(queue), item_(std::move(item)) {}
    ~PutAwaiter() {
      if (queue_.putters_.contains(*this)) queue_.putters_.remove(*this);
      if (granted_) queue_.release_slot();  // handed a slot, destroyed before it resumed
    }
    bool await_ready() {
      if (!queue_.putters_.empty() || queue_.full()) return false;
      queue_.deliver(std::move(item_));
      done_ = true;
      return true;
    }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      if (!this->bind(handle)) return false;
      queue_.putters_.push_back(*this);
      this->suspend_here();
      return true;
    }
    void await_resume() {
      if (done_) return;
      if (std::exchange(granted_, false)) {
        --queue_.reserved_;
        if (this->task().cancel_pending()) {
          queue_.pass_slot_on();
          this->throw_if_cancelled();
        }
        queue_.deliver(std::move(item_));
        return;
      }
      this->throw_if_cancelled();  // interrupted (or cancelled before it waited)
    }
    void interrupt() noexcept override {
      queue_.putters_.remove(*this);
      this->wake();
    }

   private:
    friend class Queue;
    Queue& queue_;
    T item_;
    bool granted_ = false;
    bool done_ = false;
  };

  class [[nodiscard]] GetAwaiter : public detail::Waiter {
   public:
    explicit GetAwaiter(Queue& queue) noexcept : queue_(queue) {}
    ~GetAwaiter() {
      if (queue_.getters_.contains(*this)) queue_.getters_.remove(*this);
      if (item_) queue_.give_back(std::move(*item_));  // handed an item, destroyed before it resumed
    }
    bool await_ready() {
      if (queue_.items_.empty()) return false;
      item_.emplace(std::move(queue_.items_.front()));
      queue_.items_.pop_front();
      queue_.pass_slot_on();
      return true;
    }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      if (!this->bind(handle)) return false;
      queue_.getters_.push_back(*this);
      this->suspend_here();
      return true;
    }
    T await_resume() {
      if (item_ && this->bound() && this->task().cancel_pending()) {
        queue_.give_back(std::move(*item_));
        item_.reset();
      }
      this->throw_if_cancelled();
      T item = std::move(*item_);
      item_.reset();
      return item;
    }
    void interrupt() noexcept override {
      queue_.getters_.remove(*this);
      this->wake();
    }

   private:
    friend class Queue;
    Queue& queue_;
    std::optional<T> item_;
  };

  // co_await: appends `item`, waiting while the queue is full.
  PutAwaiter put(T item) { return PutAwaiter(*this, std::move(item)); }
  // co_await: removes and returns the first item, waiting while the queue is empty.
  GetAwaiter get() noexcept { return GetAwaiter(*this); }

  // put_nowait: false when the queue is full (`item` is then left as it was).
  bool try_put(T&& item) {
    if (!putters_.empty() || full()) return false;
    deliver(std::move(item));
    return true;
  }
  bool try_put(const T& item) {
    if (!putters_.empty() || full()) return false;
    deliver(T(item));
    return true;
  }
  // get_nowait: nullopt when empty.
  std::optional<T> try_get() {
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    pass_slot_on();
    return item;
  }

  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  // No room for another put without waiting (slots handed to waiting producers count as taken).
  bool full() const noexcept { return maxsize_ != 0 && items_.size() + reserved_ >= maxsize_; }
  std::size_t maxsize() const noexcept { return maxsize_; }

 private:
  // The item goes to the longest waiting consumer if there is one, else to the back.
  void deliver(T&& item) {
    if (detail::Waiter* waiter = getters_.pop_front()) {
      static_cast<GetAwaiter*>(waiter)->item_.emplace(std::move(item));
      waiter->wake();
    } else {
      items_.push_back(std::move(item));
    }
  }
  // An item a cancelled consumer was handed: to the next consumer, or back to the front.
  void give_back(T&& item) {
    if (detail::Waiter* waiter = getters_.pop_front()) {
      static_cast<GetAwaiter*>(waiter)->item_.emplace(std::move(item));
      waiter->wake();
    } else {
      items_.push_front(std::move(item));
    }
  }
  // A slot became free: hand it to the longest waiting producer.
  void pass_slot_on() {
    if (putters_.empty() || full()) return;
    auto* putter = static_cast<PutAwaiter*>(putters_.pop_front());
    putter->granted_ = true;
    ++reserved_;
    putter->wake();
  }
  void release_slot() {
    --reserved_;
    pass_slot_on();
  }

  std::size_t maxsize_;
  std::size_t reserved_ = 0;  // slots handed to producers that have not resumed yet
  std::deque<T> items_;
  detail::WaitList getters_;
  detail::WaitList putters_;
};

}  // namespace concur
