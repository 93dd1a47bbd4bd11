// A coroutine-aware mutex (cppcoro's async_mutex, concur's): its lock() is awaited and suspends
// instead of blocking, so holding it across a co_await is what it is made for.
#include <coroutine>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

struct LockAwaiter {
  bool await_ready() { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

struct AsyncMutex {
  LockAwaiter lock();
  void unlock();
};

AsyncMutex cache_mutex;
int cached;

Task refresh() {
  co_await cache_mutex.lock();
  cached = 1;
  co_await std::suspend_always{};  // no finding: an async mutex held across the suspension
  cache_mutex.unlock();
}

int main() {}
