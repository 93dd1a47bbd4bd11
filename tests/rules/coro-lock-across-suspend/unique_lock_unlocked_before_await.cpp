// unique_lock::unlock() before the co_await: nothing held.
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
  std::unique_lock<std::mutex> lock(m);
  shared_value = 1;
  lock.unlock();
  co_await std::suspend_always{};  // no finding: unlocked first
  lock.lock();
  shared_value = 2;
}

int main() {}
