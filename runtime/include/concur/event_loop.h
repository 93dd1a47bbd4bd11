// concur::EventLoop: asyncio's event loop, for concur::Task coroutines.
//
//   concur::EventLoop loop;
//   int answer = loop.run_until_complete(compute());   // concur::run(compute()) does just this
//
// One thread runs a loop; every task, waiter and callback of a loop runs on that thread, one at a
// time, switching only where a task awaits. The loop waits in epoll: for file descriptors
// (concur::net sockets, the io_uring ring), a timerfd armed for the earliest timer (concur::sleep,
// wait_for) and an eventfd that other threads write when they hand it work
// (call_soon_threadsafe, to_thread completions). An idle loop is blocked in the kernel: it never
// spins or polls.
//
// EventLoop::current() is the loop running on the calling thread. It is a thread_local pointer,
// set only while run_until_complete() runs: this is how create_task(), concur::net and the
// awaitables find their loop without one being passed around, as asyncio.get_running_loop() does.
// It is per thread (each thread may run its own loop), so it is not state shared between threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "concur/detail/loop_core.h"
#include "concur/task.h"
#include "concur/unique_task.h"

namespace concur {

struct EventLoopOptions {
  // Threads of the pool that runs to_thread() work and the thread back end of file I/O; created on
  // first use. 0: min(32, hardware threads + 4), like Python's default executor.
  std::size_t to_thread_threads = 0;
  FileBackend file_backend = FileBackend::automatic;
};

// Hands work to a loop from any thread, and keeps doing nothing harmful once the loop is gone
// (call_soon_threadsafe then returns false). Copyable; obtained from EventLoop::threadsafe_handle().
class LoopRef {
 public:
  LoopRef() noexcept = default;
  // Runs `callback` on the loop's thread soon; false (and nothing runs) if the loop has closed.
  template <class F>
  bool call_soon_threadsafe(F&& callback) const {
    return remote_ && remote_->post(UniqueTask(std::forward<F>(callback)));
  }

 private:
  friend class EventLoop;
  explicit LoopRef(std::shared_ptr<detail::RemoteQueue> remote) noexcept : remote_(std::move(remote)) {}
  std::shared_ptr<detail::RemoteQueue> remote_;
};

class EventLoop {
 public:
  EventLoop() : EventLoop(EventLoopOptions{}) {}
  explicit EventLoop(EventLoopOptions options);
  // close(), then releases the loop's file descriptors.
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // The loop running on the calling thread (inside run_until_complete), or null.
  static EventLoop* current() noexcept;

  // Runs `task` as the loop's main task until it finishes, and returns its result or re-throws its
  // exception. Tasks it spawned with create_task and left running keep running only while the loop
  // runs: the next run_until_complete continues them, close() cancels them. Throws
  // std::logic_error when called from inside a running loop (on this thread) or after close().
  template <class T>
  T run_until_complete(Task<T> task);

  // Cancels every task still running (each receives CancelledError at its suspension point), runs
  // the loop until they finish, destroys the coroutines of any that can no longer make progress,
  // and waits for the to_thread pool's threads. asyncio.run does this after the main task returns.
  // Idempotent; the destructor calls it. Throws std::logic_error from inside the running loop.
  void close();
  bool is_closed() const noexcept;

  // Runs `callback` on this loop soon, after the work already queued. Loop thread only.
  template <class F>
  void call_soon(F&& callback) {
    core_->call_soon(UniqueTask(std::forward<F>(callback)));
  }
  // Runs `callback` on this loop soon; any thread. The loop wakes if it sleeps. Throws
  // std::logic_error if the loop has closed (use threadsafe_handle() to post without caring).
  template <class F>
  void call_soon_threadsafe(F&& callback) {
    if (!core_->remote()->post(UniqueTask(std::forward<F>(callback))))
      throw std::logic_error("concur::EventLoop::call_soon_threadsafe: the loop is closed");
  }
  LoopRef threadsafe_handle() const noexcept { return LoopRef(core_->remote()); }

  // Replaces how the loop reports exceptions nobody can receive: a spawned task that failed and
  // whose exception was never retrieved, a call_soon callback that threw, a task abandoned at
  // close(). The default prints them on stderr. An empty handler restores the default.
  void set_exception_handler(ExceptionHandler handler);

  // The pool to_thread() uses by default (created on first use).
  ThreadPool& default_executor();
  // The back end of file I/O on this loop: io_uring or threads (never automatic). Decided at
  // the first call (or the first file operation); throws std::system_error if io_uring was asked
  // for and is unavailable.
  FileBackend file_backend();

  // The loop's clock (asyncio's loop.time()).
  static std::chrono::steady_clock::time_point time() noexcept { return std::chrono::steady_clock::now(); }

  detail::LoopCore& core() noexcept { return *core_; }

 private:
  // The task run_until_complete runs: the loop stops when it finishes.
  class MainState final : public detail::TaskState {
   public:
    using TaskState::TaskState;
    std::coroutine_handle<> on_root_finished() noexcept override {
      finished = true;
      return nullptr;
    }
    bool finished = false;
  };

  std::unique_ptr<detail::LoopCore> core_;
};

template <class T>
T EventLoop::run_until_complete(Task<T> task) {
  MainState main(*core_);
  Task<T> owned = std::move(task);  // destroyed before `main`, which its coroutines refer to
  auto handle = detail::TaskAccess::handle(owned);
  handle.promise().bind(main, nullptr);
  detail::ReadyNode start;  // leaves the ready queue when destroyed, should run_until throw
  start.handle = handle;
  core_->schedule(start);
  core_->run_until(main.finished);
  return handle.promise().take_result();
}

}  // namespace concur
