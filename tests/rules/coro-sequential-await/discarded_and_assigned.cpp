// Results discarded, assigned to existing variables, or unpacked with structured bindings.
#include <coroutine>

// A minimal lazy task, enough to co_await a call and co_return its value.
template <class T> struct Task {
  struct promise_type {
    Task get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
#include <utility>

Task<int> notify(int user);
Task<std::pair<int, int>> range_of(int table);
Task<int> count(int table);

Task<int> discarded() {
  co_await notify(1);  // expect: coro-sequential-await
  co_await notify(2);
  co_return 0;
}

Task<int> assigned() {
  int a = 0, b = 0;
  a = co_await count(1);  // expect: coro-sequential-await
  b = co_await count(2);
  co_return a + b;
}

Task<int> unpacked() {
  auto [lo, hi] = co_await range_of(1);  // expect: coro-sequential-await
  auto [lo2, hi2] = co_await range_of(2);
  co_return hi - lo + hi2 - lo2;
}
