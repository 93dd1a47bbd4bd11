// A run inside a loop body is still a run (the loop itself is loop-parallelizable's business).
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

Task<int> price(int item);
Task<int> stock(int item);

Task<int> total(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    int p = co_await price(i);  // expect: coro-sequential-await
    int s = co_await stock(i);
    sum += p * s;
  }
  co_return sum;
}

Task<int> one_per_iteration(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += co_await price(i);  // no finding: one await per iteration, not a run of statements
  co_return sum;
}
