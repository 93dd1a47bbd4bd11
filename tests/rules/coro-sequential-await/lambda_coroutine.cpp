// A coroutine lambda is a coroutine of its own.
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

void start() {
  auto job = []() -> Task<int> {
    int a = co_await g(1);  // expect: coro-sequential-await
    int b = co_await g(2);
    co_return a + b;
  };
  (void)job;
}
