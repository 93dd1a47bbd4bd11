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
// Cancellation: the awaiting task gets CancelledError at once, but a call already running on a
// thread cannot be stopped; it runs to its end and its result is dropped (as in asyncio). A call
// still queued when the loop's pool is shut down never runs.
#pragma once

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

// Shared by the awaiter and the job: the job may outlive the awaiter (a cancelled task).
template <class R>
struct OffloadResult {
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
  // The job cannot be stopped: stop waiting for it.
  void interrupt() noexcept override {
    result_->waiter = nullptr;
    this->wake();
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
