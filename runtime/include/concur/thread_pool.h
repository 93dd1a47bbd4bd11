// concur::ThreadPool: concurrent.futures.ThreadPoolExecutor for C++.
//
//   concur::ThreadPool pool;                          // hardware_concurrency() threads
//   concur::Future<int> f = pool.submit(add, 1, 2);   // f.get() == 3, re-throws add's exception
//   std::vector<int> squares = pool.map(square, numbers, {.chunksize = 100});
//   // leaving the scope waits for every submitted task, like leaving a `with` block
//
// Each worker owns a deque (it pushes and pops its own tasks LIFO, others steal FIFO) and tasks
// from outside threads go to a shared injection queue that workers take in blocks. Idle workers
// spin briefly, then park on a futex: an idle pool uses no CPU. See docs/runtime.md.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ranges>
#include <type_traits>
#include <utility>
#include <vector>

#include "concur/errors.h"
#include "concur/future.h"
#include "concur/io_threads.h"
#include "concur/map_options.h"
#include "concur/unique_task.h"

namespace concur {

namespace detail {

class ThreadPoolCore;

// A future's shared state together with the callable that produces its value: one allocation.
template <class R, class Fn>
class PackagedTask final : public SharedState<R> {
 public:
  explicit PackagedTask(Fn fn) : fn_(std::move(fn)) {}

  void run() noexcept {
    if (!this->try_start()) return;  // cancelled while queued: never runs
    std::exception_ptr error;
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(std::move(*fn_));
        fn_.reset();  // release captured arguments before waking the waiter
        this->set_value();
      } else {
        R value = std::invoke(std::move(*fn_));
        fn_.reset();
        this->set_value(std::move(value));
      }
      return;
    } catch (...) {
      error = std::current_exception();
    }
    // Published after the handler has ended: the handler's own reference to the exception object is
    // gone by then, so the waiter that re-throws it holds the last one.
    fn_.reset();
    this->set_exception(std::move(error));
  }

 private:
  std::optional<Fn> fn_;
};

// What the queue holds for a submitted task. Dropping it unrun (shutdown with cancel_pending)
// cancels the future, so a waiter is never left hanging.
template <class R, class Fn>
struct RunPackagedTask {
  std::shared_ptr<PackagedTask<R, Fn>> task;

  RunPackagedTask(std::shared_ptr<PackagedTask<R, Fn>> t) : task(std::move(t)) {}
  RunPackagedTask(RunPackagedTask&&) noexcept = default;
  RunPackagedTask& operator=(RunPackagedTask&&) noexcept = default;
  ~RunPackagedTask() {
    if (task) task->try_cancel();
  }
  void operator()() {
    auto running = std::move(task);
    running->run();
  }
};

// Reports an exception escaping a fire-and-forget task (there is no future to carry it).
void report_posted_task_failure(std::exception_ptr error) noexcept;

// Random-access view over the items of a map: the range itself when it already is random-access
// and sized, otherwise a vector of its elements.
template <class Range>
decltype(auto) indexable(Range&& range) {
  if constexpr (std::ranges::random_access_range<Range> && std::ranges::sized_range<Range>) {
    return std::forward<Range>(range);
  } else {
    std::vector<std::ranges::range_value_t<Range>> items;
    for (auto&& item : range) items.emplace_back(std::forward<decltype(item)>(item));
    return items;
  }
}

// The first failure of a map (lowest item index), kept while the remaining items still run.
class FirstFailure {
 public:
  void record(std::size_t index, std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_ || index < index_) {
      index_ = index;
      error_ = std::move(error);
    }
  }
  void rethrow_if_any() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::size_t index_ = 0;
  std::exception_ptr error_;
};

}  // namespace detail

class ThreadPool {
 public:
  // `threads` == 0 means std::thread::hardware_concurrency().
  explicit ThreadPool(std::size_t threads = 0);
  // Waits for every submitted task, then joins the threads (shutdown(true, false)).
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs f(args...) on a worker. Arguments are copied/moved into the task and, since a task runs
  // once, handed to f as rvalues (move-only arguments work).
  template <class F, class... A>
  [[nodiscard]] auto submit(F&& f, A&&... args)
      -> Future<std::invoke_result_t<std::decay_t<F>, std::decay_t<A>...>> {
    using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<A>...>;
    auto bound = bind(std::forward<F>(f), std::forward<A>(args)...);
    using Fn = decltype(bound);
    auto task = std::make_shared<detail::PackagedTask<R, Fn>>(std::move(bound));
    Future<R> future(task);
    enqueue(UniqueTask(detail::RunPackagedTask<R, Fn>(std::move(task))));
    return future;
  }

  // Fire and forget: no future, no allocation for small callables. An exception escaping `f` is
  // reported on stderr (use submit() to receive it).
  template <class F>
  void post(F&& f) {
    enqueue(UniqueTask([fn = std::forward<F>(f)]() mutable noexcept {
      try {
        fn();
      } catch (...) {
        detail::report_posted_task_failure(std::current_exception());
      }
    }));
  }

  // f applied to every item, results in input order. Every item runs even when some throw; then
  // the exception of the lowest failing index is re-thrown. Items run on the pool's threads and on
  // the calling thread, never more than thread_count() at once (see run_chunked); use submit() for
  // work that must run on a pool thread.
  template <class F, std::ranges::input_range Range>
  auto map(F&& f, Range&& items, MapOptions options = {})
      -> std::vector<std::invoke_result_t<F&, std::ranges::range_reference_t<Range>>> {
    using R = std::invoke_result_t<F&, std::ranges::range_reference_t<Range>>;
    static_assert(!std::is_void_v<R>, "map needs a function that returns a value; use for_each");
    auto&& indexed = detail::indexable(std::forward<Range>(items));
    const std::size_t count = std::ranges::size(indexed);
    std::vector<std::optional<R>> slots(count);
    run_chunked(count, options.chunksize, [&](std::size_t i) { slots[i].emplace(f(std::ranges::begin(indexed)[i])); });
    std::vector<R> results;
    results.reserve(count);
    for (auto& slot : slots) results.push_back(std::move(*slot));
    return results;
  }

  // f applied to every item; like map but without results.
  template <class F, std::ranges::input_range Range>
  void for_each(F&& f, Range&& items, MapOptions options = {}) {
    auto&& indexed = detail::indexable(std::forward<Range>(items));
    const std::size_t count = std::ranges::size(indexed);
    run_chunked(count, options.chunksize, [&](std::size_t i) { f(std::ranges::begin(indexed)[i]); });
  }

  // Stops accepting tasks from outside the pool (submit then throws PoolShutdown). With
  // cancel_pending, queued tasks are dropped and their futures report CancelledError. With wait,
  // blocks until running (and, without cancel_pending, queued) tasks finish and threads exit.
  // Tasks already running may still submit follow-up work to their own pool while it drains.
  void shutdown(bool wait = true, bool cancel_pending = false);

  std::size_t thread_count() const noexcept;

 private:
  template <class F, class... A>
  static auto bind(F&& f, A&&... args) {
    if constexpr (sizeof...(A) == 0) {
      return std::decay_t<F>(std::forward<F>(f));
    } else {
      return [fn = std::forward<F>(f), ... bound = std::forward<A>(args)]() mutable -> decltype(auto) {
        return std::invoke(std::move(fn), std::move(bound)...);
      };
    }
  }

  // Runs item(i) for i in [0, count), chunk by chunk, and re-throws the first failure after all
  // items settled. The calling thread, which would otherwise only wait, takes one of the
  // thread_count() runner slots itself: at most thread_count() items run at once, as with
  // max_workers, and the first items start at once instead of after a worker wakes up. (Waking
  // several workers for a short burst is at the mercy of the scheduler: on machines that hide
  // their cache topology, a woken worker is often queued behind another on one CPU while the
  // other CPU idles, so that one worker ends up running everything.)
  template <class Item>
  void run_chunked(std::size_t count, std::size_t chunksize, Item item) {
    if (count == 0) return;
    if (!is_own_worker()) throw_if_shut_down();  // like submit(): a shut-down pool runs nothing new
    chunksize = std::max<std::size_t>(chunksize, 1);
    const std::size_t chunks = (count + chunksize - 1) / chunksize;
    std::atomic<std::size_t> next_chunk{0};
    detail::FirstFailure failure;
    auto run_chunks = [&] {
      for (;;) {
        std::size_t chunk = next_chunk.fetch_add(1, std::memory_order_relaxed);
        if (chunk >= chunks) return;
        std::size_t end = std::min(count, (chunk + 1) * chunksize);
        for (std::size_t i = chunk * chunksize; i < end; ++i) {
          try {
            item(i);
          } catch (...) {
            failure.record(i, std::current_exception());
          }
        }
      }
    };
    const std::size_t helpers = std::min(chunks, thread_count()) - 1;
    std::vector<Future<void>> runner_futures;
    runner_futures.reserve(helpers);
    for (std::size_t r = 0; r < helpers; ++r) {
      try {
        runner_futures.push_back(submit([&run_chunks] { run_chunks(); }));
      } catch (const PoolShutdown&) {
        break;  // shut down meanwhile: this thread and the runners it has do the rest
      }
    }
    run_chunks();
    // Every chunk has been taken. Helpers that have not started are cancelled rather than waited
    // for (on a busy pool that could take long); the others reference this frame, so they are.
    for (auto& runner : runner_futures) {
      runner.cancel();
      runner.wait();
    }
    failure.rethrow_if_any();
  }

  bool is_own_worker() const noexcept;
  void throw_if_shut_down() const;
  void enqueue(UniqueTask&& task);

  std::unique_ptr<detail::ThreadPoolCore> core_;
};

}  // namespace concur
