// The coroutines that await them: independence is decided across the two files.
#include "services.h"

Task<int> profile(int id) {
  int user = co_await fetch_user(id);  // expect: coro-sequential-await
  int prices = co_await fetch_prices(id);
  co_return user + prices;
}

Task<int> visit_then_count(int id) {
  co_await record_visit(id);  // no finding: visits_today reads the vector record_visit appends to
  int n = co_await visits_today();
  co_return n;
}

Task<int> bumped_twice() {
  int a = co_await bump_and_read(1);  // no finding: both write user_calls (services.cpp)
  int b = co_await bump_and_read(2);
  co_return a + b;
}

Task<int> unknown_bodies(int id) {
  int a = co_await remote_a(id);  // expect: coro-sequential-await
  int b = co_await remote_b(id);
  co_return a + b;
}
