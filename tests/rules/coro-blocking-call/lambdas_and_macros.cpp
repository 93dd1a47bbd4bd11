// Coroutine lambdas, lambdas called on the coroutine's thread, and calls written through macros.
#include <coroutine>
#include <unistd.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

#define NAP_BRIEFLY() ::usleep(10)

template <class F> void run_inline(F f) { f(); }
template <class F> void run_later(F) {}

Task lambda_called_here() {
  auto pause = [] { ::usleep(1); };
  pause();  // expect: coro-blocking-call
  run_inline([] { ::usleep(2); });  // expect: coro-blocking-call
  run_later([] { ::usleep(3); });  // no finding: the lambda is stored, never called here
  co_return;
}

Task through_macro() {
  NAP_BRIEFLY();  // expect: coro-blocking-call
  co_return;
}

int main() {
  auto coro_lambda = []() -> Task {
    ::sleep(1);  // expect: coro-blocking-call
    co_return;
  };
  coro_lambda();
  auto plain_lambda = [] { ::sleep(1); };  // no finding: not a coroutine, and main is not one
  plain_lambda();
}
