// co_return is not a suspension: a guard alive there is fine.
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
  std::lock_guard<std::mutex> guard(m);
  shared_value = 1;
  co_return;  // no finding: co_return does not suspend while the guard lives
}

int main() {}
