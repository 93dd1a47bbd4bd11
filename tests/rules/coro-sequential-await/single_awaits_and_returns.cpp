// No finding: one await per block, or an await that is part of a co_return, is no run.
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

Task<int> one() {
  int a = co_await g(1);  // no finding: alone
  co_return a;
}

Task<int> with_return() {
  int a = co_await g(1);  // no finding: the next await is in the co_return, not a statement of its own
  co_return a + co_await g(2);
}

Task<int> branches(bool flag) {
  if (flag) {
    co_await g(1);  // no finding: one per branch
  } else {
    co_await g(2);
  }
  co_return 0;
}
