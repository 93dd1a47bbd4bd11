// No finding: a view or a shared_ptr passed by value still lets the call change what a later one uses.
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
#include <memory>
#include <span>
#include <vector>

struct State {
  int step = 0;
};
Task<int> fill(std::span<char> into);
Task<int> parse(const std::vector<char> &buf);
Task<int> advance(std::shared_ptr<State> state);
Task<int> report(std::shared_ptr<const State> state);
Task<int> summary(std::span<const char> bytes);

Task<int> through_a_span() {
  std::vector<char> buf(256);
  co_await fill(buf);  // no finding: fill writes buf's bytes through the span
  int n = co_await parse(buf);
  co_return n;
}

Task<int> through_shared_state(std::shared_ptr<State> state) {
  co_await advance(state);  // no finding: advance changes *state, report reads it
  co_await report(state);
  co_return 0;
}

Task<int> read_only_views(const std::vector<char> &a, const std::vector<char> &b) {
  int x = co_await summary(a);  // expect: coro-sequential-await
  int y = co_await summary(b);
  co_return x + y;
}
