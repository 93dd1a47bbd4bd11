// Suppression comments: every form, both rule spellings, and the ones that must not suppress.
#include <coroutine>
#include <unistd.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task suppressed() {
  ::sleep(1);  // NOLINT
  ::sleep(2);  // NOLINT(coro-blocking-call)
  ::sleep(3);  // NOLINT(concur-coro-blocking-call)
  ::sleep(4);  // NOLINT(concur-*)
  // NOLINTNEXTLINE(coro-blocking-call)
  ::sleep(5);
  // NOLINTBEGIN(coro-blocking-call)
  ::sleep(6);
  ::sleep(7);
  // NOLINTEND(coro-blocking-call)
  co_return;
}

Task not_suppressed() {
  ::sleep(1);  // NOLINT(race-shared-global) // expect: coro-blocking-call
  ::sleep(3);  // NOLINT(concur-*,-coro-blocking-call) // expect: coro-blocking-call
  ::sleep(2);  // NOLINTNEXTLINE(coro-blocking-call) // expect: coro-blocking-call
  co_return;  // (the line above suppressed this one, which has no finding anyway)
}

// NOLINTBEGIN(coro-blocking-call) // expect: nolint
Task after_unmatched_begin() {
  ::sleep(1);  // expect: coro-blocking-call
  co_return;
}

int main() {}
