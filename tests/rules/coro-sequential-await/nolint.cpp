// NOLINT on the first await's line suppresses the finding.
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

Task<int> g(int n);

Task<int> deliberate() {
  int a = co_await g(1);  // NOLINT(coro-sequential-await): g(2) must not start before g(1) ends
  int b = co_await g(2);
  co_return a + b;
}
