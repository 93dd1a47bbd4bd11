// The gather fix-it in concur::Task coroutines, against the real runtime: a run of discarded
// awaits, or of declarations of each call's own result type, becomes one await of concur::gather.
#include <concur/task.h>

#include <string>

concur::Task<int> count(int n) { co_return n; }
concur::Task<std::string> name(int n) { co_return std::to_string(n); }
concur::Task<void> log_line(std::string line) { co_return; }

concur::Task<void> discarded() {
  co_await log_line("a"); co_await log_line("b"); co_await log_line("c");  // expect-fixed: coro-sequential-await
}

concur::Task<int> declared() {
  int a = co_await count(1); auto s = co_await name(2); const int b = co_await count(3);  // expect-fixed: coro-sequential-await
  co_return a + b + static_cast<int>(s.size());
}

concur::Task<long> converted() {
  long a = co_await count(1);  // expect: coro-sequential-await
  long b = co_await count(2);  // no fix: `long` is not the calls' `int`
  co_return a + b;
}

concur::Task<int> mixed() {
  int a = co_await count(1);  // expect: coro-sequential-await
  co_await log_line("x");     // no fix: one result kept, one dropped
  co_return a;
}

concur::Task<int> assigned() {
  int a = 0, b = 0;
  a = co_await count(1);  // expect: coro-sequential-await
  b = co_await count(2);  // no fix: assignments keep the advice alone
  co_return a + b;
}

concur::Task<void> commented() {
  co_await log_line("a");  // expect: coro-sequential-await
  // a comment between the awaits would be lost: no fix
  co_await log_line("b");
}

concur::Task<int> dependent_after_run() {
  int a = co_await count(1); int b = co_await count(2);  // expect-fixed: coro-sequential-await
  int c = co_await count(a + b);  // needs both: stays after the gather
  co_return c;
}
