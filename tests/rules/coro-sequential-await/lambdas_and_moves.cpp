// No finding: a lambda capturing by reference, or a moved-from argument, ties the calls together.
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
#include <string>
#include <utility>

Task<int> run(auto work) {
  work();
  co_return 0;
}
Task<int> get(int n);
Task<int> send(std::string &&message);
Task<int> log(const std::string &message);

Task<int> captured() {
  int n = 0;
  co_await run([&] { n = 42; });  // no finding: get reads n, which the lambda writes
  int r = co_await get(n);
  co_return r;
}

Task<int> same_lambda_twice() {
  int total = 0;
  auto add = [&](int i) -> Task<int> {
    total += i;
    co_return total;
  };
  co_await add(1);  // no finding: both calls change total
  co_await add(2);
  co_return total;
}

Task<int> moved(std::string message) {
  co_await send(std::move(message));  // no finding: message is moved from, then read
  co_await log(message);
  co_return 0;
}
