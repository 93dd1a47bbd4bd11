// A coroutine template instantiated twice is reported once, at its source; its pattern is not analysed.
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

template <class T> Task<T> twice(T v);

template <class T> Task<T> sum(T a, T b) {
  T x = co_await twice(a);  // expect: coro-sequential-await
  T y = co_await twice(b);
  co_return x + y;
}

template <class T> Task<T> never_instantiated(T a) {
  T x = co_await twice(a);  // no finding: no instantiation, nothing resolved
  T y = co_await twice(a + 1);
  co_return x + y;
}

Task<int> use_int() { co_return co_await sum(1, 2); }
Task<long> use_long() { co_return co_await sum(1L, 2L); }
