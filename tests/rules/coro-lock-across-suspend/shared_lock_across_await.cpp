// A reader's std::shared_lock alive at a co_await.
#include <coroutine>
#include <mutex>
#include <shared_mutex>

// A minimal coroutine type: enough for co_await, co_yield and co_return.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
std::mutex m, n;
std::shared_mutex rw;
int shared_value;

Task f() {
  std::shared_lock<std::shared_mutex> reader(rw);
  int v = shared_value;
  (void)v;
  co_await std::suspend_always{};  // expect: coro-lock-across-suspend
}

int main() {}
