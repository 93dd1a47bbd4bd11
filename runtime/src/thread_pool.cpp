// The engine of concur::ThreadPool: per-worker deques, a shared injection queue in blocks, and
// workers that park on their own futex word when there is nothing to do.
//
// Waking protocol (after Go's scheduler). `searching_` counts workers that are awake and looking
// for work, not running a task. A producer wakes a parked worker only when nobody is searching:
// a searcher is bound to find the new task, because a searcher that gives up first stops counting
// as one (searching_--) and then re-scans every queue under its lock before it parks. Either that
// scan sees the task, or the task's push came after it, in which case the producer's read of
// `searching_` and `idle_count_` comes after the searcher's decrement and registration as idle
// (both are ordered before the scan's unlock of the queue the producer then locks) and the
// producer wakes a parked worker. A waker pops one specific parked worker and counts it as
// searching on its behalf, so a burst of pushes wakes one worker, not one per push; a searcher
// that finds work and was the last one wakes the next, so a burst still fans out to all workers.
#include "concur/thread_pool.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <thread>

#include "exception_info.h"

namespace concur {
namespace detail {

namespace {

// A growable ring buffer of tasks, for the per-worker deques. Not synchronized: every instance
// sits behind a mutex.
class TaskRing {
 public:
  TaskRing() : slots_(64) {}
  std::size_t size() const noexcept { return tail_ - head_; }
  bool empty() const noexcept { return head_ == tail_; }
  void push_back(UniqueTask&& task) {
    if (size() == slots_.size()) grow();
    slots_[tail_++ & (slots_.size() - 1)] = std::move(task);
  }
  UniqueTask pop_back() noexcept { return std::move(slots_[--tail_ & (slots_.size() - 1)]); }
  UniqueTask pop_front() noexcept { return std::move(slots_[head_++ & (slots_.size() - 1)]); }

 private:
  void grow() {
    std::vector<UniqueTask> bigger(slots_.size() * 2);
    std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i) bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
    slots_ = std::move(bigger);
    head_ = 0;
    tail_ = n;
  }
  std::vector<UniqueTask> slots_;  // size is a power of two
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// The injection queue: a FIFO of tasks in fixed-size blocks. Growing never moves a task (a million
// queued tasks would otherwise be copied again at every doubling), and a worker can take a whole
// full block in O(1), so the lock that producers need is held only for moments. Not synchronized.
class BlockQueue {
 public:
  static constexpr std::size_t kBlockSize = 256;

  struct Block {
    Block() {}  // user-provided: make_unique would otherwise zero the 16 KB of slots first
    std::array<UniqueTask, kBlockSize> slots;
    std::size_t head = 0;
    std::size_t tail = 0;
    std::unique_ptr<Block> next;
  };

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  void push_back(UniqueTask&& task) {
    if (!last_ || last_->tail == kBlockSize) append_block();
    last_->slots[last_->tail++] = std::move(task);
    ++size_;
  }

  // Requires !empty().
  UniqueTask pop_front() noexcept {
    Block& block = *first_;
    UniqueTask task = std::move(block.slots[block.head++]);
    --size_;
    if (block.head == kBlockSize) drop_first();
    return task;
  }

  // The first block, if producers are done with it (another block follows), else nullptr.
  std::unique_ptr<Block> take_first_full_block() noexcept {
    if (!first_ || first_.get() == last_) return nullptr;
    std::unique_ptr<Block> block = std::move(first_);
    first_ = std::move(block->next);
    size_ -= block->tail - block->head;
    return block;
  }

 private:
  void append_block() {
    std::unique_ptr<Block> block = spare_ ? std::move(spare_) : std::make_unique<Block>();
    Block* raw = block.get();
    if (last_) {
      last_->next = std::move(block);
    } else {
      first_ = std::move(block);
    }
    last_ = raw;
  }
  void drop_first() noexcept {
    std::unique_ptr<Block> block = std::move(first_);
    first_ = std::move(block->next);
    if (!first_) last_ = nullptr;
    // One block is kept: a steady trickle of tasks then allocates nothing.
    block->head = block->tail = 0;
    spare_ = std::move(block);
  }

  std::unique_ptr<Block> first_;
  Block* last_ = nullptr;
  std::unique_ptr<Block> spare_;
  std::size_t size_ = 0;
};

// A queue with its lock. `approximate_size` lets workers skip empty queues without locking; the
// decision to park never relies on it (see ThreadPoolCore::find_task).
template <class Tasks>
struct alignas(64) LockedQueue {
  std::mutex mutex;
  Tasks tasks;
  std::atomic<std::size_t> approximate_size{0};
  void publish_size() noexcept { approximate_size.store(tasks.size(), std::memory_order_relaxed); }
};

// Where a parked worker sleeps: its own futex word, so that a waker can hand the wake-up to one
// worker in particular.
struct alignas(64) Parker {
  std::atomic<std::uint32_t> notified{0};
};

// Searches (with yields, so a producer sharing the core keeps running) before a worker parks:
// waking a parked thread costs microseconds, more than most tasks.
constexpr int kSpinRounds = 64;
// Upper bound of tasks moved from the injection queue to a worker deque in one go when no full
// block is available.
constexpr std::size_t kMaxBatch = 64;

}  // namespace

class ThreadPoolCore final : public WaitHelper {
 public:
  explicit ThreadPoolCore(std::size_t threads)
      : local_(threads), parkers_(threads), searching_(static_cast<int>(threads)) {
    for (auto& queue : local_) queue = std::make_unique<LockedQueue<TaskRing>>();
    idle_.reserve(threads);
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this, i] { worker_main(i); });
  }

  ~ThreadPoolCore() { shutdown(true, false); }

  std::size_t thread_count() const noexcept { return local_.size(); }
  bool is_current_worker() const noexcept { return tls_worker.pool == this; }

  void push(UniqueTask&& task) {
    if (tls_worker.pool == this) {
      // A task submitting more work: keep it on this worker's deque (LIFO, cache-warm, and found
      // first when the task then waits for it).
      auto& queue = *local_[tls_worker.index];
      std::lock_guard lock(queue.mutex);
      queue.tasks.push_back(std::move(task));
      queue.publish_size();
    } else {
      std::lock_guard lock(injection_.mutex);
      if (!accepting_) throw PoolShutdown();
      injection_.tasks.push_back(std::move(task));
      injection_.publish_size();
    }
    if (searching_.load(std::memory_order_seq_cst) == 0 && idle_count_.load(std::memory_order_seq_cst) > 0)
      wake_one();
  }

  void throw_if_shut_down() {
    std::lock_guard lock(injection_.mutex);
    if (!accepting_) throw PoolShutdown();
  }

  bool run_one_task() override {
    if (tls_worker.pool != this) return false;
    UniqueTask task;
    if (!find_task(tls_worker.index, task, true)) return false;
    task();
    return true;
  }

  void shutdown(bool wait, bool cancel_pending) {
    {
      std::lock_guard lock(injection_.mutex);
      accepting_ = false;
    }
    // Under idle_mutex_: a worker registers as idle under it too and checks stopping_ there, so it
    // either sees the flag or is woken below.
    std::vector<std::size_t> to_wake;
    {
      std::lock_guard lock(idle_mutex_);
      stopping_.store(true, std::memory_order_seq_cst);
      to_wake = take_all_idle_locked();
    }
    for (std::size_t worker : to_wake) unpark(worker);
    if (cancel_pending) {
      // Tasks are destroyed outside the locks: destroying a queued future task cancels it, which
      // may wake waiters and run listeners.
      std::vector<UniqueTask> dropped;
      {
        std::lock_guard lock(injection_.mutex);
        while (!injection_.tasks.empty()) dropped.push_back(injection_.tasks.pop_front());
        injection_.publish_size();
      }
      for (auto& queue : local_) {
        std::lock_guard lock(queue->mutex);
        while (!queue->tasks.empty()) dropped.push_back(queue->tasks.pop_front());
        queue->publish_size();
      }
    }
    if (wait && !is_current_worker()) {
      std::lock_guard lock(join_mutex_);
      for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
    }
  }

 private:
  struct WorkerIdentity {
    ThreadPoolCore* pool = nullptr;
    std::size_t index = 0;
  };
  // Which pool (if any) the calling thread works for. Per-thread, so not shared mutable state.
  static thread_local WorkerIdentity tls_worker;

  // Wakes one parked worker, if any, and counts it as searching from now on.
  bool wake_one() {
    std::size_t worker;
    {
      std::lock_guard lock(idle_mutex_);
      if (idle_.empty()) return false;
      worker = idle_.back();
      idle_.pop_back();
      idle_count_.store(idle_.size(), std::memory_order_seq_cst);
      searching_.fetch_add(1, std::memory_order_seq_cst);
      // Set under the lock: a worker that finds itself popped (see park) relies on it being set.
      parkers_[worker].notified.store(1, std::memory_order_release);
    }
    futex_wake(parkers_[worker].notified, 1);
    return true;
  }

  std::vector<std::size_t> take_all_idle_locked() {
    std::vector<std::size_t> all = std::move(idle_);
    idle_.clear();
    idle_count_.store(0, std::memory_order_seq_cst);
    for (std::size_t worker : all) {
      searching_.fetch_add(1, std::memory_order_seq_cst);
      parkers_[worker].notified.store(1, std::memory_order_release);
    }
    return all;
  }

  void unpark(std::size_t worker) { futex_wake(parkers_[worker].notified, 1); }

  // Own deque first (LIFO), then the injection queue (a full block, or a fair share of tasks),
  // then steal from other workers. With trust_hints == false every queue is inspected under its
  // lock, which is what the parking protocol needs; with true, queues that look empty are skipped
  // without locking.
  bool find_task(std::size_t self, UniqueTask& out, bool trust_hints) {
    auto& own = *local_[self];
    if (!trust_hints || own.approximate_size.load(std::memory_order_relaxed) > 0) {
      std::lock_guard lock(own.mutex);
      if (!own.tasks.empty()) {
        out = own.tasks.pop_back();
        own.publish_size();
        return true;
      }
    }
    if ((!trust_hints || injection_.approximate_size.load(std::memory_order_relaxed) > 0) &&
        take_from_injection(own, out))
      return true;
    for (std::size_t k = 1; k < local_.size(); ++k) {
      auto& victim = *local_[(self + k) % local_.size()];
      if (trust_hints && victim.approximate_size.load(std::memory_order_relaxed) == 0) continue;
      std::lock_guard lock(victim.mutex);
      if (!victim.tasks.empty()) {
        out = victim.tasks.pop_front();
        victim.publish_size();
        return true;
      }
    }
    return false;
  }

  bool take_from_injection(LockedQueue<TaskRing>& own, UniqueTask& out) {
    std::unique_ptr<BlockQueue::Block> block;
    std::array<UniqueTask, kMaxBatch> batch;
    std::size_t taken = 0;
    {
      std::lock_guard lock(injection_.mutex);
      if (injection_.tasks.empty()) return false;
      block = injection_.tasks.take_first_full_block();
      if (!block) {
        // Take a fair share so the other workers find work too, but at least one task.
        taken = std::min(kMaxBatch, std::max<std::size_t>(1, injection_.tasks.size() / local_.size()));
        for (std::size_t i = 0; i < taken; ++i) batch[i] = injection_.tasks.pop_front();
      }
      injection_.publish_size();
    }
    if (block) {
      out = std::move(block->slots[block->head]);
      std::lock_guard lock(own.mutex);
      // Pushed in reverse so this worker's LIFO pops run them in submission order; other workers
      // steal from the front, i.e. the latest ones.
      for (std::size_t i = block->tail; i-- > block->head + 1;) own.tasks.push_back(std::move(block->slots[i]));
      own.publish_size();
      return true;
    }
    out = std::move(batch[0]);
    if (taken > 1) {
      std::lock_guard lock(own.mutex);
      for (std::size_t i = taken; i-- > 1;) own.tasks.push_back(std::move(batch[i]));
      own.publish_size();
    }
    return true;
  }

  // Whether any queue holds a task. A "yes" from the size hints may be stale (it costs at most an
  // unneeded wake-up); a "no" is confirmed under the locks. That makes it exact for a push that a
  // producer made without waking anyone because it still counted us as searching: our decrement
  // of searching_ precedes these locks, so either the lock shows the task or the producer's push
  // comes later and reads searching_ after the decrement.
  bool more_work_visible() {
    if (injection_.approximate_size.load(std::memory_order_relaxed) > 0) return true;
    for (const auto& queue : local_)
      if (queue->approximate_size.load(std::memory_order_relaxed) > 0) return true;
    {
      std::lock_guard lock(injection_.mutex);
      if (!injection_.tasks.empty()) return true;
    }
    for (const auto& queue : local_) {
      std::lock_guard lock(queue->mutex);
      if (!queue->tasks.empty()) return true;
    }
    return false;
  }

  // Stops searching because a task was found; the last searcher to stop wakes another worker if
  // more work is queued, so that work spreads over every worker.
  void found_work() {
    if (searching_.fetch_sub(1, std::memory_order_seq_cst) == 1 &&
        idle_count_.load(std::memory_order_seq_cst) > 0 && more_work_visible())
      wake_one();
  }

  enum class ParkResult { woken, found_task, exit };

  // Called by a searching worker that found nothing. Registers as idle, stops searching, re-scans
  // every queue under its lock, and sleeps unless that scan found a task. Returns with the worker
  // counted as searching (woken), or running `task` (found_task), or done (exit: stopping and no
  // task is left anywhere).
  ParkResult park(std::size_t self, UniqueTask& task) {
    Parker& parker = parkers_[self];
    bool stopping;
    {
      std::lock_guard lock(idle_mutex_);
      stopping = stopping_.load(std::memory_order_seq_cst);
      if (!stopping) {
        idle_.push_back(self);
        idle_count_.store(idle_.size(), std::memory_order_seq_cst);
      }
    }
    if (stopping) {
      // No parking once stopping: leave when every queue is empty. (No outside push can come any
      // more; a task still running elsewhere pushes to its own worker's deque.)
      if (!find_task(self, task, false)) {
        searching_.fetch_sub(1, std::memory_order_seq_cst);
        return ParkResult::exit;
      }
      found_work();
      return ParkResult::found_task;
    }
    searching_.fetch_sub(1, std::memory_order_seq_cst);
    if (find_task(self, task, false)) {
      // Found work after all: leave the idle list, unless a waker already took us from it (it
      // then counted us as searching and set our word; consume both).
      bool popped_by_waker;
      {
        std::lock_guard lock(idle_mutex_);
        auto it = std::find(idle_.begin(), idle_.end(), self);
        popped_by_waker = it == idle_.end();
        if (!popped_by_waker) {
          idle_.erase(it);
          idle_count_.store(idle_.size(), std::memory_order_seq_cst);
        }
      }
      if (popped_by_waker) {
        parker.notified.store(0, std::memory_order_relaxed);
        found_work();
      } else if (searching_.load(std::memory_order_seq_cst) == 0 && idle_count_.load(std::memory_order_seq_cst) > 0 &&
                 more_work_visible()) {
        wake_one();  // as found_work: we were not counted, but may hold back work others could run
      }
      return ParkResult::found_task;
    }
    // A wake-up meant for an earlier park may still arrive (futex_wake after the waker's unlock):
    // the word, not the return of futex_wait, says whether we were woken.
    while (parker.notified.load(std::memory_order_acquire) == 0) futex_wait(parker.notified, 0, nullptr);
    parker.notified.store(0, std::memory_order_relaxed);
    return ParkResult::woken;
  }

  void worker_main(std::size_t self) {
    tls_worker = {this, self};
    set_current_wait_helper(this);
    UniqueTask task;
    bool searching = true;  // every worker starts out counted in searching_
    for (;;) {
      if (!searching) {
        // Just ran a task: this worker's own deque is the fast path and needs no bookkeeping.
        auto& own = *local_[self];
        if (own.approximate_size.load(std::memory_order_relaxed) > 0) {
          std::unique_lock lock(own.mutex);
          if (!own.tasks.empty()) {
            task = own.tasks.pop_back();
            own.publish_size();
            lock.unlock();
            task();
            task.reset();
            continue;
          }
        }
        searching_.fetch_add(1, std::memory_order_seq_cst);
        searching = true;
      }
      bool found = find_task(self, task, true);
      for (int round = 0; !found && round < kSpinRounds; ++round) {
        std::this_thread::yield();
        found = find_task(self, task, true);
      }
      if (found) {
        found_work();
      } else {
        ParkResult result = park(self, task);
        if (result == ParkResult::exit) break;
        if (result == ParkResult::woken) continue;  // counted as searching again
      }
      searching = false;
      task();
      task.reset();
    }
    set_current_wait_helper(nullptr);
    tls_worker = {};
  }

  std::vector<std::unique_ptr<LockedQueue<TaskRing>>> local_;
  LockedQueue<BlockQueue> injection_;
  bool accepting_ = true;  // guarded by injection_.mutex

  std::vector<Parker> parkers_;
  std::mutex idle_mutex_;
  std::vector<std::size_t> idle_;  // parked workers, guarded by idle_mutex_
  std::atomic<std::size_t> idle_count_{0};
  std::atomic<int> searching_;
  std::atomic<bool> stopping_{false};

  std::mutex join_mutex_;
  std::vector<std::thread> threads_;
};

thread_local ThreadPoolCore::WorkerIdentity ThreadPoolCore::tls_worker;

void report_posted_task_failure(std::exception_ptr error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (...) {
    ExceptionInfo info = describe_current_exception();
    std::fprintf(stderr, "concur::ThreadPool: a posted task threw %s: %s\n", info.type_name.c_str(),
                 info.message.c_str());
  }
}

}  // namespace detail

ThreadPool::ThreadPool(std::size_t threads)
    : core_(std::make_unique<detail::ThreadPoolCore>(
          threads ? threads : std::max(1u, std::thread::hardware_concurrency()))) {}

ThreadPool::~ThreadPool() { core_->shutdown(true, false); }

void ThreadPool::shutdown(bool wait, bool cancel_pending) { core_->shutdown(wait, cancel_pending); }
std::size_t ThreadPool::thread_count() const noexcept { return core_->thread_count(); }
bool ThreadPool::is_own_worker() const noexcept { return core_->is_current_worker(); }
void ThreadPool::enqueue(UniqueTask&& task) { core_->push(std::move(task)); }
void ThreadPool::throw_if_shut_down() const { core_->throw_if_shut_down(); }

}  // namespace concur
