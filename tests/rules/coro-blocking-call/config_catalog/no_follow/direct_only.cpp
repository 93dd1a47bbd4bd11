// follow-calls: false — only the calls that block directly are reported.
#include "../task.h"

void helper2() { ::usleep(1); }

Task direct_only(mylib::Client &c) {
  helper2();  // no finding: reached only through a helper
  c.fetch("x");  // expect: coro-blocking-call
  co_return;
}
