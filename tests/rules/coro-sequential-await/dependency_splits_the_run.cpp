// A dependent await ends a run and starts the next one.
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

Task<int> g(int n) { co_return n + 1; }

Task<int> split_after() {
  int a = co_await g(1);  // expect: coro-sequential-await
  int b = co_await g(2);
  int c = co_await g(a);  // no finding: needs a; alone in its run
  co_return a + b + c;
}

Task<int> split_before() {
  int x = co_await g(1);  // no finding: the next call needs x
  int y = co_await g(x);  // expect: coro-sequential-await
  int z = co_await g(2);  // with the one above: neither needs the other
  co_return x + y + z;
}
