// No finding: the awaited coroutines write a global (directly or through helpers) that another one uses.
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
#include <vector>

int requests = 0;
std::vector<int> log_lines;
int config_size = 10;

void remember(std::vector<int> &lines, int v) { lines.push_back(v); }

Task<int> counted(int n) {
  ++requests;  // both calls increment the counter: order matters
  co_return n;
}

Task<int> logged(int n) {
  remember(log_lines, n);  // writes log_lines through a helper's reference parameter
  co_return n;
}

Task<int> dump() { co_return static_cast<int>(log_lines.size()); }

Task<int> reconfigure() {
  config_size = 20;
  co_return 0;
}

Task<int> sized() { co_return config_size; }

Task<int> both_count() {
  int a = co_await counted(1);  // no finding: both write requests
  int b = co_await counted(2);
  co_return a + b;
}

Task<int> log_then_dump() {
  co_await logged(1);  // no finding: dump reads what logged appends
  int n = co_await dump();
  co_return n;
}

Task<int> configure_then_read() {
  co_await reconfigure();  // no finding: sized reads config_size, written by reconfigure
  int s = co_await sized();
  co_return s;
}
