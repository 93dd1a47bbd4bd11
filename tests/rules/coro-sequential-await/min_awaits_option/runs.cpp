// min-awaits: 3 — runs of two are not reported, runs of three are.
#include "task.h"

Task<int> g(int n);

Task<int> two() {
  int a = co_await g(1);  // no finding: a run of two
  int b = co_await g(2);
  co_return a + b;
}

Task<int> three() {
  int a = co_await g(1);  // expect: coro-sequential-await
  int b = co_await g(2);
  int c = co_await g(3);
  co_return a + b + c;
}
