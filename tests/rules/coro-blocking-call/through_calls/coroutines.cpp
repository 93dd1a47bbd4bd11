// A coroutine in one file calling helpers defined in another file and in a header.
#include "helpers.h"
#include "task.h"

Task poll_server() {
  wait_a_bit();  // expect: coro-blocking-call
  co_return;
}

Task uses_header_helper() {
  retry_after_pause(3);  // expect: coro-blocking-call
  co_return;
}

Task only_references() {  // no finding: the helper is named, not called
  void (*callback)() = &wait_a_bit;
  (void)callback;
  co_return;
}

Task calls_harmless() {  // no finding: compute() never blocks
  int x = compute(2);
  (void)x;
  co_return;
}

Task awaits_other_coroutine() {  // no finding here: the blocking call is reported in fetch_slowly
  fetch_slowly();
  co_return;
}

int main() {}
