// Shared-state machinery behind concur::Future, concur::wait and concur::as_completed.
#include "concur/future.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <ctime>

#include "concur/wait.h"

namespace concur::detail {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "futex words must be plain 32-bit atomics");

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected,
                const std::chrono::nanoseconds* timeout) noexcept {
  timespec relative{};
  timespec* relative_ptr = nullptr;
  if (timeout) {
    auto ns = std::max<std::int64_t>(timeout->count(), 0);
    relative.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    relative.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    relative_ptr = &relative;
  }
  // Spurious returns (EINTR, EAGAIN, timeout) are fine: every caller re-checks its condition.
  syscall(SYS_futex, reinterpret_cast<const std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected,
          relative_ptr, nullptr, 0);
}

void futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

namespace {
// Per-thread, not global: each pool worker records its own pool here so waits can help it.
thread_local WaitHelper* tls_wait_helper = nullptr;
// Bounds the recursion of "wait, run another task, which waits, ..." on one stack.
thread_local int tls_help_depth = 0;
constexpr int kMaxHelpDepth = 64;
}  // namespace

WaitHelper* current_wait_helper() noexcept { return tls_wait_helper; }
void set_current_wait_helper(WaitHelper* helper) noexcept { tls_wait_helper = helper; }

bool StateBase::try_start() noexcept {
  std::uint32_t word = word_.load(std::memory_order_relaxed);
  while ((word & kPhaseMask) == kPending) {
    if (word_.compare_exchange_weak(word, (word & ~kPhaseMask) | kRunning, std::memory_order_acquire,
                                    std::memory_order_relaxed))
      return true;
  }
  return false;
}

bool StateBase::try_cancel() noexcept {
  std::uint32_t word = word_.load(std::memory_order_relaxed);
  while ((word & kPhaseMask) == kPending) {
    if (word_.compare_exchange_weak(word, (word & ~kPhaseMask) | kRunning, std::memory_order_acquire,
                                    std::memory_order_relaxed)) {
      // Went through Running so that publish() is the single place that wakes and notifies.
      publish(kCancelled);
      return true;
    }
  }
  return false;
}

void StateBase::publish(std::uint32_t final_phase) noexcept {
  std::uint32_t previous = word_.exchange(final_phase, std::memory_order_acq_rel);
  if (previous & kSleeperBit) futex_wake(word_, INT_MAX);
  if (previous & kListenerBit) {
    std::lock_guard lock(listeners_mutex_);
    for (ListenerNode* node = listeners_; node; node = node->next) node->listener->on_complete(node->index);
  }
}

bool StateBase::sleep_until_final(const std::chrono::steady_clock::time_point* deadline) const noexcept {
  std::uint32_t word = word_.load(std::memory_order_acquire);
  while ((word & kPhaseMask) < kValue) {
    if (!(word & kSleeperBit)) {
      if (!word_.compare_exchange_weak(word, word | kSleeperBit, std::memory_order_acquire)) continue;
      word |= kSleeperBit;
    }
    if (deadline) {
      auto left = *deadline - std::chrono::steady_clock::now();
      if (left <= left.zero()) return false;
      std::chrono::nanoseconds left_ns = left;
      futex_wait(word_, word, &left_ns);
    } else {
      futex_wait(word_, word, nullptr);
    }
    word = word_.load(std::memory_order_acquire);
  }
  return true;
}

namespace {
// Runs queued tasks of the calling worker's pool until `done()` or the deadline. When there is
// nothing to run it sleeps on `sleep(timeout)` for a short, growing interval, so a worker waiting on
// a task that runs elsewhere neither spins nor misses work queued meanwhile.
template <class Done, class Sleep>
bool help_until(WaitHelper& helper, Done done, Sleep sleep, const std::chrono::steady_clock::time_point* deadline) {
  ++tls_help_depth;
  std::chrono::nanoseconds nap = std::chrono::microseconds(50);
  bool result = true;
  while (!done()) {
    if (deadline && std::chrono::steady_clock::now() >= *deadline) {
      result = false;
      break;
    }
    if (helper.run_one_task()) {
      nap = std::chrono::microseconds(50);
      continue;
    }
    auto wait = nap;
    if (deadline) wait = std::min<std::chrono::nanoseconds>(wait, *deadline - std::chrono::steady_clock::now());
    sleep(wait);
    nap = std::min<std::chrono::nanoseconds>(nap * 2, std::chrono::milliseconds(5));
  }
  --tls_help_depth;
  return result;
}
}  // namespace

void StateBase::wait() const noexcept {
  if (is_final()) return;
  WaitHelper* helper = current_wait_helper();
  if (helper && tls_help_depth < kMaxHelpDepth) {
    help_until(
        *helper, [this] { return is_final(); },
        [this](std::chrono::nanoseconds nap) {
          auto deadline = std::chrono::steady_clock::now() + nap;
          sleep_until_final(&deadline);
        },
        nullptr);
    return;
  }
  wait_at_source(nullptr);
  sleep_until_final(nullptr);
}

bool StateBase::wait_until(std::chrono::steady_clock::time_point deadline) const noexcept {
  if (is_final()) return true;
  WaitHelper* helper = current_wait_helper();
  if (helper && tls_help_depth < kMaxHelpDepth) {
    return help_until(
        *helper, [this] { return is_final(); },
        [this](std::chrono::nanoseconds nap) {
          auto until = std::chrono::steady_clock::now() + nap;
          sleep_until_final(&until);
        },
        &deadline);
  }
  wait_at_source(&deadline);
  return sleep_until_final(&deadline);
}

bool StateBase::add_listener(ListenerNode& node) noexcept {
  std::lock_guard lock(listeners_mutex_);
  std::uint32_t word = word_.load(std::memory_order_acquire);
  do {
    if ((word & kPhaseMask) >= kValue) return false;
  } while (!word_.compare_exchange_weak(word, word | kListenerBit, std::memory_order_acq_rel));
  node.prev = nullptr;
  node.next = listeners_;
  if (listeners_) listeners_->prev = &node;
  listeners_ = &node;
  return true;
}

void StateBase::remove_listener(ListenerNode& node) noexcept {
  std::lock_guard lock(listeners_mutex_);
  if (node.prev) {
    node.prev->next = node.next;
  } else {
    listeners_ = node.next;
  }
  if (node.next) node.next->prev = node.prev;
  node.prev = node.next = nullptr;
}

// ---- CompletionQueue -------------------------------------------------------------------------

CompletionQueue::CompletionQueue(std::span<const std::shared_ptr<StateBase>> states)
    : states_(states), nodes_(states.size()), registered_(states.size(), false), total_(states.size()) {
  // mutex_ is not held while registering: completions lock a state's listener mutex, then mutex_;
  // taking them in the other order here could deadlock.
  for (std::size_t i = 0; i < states.size(); ++i) {
    nodes_[i].listener = this;
    nodes_[i].index = i;
    if (states[i] && states[i]->add_listener(nodes_[i])) {
      registered_[i] = true;
    } else {
      std::lock_guard lock(mutex_);
      completed_.push_back(i);  // already final (or an empty future)
    }
  }
}

CompletionQueue::~CompletionQueue() {
  for (std::size_t i = 0; i < states_.size(); ++i)
    if (registered_[i]) states_[i]->remove_listener(nodes_[i]);
}

void CompletionQueue::on_complete(std::size_t index) noexcept {
  {
    std::lock_guard lock(mutex_);
    completed_.push_back(index);
  }
  completed_cv_.notify_all();
}

std::optional<std::size_t> CompletionQueue::next(const std::chrono::steady_clock::time_point* deadline) {
  if (returned_ == total_) return std::nullopt;
  auto available = [this] {
    std::lock_guard lock(mutex_);
    return consumed_ < completed_.size();
  };
  WaitHelper* helper = current_wait_helper();
  if (helper && tls_help_depth < kMaxHelpDepth) {
    help_until(
        *helper, available,
        [this](std::chrono::nanoseconds nap) {
          std::unique_lock lock(mutex_);
          completed_cv_.wait_for(lock, nap, [this] { return consumed_ < completed_.size(); });
        },
        deadline);
  }
  std::unique_lock lock(mutex_);
  auto ready = [this] { return consumed_ < completed_.size(); };
  if (deadline) {
    if (!completed_cv_.wait_until(lock, *deadline, ready)) return std::nullopt;
  } else {
    completed_cv_.wait(lock, ready);
  }
  ++returned_;
  return completed_[consumed_++];
}

WaitResult wait_states(std::span<const std::shared_ptr<StateBase>> states, ReturnWhen mode,
                       const std::chrono::steady_clock::time_point* deadline) {
  {
    CompletionQueue queue(states);
    while (queue.remaining() > 0) {
      auto index = queue.next(deadline);
      if (!index) break;  // timed out
      if (mode == ReturnWhen::first_completed) break;
      if (mode == ReturnWhen::first_exception && states[*index] &&
          states[*index]->phase() == StateBase::kError)
        break;
    }
  }
  WaitResult result;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (!states[i] || states[i]->is_final()) {
      result.done.push_back(i);
    } else {
      result.not_done.push_back(i);
    }
  }
  return result;
}

}  // namespace concur::detail
