// No finding: awaiting tasks or events that exist already, or awaiters made on the spot, is not a run of calls.
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

struct Event {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
Event ready, done;
Task<int> g(int n);

Task<int> started_tasks() {
  Task<int> t1 = g(1);
  Task<int> t2 = g(2);
  int a = co_await t1;  // no finding: the tasks were made above; awaiting them is gathering
  int b = co_await t2;
  co_return a + b;
}

Task<int> moved_tasks(Task<int> t1, Task<int> t2) {
  int a = co_await std::move(t1);  // no finding: std::move is no call of the program's
  int b = co_await std::move(t2);
  co_return a + b;
}

Task<int> events() {
  co_await ready;  // no finding
  co_await done;
  co_await std::suspend_always{};
  co_await std::suspend_always{};
  co_return 0;
}

Task<int> one_call_between_non_calls() {
  co_await ready;
  int a = co_await g(1);  // no finding: the awaits around it are not calls
  co_await done;
  int b = co_await g(2);  // no finding: alone between non-calls
  co_return a + b;
}
