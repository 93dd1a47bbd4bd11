// No finding: a statement between two awaits breaks the run (it may need the first result, and order).
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
#include <cstdio>

Task<int> g(int n);

Task<int> printed_between() {
  int a = co_await g(1);  // no finding
  std::printf("first done\n");
  int b = co_await g(2);
  co_return a + b;
}

Task<int> different_blocks(bool flag) {
  int a = co_await g(1);  // no finding: the next await is in another block
  if (flag) {
    int b = co_await g(2);  // no finding: alone in its block
    a += b;
  }
  co_return a;
}

Task<int> not_whole_statements() {
  int a = 1 + co_await g(1);  // no finding: the await is part of an expression
  int b = 1 + co_await g(2);
  int c = co_await g(co_await g(3));  // no finding: two awaits in one statement
  co_return a + b + c;
}
