// The seed lesson: x1 = await g(1); x2 = await g(2) takes 2 s where gather takes 1 s.
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

Task<int> f() {
  int x1 = co_await g(1);  // expect: coro-sequential-await
  int x2 = co_await g(2);  // no finding of its own: a note of the one above
  co_return x1 + x2;
}

Task<int> dependente() {  // no finding: the second call needs the first result
  int a = co_await g(1);
  int b = co_await g(a);
  co_return b;
}
