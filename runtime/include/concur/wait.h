// concur::wait and concur::as_completed: waiting on groups of futures, as in concurrent.futures.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "concur/errors.h"
#include "concur/future.h"

namespace concur {

enum class ReturnWhen { first_completed, first_exception, all_completed };

// Indices into the futures passed to wait(): which are final (done, failed or cancelled), which not.
struct WaitResult {
  std::vector<std::size_t> done;
  std::vector<std::size_t> not_done;
};

namespace detail {

// Collects the completions of a set of states, in completion order. Registers a listener on each
// state for its lifetime; states already final are reported first, in index order.
class CompletionQueue final : private CompletionListener {
 public:
  explicit CompletionQueue(std::span<const std::shared_ptr<StateBase>> states);
  ~CompletionQueue();
  CompletionQueue(const CompletionQueue&) = delete;
  CompletionQueue& operator=(const CompletionQueue&) = delete;

  // The index of the next state to complete; nullopt once every state has been returned or when
  // the deadline passes first.
  std::optional<std::size_t> next(const std::chrono::steady_clock::time_point* deadline = nullptr);
  std::size_t remaining() const noexcept { return total_ - returned_; }

 private:
  void on_complete(std::size_t index) noexcept override;

  std::span<const std::shared_ptr<StateBase>> states_;
  std::vector<ListenerNode> nodes_;
  std::vector<bool> registered_;
  std::mutex mutex_;
  std::condition_variable completed_cv_;
  std::vector<std::size_t> completed_;  // guarded by mutex_
  std::size_t consumed_ = 0;            // entries of completed_ already returned
  std::size_t total_ = 0;
  std::size_t returned_ = 0;
};

WaitResult wait_states(std::span<const std::shared_ptr<StateBase>> states, ReturnWhen mode,
                       const std::chrono::steady_clock::time_point* deadline);

template <class R>
std::vector<std::shared_ptr<StateBase>> states_of(std::span<Future<R>> futures) {
  std::vector<std::shared_ptr<StateBase>> states;
  states.reserve(futures.size());
  for (auto& f : futures) states.push_back(f.shared_state());
  return states;
}

}  // namespace detail

// Waits until `mode` is satisfied (or the timeout passes) and reports which futures are done.
// Invalid (empty) futures count as done.
template <class R>
WaitResult wait(std::span<Future<R>> futures, ReturnWhen mode = ReturnWhen::all_completed) {
  auto states = detail::states_of(futures);
  return detail::wait_states(states, mode, nullptr);
}
template <class R>
WaitResult wait(std::vector<Future<R>>& futures, ReturnWhen mode = ReturnWhen::all_completed) {
  return wait(std::span<Future<R>>(futures), mode);
}
// With a timeout: returns when `mode` is satisfied or the timeout has passed, whichever is first
// (like concurrent.futures.wait, it does not throw on timeout; see not_done).
template <class R, class Rep, class Period>
WaitResult wait(std::span<Future<R>> futures, ReturnWhen mode, std::chrono::duration<Rep, Period> timeout) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::ceil<std::chrono::steady_clock::duration>(timeout);
  auto states = detail::states_of(futures);
  return detail::wait_states(states, mode, &deadline);
}
template <class R, class Rep, class Period>
WaitResult wait(std::vector<Future<R>>& futures, ReturnWhen mode, std::chrono::duration<Rep, Period> timeout) {
  return wait(std::span<Future<R>>(futures), mode, timeout);
}

// Yields the futures (references into `futures`, which must outlive the iteration) in the order they
// complete, like concurrent.futures.as_completed. With a timeout, advancing past the deadline while
// some futures are still not done throws concur::TimeoutError.
//
//   for (concur::Future<int>& f : concur::as_completed(futures)) use(f.get());
template <class R>
class AsCompleted {
 public:
  explicit AsCompleted(std::span<Future<R>> futures,
                       std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt)
      : futures_(futures), states_(detail::states_of(futures)), queue_(states_), deadline_(deadline) {}

  class iterator {
   public:
    using value_type = Future<R>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    Future<R>& operator*() const { return owner_->futures_[current_]; }
    Future<R>* operator->() const { return &owner_->futures_[current_]; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    bool operator==(std::default_sentinel_t) const noexcept { return owner_ == nullptr; }

   private:
    friend class AsCompleted;
    explicit iterator(AsCompleted* owner) : owner_(owner) { advance(); }
    void advance() {
      auto next = owner_->queue_.next(owner_->deadline_ ? &*owner_->deadline_ : nullptr);
      if (next) {
        current_ = *next;
      } else if (owner_->queue_.remaining() > 0) {
        throw TimeoutError("concur::as_completed: " + std::to_string(owner_->queue_.remaining()) +
                           " futures not done when the timeout passed");
      } else {
        owner_ = nullptr;
      }
    }
    AsCompleted* owner_ = nullptr;
    std::size_t current_ = 0;
  };

  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  std::span<Future<R>> futures_;
  std::vector<std::shared_ptr<detail::StateBase>> states_;
  detail::CompletionQueue queue_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

template <class R>
AsCompleted<R> as_completed(std::span<Future<R>> futures) {
  return AsCompleted<R>(futures);
}
template <class R>
AsCompleted<R> as_completed(std::vector<Future<R>>& futures) {
  return AsCompleted<R>(std::span<Future<R>>(futures));
}
// The timeout counts from this call, as in concurrent.futures.as_completed(fs, timeout).
template <class R, class Rep, class Period>
AsCompleted<R> as_completed(std::span<Future<R>> futures, std::chrono::duration<Rep, Period> timeout) {
  return AsCompleted<R>(futures, std::chrono::steady_clock::now() +
                                     std::chrono::ceil<std::chrono::steady_clock::duration>(timeout));
}
template <class R, class Rep, class Period>
AsCompleted<R> as_completed(std::vector<Future<R>>& futures, std::chrono::duration<Rep, Period> timeout) {
  return as_completed(std::span<Future<R>>(futures), timeout);
}

}  // namespace concur
