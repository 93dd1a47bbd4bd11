// The engine under concur::EventLoop and the coroutine awaitables: not part of the public API.
//
// A loop is single-threaded. Everything here is used on the loop's thread only, except
// RemoteQueue, which is how other threads hand work to the loop (call_soon_threadsafe, to_thread
// completions).
//
// Vocabulary:
//   - a *task* (TaskState) is asyncio's Task: a chain of coroutines (a root and the Tasks it awaits,
//     each suspended in the next) that runs, suspends and is cancelled as one;
//   - a *waiter* (Waiter) is the leaf awaiter a task is suspended in: a sleep, an I/O wait, a
//     semaphore... It knows how to stop waiting when the task is cancelled (interrupt());
//   - the *ready queue* holds what runs next: waiters whose event happened, tasks about to start
//     and plain callbacks. Each entry is a ReadyNode embedded in its owner, so queuing never
//     allocates and an owner that is destroyed while queued just unlinks itself.
#pragma once

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "concur/errors.h"
#include "concur/unique_task.h"

// Symmetric transfer (an await_suspend returning the next coroutine) is only free of stack growth
// when the compiler turns the resumption into a tail call. Clang always does; GCC 12 does not at
// -O0, nor with sanitizers at any level, and a long chain of awaits that complete at once then
// overflows the stack. Where it is not guaranteed, transfers go through a trampoline instead: the
// next coroutine is parked in the loop and resumed by the loop's resume() after the current one
// returns. Both ways are compatible, so translation units may differ.
#ifndef CONCUR_SYMMETRIC_TRANSFER
#if defined(__clang__)
#define CONCUR_SYMMETRIC_TRANSFER 1
#else
#define CONCUR_SYMMETRIC_TRANSFER 0
#endif
#endif

namespace concur {

// Where async file operations (concur/file.h) go. `automatic` picks io_uring when this build has
// liburing and the kernel lets this process create a ring (containers often forbid it), and a
// thread offload otherwise; the choice is made at run time, the first time a loop needs it.
enum class FileBackend { automatic, io_uring, threads };

// What an exception handler receives (asyncio's loop.set_exception_handler context).
struct ExceptionContext {
  std::string message;           // e.g. "Task exception was never retrieved"
  std::exception_ptr exception;  // the exception, or null
};
using ExceptionHandler = std::function<void(const ExceptionContext&)>;

class EventLoop;
class ThreadPool;

namespace detail {

class LoopCore;
class FileEngine;
class SpawnedBase;

// ---- ready queue ----------------------------------------------------------------------------

struct ReadyNode {
  ReadyNode() noexcept = default;
  ReadyNode(const ReadyNode&) = delete;
  ReadyNode& operator=(const ReadyNode&) = delete;
  // A node destroyed while queued leaves the queue.
  ~ReadyNode() {
    if (queued()) unlink();
  }

  ReadyNode* prev = nullptr;
  ReadyNode* next = nullptr;
  std::coroutine_handle<> handle;                    // resumed when the node runs...
  void (*callback)(ReadyNode&) noexcept = nullptr;  // ...unless this is set, then this runs

  bool queued() const noexcept { return next != nullptr; }
  void unlink() noexcept {
    prev->next = next;
    next->prev = prev;
    prev = next = nullptr;
  }
};

// An intrusive FIFO of ReadyNodes around a sentinel: O(1) push, pop and removal from the middle.
class ReadyList {
 public:
  ReadyList() noexcept { head_.prev = head_.next = &head_; }
  ReadyList(const ReadyList&) = delete;
  ReadyList& operator=(const ReadyList&) = delete;
  ~ReadyList() {
    while (!empty()) head_.next->unlink();
    head_.prev = head_.next = nullptr;
  }

  bool empty() const noexcept { return head_.next == &head_; }
  void push_back(ReadyNode& node) noexcept {
    node.prev = head_.prev;
    node.next = &head_;
    head_.prev->next = &node;
    head_.prev = &node;
  }
  ReadyNode* pop_front() noexcept {
    if (empty()) return nullptr;
    ReadyNode* node = head_.next;
    node->unlink();
    return node;
  }
  // Moves every node of `other` to the end of this list.
  void splice_back(ReadyList& other) noexcept {
    if (other.empty()) return;
    ReadyNode* first = other.head_.next;
    ReadyNode* last = other.head_.prev;
    other.head_.prev = other.head_.next = &other.head_;
    first->prev = head_.prev;
    head_.prev->next = first;
    last->next = &head_;
    head_.prev = last;
  }

 private:
  ReadyNode head_;
};

// ---- timers and file descriptors --------------------------------------------------------------

struct TimerNode {
  static constexpr std::size_t kNotArmed = static_cast<std::size_t>(-1);
  std::chrono::steady_clock::time_point deadline{};
  std::uint64_t sequence = 0;  // equal deadlines fire in the order they were armed
  std::size_t heap_index = kNotArmed;
  void (*fire)(TimerNode&) noexcept = nullptr;
  bool armed() const noexcept { return heap_index != kNotArmed; }
};

// Something registered with the loop's epoll set; `on_events` runs on the loop thread with the
// epoll event bits. It must only queue work (wake waiters), never run coroutines itself.
struct PollSource {
  void (*on_events)(PollSource&, std::uint32_t events) noexcept = nullptr;
};

// Work handed to the loop from other threads. Shared by the loop and whoever posts to it, so a
// thread that finishes after the loop is gone posts into a closed queue and nothing happens.
class RemoteQueue {
 public:
  RemoteQueue();  // creates the eventfd
  ~RemoteQueue();
  RemoteQueue(const RemoteQueue&) = delete;
  RemoteQueue& operator=(const RemoteQueue&) = delete;

  // Any thread. False (and `task` dropped) once the loop has closed the queue.
  bool post(UniqueTask&& task);
  // Loop thread: what was posted since the last call.
  std::vector<UniqueTask> take();
  // Loop thread: a cheap hint that take() would return something.
  bool pending() const noexcept { return pending_.load(std::memory_order_acquire); }
  // Loop thread: the queue accepts nothing more; returns what was still queued (to be destroyed).
  std::vector<UniqueTask> close();
  int fd() const noexcept { return fd_; }

 private:
  std::mutex mutex_;
  std::vector<UniqueTask> items_;  // guarded by mutex_
  bool closed_ = false;            // guarded by mutex_
  std::atomic<bool> pending_{false};
  int fd_ = -1;  // eventfd, written when items_ goes from empty to non-empty
};

// Where unobserved task exceptions and failing callbacks are reported. Shared with every task the
// loop spawned, so a task handle that outlives its loop can still report.
struct HandlerSlot {
  ExceptionHandler handler;  // empty: print to stderr
  void report(const ExceptionContext& context) const noexcept;
};

// ---- tasks ------------------------------------------------------------------------------------

// The leaf awaiter a task is suspended in. Cancelling the task calls interrupt(), which must
// withdraw the wait and make the task resume soon (via Waiter::wake); the resumed awaiter then
// throws CancelledError.
class Suspension {
 public:
  virtual void interrupt() noexcept = 0;

 protected:
  ~Suspension() = default;
};

class TaskState {
 public:
  TaskState() noexcept = default;
  explicit TaskState(LoopCore& loop) noexcept : loop_(&loop) {}
  TaskState(const TaskState&) = delete;
  TaskState& operator=(const TaskState&) = delete;

  LoopCore& loop() const noexcept { return *loop_; }
  // For states built before their loop is known (gather's children): set before the task starts.
  void attach(LoopCore& loop) noexcept { loop_ = &loop; }

  // Cancellation is delivered as CancelledError at the task's next suspension point: at once if
  // it is suspended now (its waiter is interrupted), otherwise when it next awaits something.
  void request_cancel() noexcept {
    cancel_pending_ = true;
    if (Suspension* at = std::exchange(suspended_at_, nullptr)) at->interrupt();
  }
  bool cancel_pending() const noexcept { return cancel_pending_; }
  // True once per request: the awaiter that throws CancelledError consumes it.
  bool take_cancel() noexcept { return std::exchange(cancel_pending_, false); }

  void suspend_at(Suspension* at) noexcept { suspended_at_ = at; }
  void resumed_from(const Suspension* at) noexcept {
    if (suspended_at_ == at) suspended_at_ = nullptr;
  }

  // The task's root coroutine reached its final suspend point. Returns the coroutine to continue
  // with, or null. May destroy the root coroutine and this state.
  virtual std::coroutine_handle<> on_root_finished() noexcept = 0;

 protected:
  ~TaskState() = default;

 private:
  LoopCore* loop_ = nullptr;
  Suspension* suspended_at_ = nullptr;
  bool cancel_pending_ = false;
};

// ---- the loop ---------------------------------------------------------------------------------

class LoopCore {
 public:
  LoopCore(EventLoop& owner, std::size_t to_thread_threads, FileBackend file_backend);
  ~LoopCore();
  LoopCore(const LoopCore&) = delete;
  LoopCore& operator=(const LoopCore&) = delete;

  EventLoop& owner() const noexcept { return *owner_; }
  // The loop running on the calling thread, or null.
  static LoopCore* current() noexcept;
  // Points to this loop until it is destroyed, then to null: lets objects that may outlive their
  // loop (sockets) tell whether it is still there. Loop thread only.
  const std::shared_ptr<LoopCore*>& anchor() const noexcept { return anchor_; }

  // -- running coroutines
  void schedule(ReadyNode& node) noexcept { ready_.push_back(node); }
  // Resumes `handle`, then whatever it transferred to (the trampoline; see
  // CONCUR_SYMMETRIC_TRANSFER).
  void resume(std::coroutine_handle<> handle) noexcept {
    do {
      handle.resume();
      handle = std::exchange(next_, nullptr);
    } while (handle);
  }
  // What an await_suspend returns to continue with `next` (null: return to the loop).
  std::coroutine_handle<> transfer(std::coroutine_handle<> next) noexcept {
    if (!next) return std::noop_coroutine();
#if CONCUR_SYMMETRIC_TRANSFER
    return next;
#else
    next_ = next;
    return std::noop_coroutine();
#endif
  }

  // -- timers
  std::chrono::steady_clock::time_point now() const noexcept { return std::chrono::steady_clock::now(); }
  void add_timer(TimerNode& timer);
  void remove_timer(TimerNode& timer) noexcept;

  // -- file descriptors (edge-triggered epoll registrations)
  void add_fd(int fd, PollSource& source, std::uint32_t events);
  void remove_fd(int fd) noexcept;
  // Changes the events of a registered descriptor.
  void modify_fd(int fd, PollSource& source, std::uint32_t events);
  // Counts waits on file descriptors, so close() knows whether a blocked task may still wake.
  void io_wait_begin() noexcept { ++io_waits_; }
  void io_wait_end() noexcept { --io_waits_; }

  // -- callbacks
  void call_soon(UniqueTask&& callback);
  const std::shared_ptr<RemoteQueue>& remote() const noexcept { return remote_; }
  // Work running on other threads whose completion will come back through remote().
  void offload_begin() noexcept { ++offloads_; }
  void offload_end() noexcept { --offloads_; }
  ThreadPool& executor();

  // -- async files (src/file.cpp)
  FileEngine& files();
  FileBackend file_backend();

  // -- tasks
  std::shared_ptr<const HandlerSlot> handler_slot() const noexcept { return handler_; }
  void set_exception_handler(ExceptionHandler handler);
  void report(const ExceptionContext& context) const noexcept { handler_->report(context); }
  void register_task(SpawnedBase& task) noexcept;
  void unregister_task(SpawnedBase& task) noexcept;

  // -- running the loop
  // Runs until `done` becomes true. Throws std::logic_error if a loop already runs on this thread
  // or this one is closed.
  void run_until(const bool& done);
  // Cancels the tasks still running and lets them finish, destroys those that cannot, stops the
  // thread pool and file engine. Idempotent.
  void close() noexcept;
  bool closed() const noexcept { return closed_; }

 private:
  class Running;  // sets current() for a scope
  struct LoopSource : PollSource {
    LoopCore* loop = nullptr;
  };

  void run_ready() noexcept;
  void poll(bool may_block) noexcept;
  void drain_remote() noexcept;
  void arm_timerfd(std::chrono::steady_clock::time_point deadline) noexcept;
  void fire_due_timers() noexcept;
  std::size_t sift_up(std::size_t i) noexcept;
  bool may_progress() const noexcept;
  static void on_wakeup_fd(PollSource& source, std::uint32_t events) noexcept;
  static void on_timer_fd(PollSource& source, std::uint32_t events) noexcept;

  EventLoop* owner_;
  std::shared_ptr<LoopCore*> anchor_;
  ReadyList ready_;
  std::coroutine_handle<> next_;  // trampoline slot
  std::vector<TimerNode*> timers_;  // binary min-heap on (deadline, sequence)
  std::uint64_t timer_sequence_ = 0;
  std::chrono::steady_clock::time_point timerfd_armed_for_{};
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  LoopSource wakeup_source_;
  LoopSource timer_source_;
  std::size_t fds_ = 0;  // registered file descriptors (besides the loop's own)
  std::size_t io_waits_ = 0;
  std::size_t offloads_ = 0;
  std::shared_ptr<RemoteQueue> remote_;
  std::shared_ptr<HandlerSlot> handler_;
  SpawnedBase* tasks_ = nullptr;  // registry of running spawned tasks
  std::size_t to_thread_threads_;
  std::unique_ptr<ThreadPool> executor_;
  FileBackend requested_file_backend_;
  std::unique_ptr<FileEngine> files_;
  bool running_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

// ---- waiters ----------------------------------------------------------------------------------

// Base of the leaf awaiters. Holds the suspended coroutine and its task, the ready-queue node
// that resumes it, and links for whatever wait list it sits in (a semaphore's, an event's...).
// Its destructor withdraws it from the ready queue, so a coroutine destroyed while suspended
// leaves nothing dangling; subclasses withdraw their own registrations the same way.
class Waiter : public Suspension {
 public:
  Waiter() noexcept = default;
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  // The awaited event happened (or the wait was interrupted): resume the task soon.
  void wake() noexcept {
    state_->resumed_from(this);
    if (!node_.queued()) state_->loop().schedule(node_);
  }
  bool bound() const noexcept { return state_ != nullptr; }
  TaskState& task() const noexcept { return *state_; }

  Waiter* list_prev = nullptr;
  Waiter* list_next = nullptr;

 protected:
  ~Waiter() {
    if (state_) state_->resumed_from(this);
  }

  // Binds the awaiter to the awaiting coroutine (called first in await_suspend). Returns false
  // when the task has a cancellation pending: await_suspend must then not suspend, and
  // await_resume throws.
  template <class Promise>
  bool bind(std::coroutine_handle<Promise> handle) noexcept {
    state_ = handle.promise().task_state();
    node_.handle = handle;
    return !state_->cancel_pending();
  }
  // The task is now suspended here: cancelling it interrupts this awaiter.
  void suspend_here() noexcept { state_->suspend_at(this); }
  // Queues the resumption now (a yield) without waiting for anything.
  void reschedule() noexcept { state_->loop().schedule(node_); }
  LoopCore& loop() const noexcept { return state_->loop(); }
  // The suspended coroutine (after bind).
  std::coroutine_handle<> awaiting() const noexcept { return node_.handle; }
  // For await_resume: throws CancelledError if the task was cancelled while it waited here.
  void throw_if_cancelled() const {
    if (state_ && state_->take_cancel()) throw CancelledError("concur: the task was cancelled");
  }

 private:
  TaskState* state_ = nullptr;
  ReadyNode node_;
};

// An intrusive FIFO of waiters through Waiter::list_prev/list_next.
class WaitList {
 public:
  WaitList() noexcept = default;
  WaitList(const WaitList&) = delete;
  WaitList& operator=(const WaitList&) = delete;

  bool empty() const noexcept { return head_ == nullptr; }
  Waiter* front() const noexcept { return head_; }
  bool contains(const Waiter& waiter) const noexcept { return waiter.list_prev || head_ == &waiter; }
  void push_back(Waiter& waiter) noexcept {
    waiter.list_next = nullptr;
    waiter.list_prev = tail_;
    if (tail_) {
      tail_->list_next = &waiter;
    } else {
      head_ = &waiter;
    }
    tail_ = &waiter;
  }
  void remove(Waiter& waiter) noexcept {
    if (waiter.list_prev) {
      waiter.list_prev->list_next = waiter.list_next;
    } else {
      head_ = waiter.list_next;
    }
    if (waiter.list_next) {
      waiter.list_next->list_prev = waiter.list_prev;
    } else {
      tail_ = waiter.list_prev;
    }
    waiter.list_prev = waiter.list_next = nullptr;
  }
  Waiter* pop_front() noexcept {
    Waiter* first = head_;
    if (first) remove(*first);
    return first;
  }

 private:
  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
};

// ---- spawned tasks ----------------------------------------------------------------------------

// A task started by create_task: owned by its handles and, while it runs, by the loop.
class SpawnedBase : public TaskState {
 public:
  enum class Phase : std::uint8_t { scheduled, running, finished };

  SpawnedBase(LoopCore& loop, std::shared_ptr<const HandlerSlot> handler) noexcept;
  virtual ~SpawnedBase();

  Phase phase() const noexcept { return phase_; }
  bool finished() const noexcept { return phase_ == Phase::finished; }
  bool finished_cancelled() const noexcept { return finished() && cancelled_; }
  // The exception the task finished with (CancelledError if cancelled), or null.
  const std::exception_ptr& error() const noexcept { return error_; }
  void mark_observed() noexcept { observed_ = true; }

  // Registers with the loop and queues the start. `self` is this task: the loop's reference.
  void launch(std::shared_ptr<SpawnedBase> self) noexcept;
  // The loop is closing and the task could not finish: destroys its coroutines (their
  // destructors run) and records it as cancelled.
  void abandon() noexcept;

  // Takes the result out of the finished coroutine and destroys its frame (so its parameters and
  // locals are released now, as Python releases a finished coroutine's), then wakes the waiters.
  std::coroutine_handle<> on_root_finished() noexcept override;

  // Waiters woken when the task finishes (co_await on a handle).
  void add_waiter(Waiter& waiter) noexcept { waiters_.push_back(waiter); }
  void remove_waiter(Waiter& waiter) noexcept {
    if (waiters_.contains(waiter)) waiters_.remove(waiter);
  }

  SpawnedBase* registry_prev = nullptr;
  SpawnedBase* registry_next = nullptr;

 protected:
  virtual std::coroutine_handle<> root() noexcept = 0;
  // Moves the finished root's value into the state, destroys the root's frame, and returns the
  // root's exception (or the one moving the value threw).
  virtual std::exception_ptr harvest() noexcept = 0;
  // Destroys the root's frame (finished or not).
  virtual void destroy_root() noexcept = 0;

 private:
  static void start(ReadyNode& node) noexcept;
  void finish(std::exception_ptr error) noexcept;

  struct StartNode : ReadyNode {
    SpawnedBase* owner = nullptr;
  };

  std::shared_ptr<const HandlerSlot> handler_;
  std::shared_ptr<SpawnedBase> self_;  // the loop's reference, until the task finishes
  StartNode start_node_;
  WaitList waiters_;
  std::exception_ptr error_;
  Phase phase_ = Phase::scheduled;
  bool cancelled_ = false;
  bool observed_ = false;

 public:
  bool cancelled_by_close = false;  // LoopCore::close() cancels each task once
};

}  // namespace detail
}  // namespace concur
