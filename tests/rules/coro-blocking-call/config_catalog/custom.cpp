#include "task.h"

std::mutex m;

void helper() { ::usleep(1); }

Task uses_client(mylib::Client &c) {
  c.fetch("https://example.invalid/");  // expect: coro-blocking-call
  c.fetch_cached("https://example.invalid/");  // no finding: not in the catalog
  m.lock();  // no finding: removed from the catalog by the configuration
  m.unlock();
  helper();  // expect: coro-blocking-call
  co_return;
}
int main() {}
