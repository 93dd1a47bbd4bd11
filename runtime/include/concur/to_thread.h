// concur::to_thread: runs a blocking call on a thread pool and resumes the awaiting task on its loop
// with the result (asyncio.to_thread).
//
//   std::string page = co_await concur::to_thread(http_get, url);   // the loop keeps running
//   auto digest = co_await concur::to_thread(pool, sha256, std::move(data));   // on your own pool
//
// The callable and its arguments are copied (or moved) into the job, as with ThreadPool::submit,
// and run on the loop's default executor (EventLoop::default_executor(), a concur::ThreadPool of
// min(32, hardware threads + 4) threads by default) or on the ThreadPool given. The result comes
// back through the loop's eventfd; an exception the call throws is re-thrown in the task.
//
// Cancellation (and wait_for's time limit): a call still queued is dropped, never run, and the
// awaiting task gets CancelledError at once. A call already running cannot be stopped: the task
// gets CancelledError when it returns (its result dropped). So the call may use the coroutine's
// locals, `co_await concur::to_thread([&] { return parse(buffer); })`, without ever outliving
// them; asyncio instead abandons the running call, which is safe only with a garbage collector
// (Trio waits, as here). A call still queued when the loop's pool is shut down never runs.
#pragma once

#include <atomic>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/detail/loop_core.h"
#include "concur/thread_pool.h"

namespace concur {

namespace detail {

// Shared by the awaiter and the job: the job may outlive the awaiter (a task cancelled while the
// job was still queued).
template <class R>
struct OffloadResult {
  enum Phase { Queued, Running, Dropped };
  std::atomic<Phase> phase{Queued};  // Queued -> Running (a worker) or Queued -> Dropped (cancel)
  std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> value{};
  std::exception_ptr error;
  Waiter* waiter = nullptr;  // loop thread only; null once nobody waits
};

}  // namespace detail

template <class R, class Fn>
class [[nodiscard]] ToThreadAwaiter : public detail::Waiter {
 public:
  ToThreadAwaiter(ThreadPool* pool, Fn fn) : pool_(pool), fn_(std::move(fn)) {}
  ~ToThreadAwaiter() {
    if (result_) result_->waiter = nullptr;
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    if (!this->bind(handle)) return false;
    detail::LoopCore& loop = this->loop();
    ThreadPool& pool = pool_ ? *pool_ : loop.executor();
    result_ = std::make_shared<detail::OffloadResult<R>>();
    result_->waiter = this;
    loop.offload_begin();
    try {
      pool.post([result = result_, fn = std::move(fn_), remote = loop.remote(), loop = &loop]() mutable {
        auto queued = detail::OffloadResult<R>::Queued;
        if (result->phase.compare_exchange_strong(queued, detail::OffloadResult<R>::Running)) {
          try {
            if constexpr (std::is_void_v<R>) {
              std::invoke(std::move(fn));
              result->value = true;
            } else {
              result->value.emplace(std::invoke(std::move(fn)));
            }
          } catch (...) {
            result->error = std::current_exception();
          }
        }
        // Back on the loop's thread (never run if the loop has closed meanwhile).
        remote->post([result = std::move(result), loop] {
          loop->offload_end();
          if (detail::Waiter* waiter = std::exchange(result->waiter, nullptr)) waiter->wake();
        });
      });
    } catch (...) {
      loop.offload_end();
      result_.reset();
      throw;  // PoolShutdown: re-thrown at the co_await
    }
    this->suspend_here();
    return true;
  }
  R await_resume() {
    this->throw_if_cancelled();
    if (result_->error) std::rethrow_exception(result_->error);
    if constexpr (!std::is_void_v<R>) return std::move(*result_->value);
  }
  // A queued job is dropped and the task resumes at once; a running one cannot be stopped, and
  // the task resumes when it has returned (it may be using the task's locals).
  void interrupt() noexcept override {
    auto queued = detail::OffloadResult<R>::Queued;
    if (result_->phase.compare_exchange_strong(queued, detail::OffloadResult<R>::Dropped)) {
      result_->waiter = nullptr;
      this->wake();
    }
  }

 private:
  ThreadPool* pool_;
  Fn fn_;
  std::shared_ptr<detail::OffloadResult<R>> result_;
};

namespace detail {
template <class F, class... A>
auto bind_call(F&& f, A&&... args) {
  return [fn = std::forward<F>(f), ... bound = std::forward<A>(args)]() mutable -> decltype(auto) {
    return std::invoke(std::move(fn), std::move(bound)...);
  };
}
}  // namespace detail

// Runs f(args...) on the loop's default executor.
template <class F, class... A>
  requires std::invocable<std::decay_t<F>, std::decay_t<A>...>
auto to_thread(F&& f, A&&... args) {
  using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<A>...>;
  auto call = detail::bind_call(std::forward<F>(f), std::forward<A>(args)...);
  return ToThreadAwaiter<R, decltype(call)>(nullptr, std::move(call));
}

// Runs f(args...) on `pool`, which must outlive the await.
template <class F, class... A>
  requires std::invocable<std::decay_t<F>, std::decay_t<A>...>
auto to_thread(ThreadPool& pool, F&& f, A&&... args) {
  using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<A>...>;
  auto call = detail::bind_call(std::forward<F>(f), std::forward<A>(args)...);
  return ToThreadAwaiter<R, decltype(call)>(&pool, std::move(call));
}

}  // namespace concur
