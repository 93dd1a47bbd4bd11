#include "helpers.h"
#include "task.h"
#include <chrono>
#include <thread>

static void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

void wait_a_bit() { nap(); }

int compute(int x) { return x * x; }

Task fetch_slowly() {
  ::sleep(1);  // expect: coro-blocking-call
  co_return;
}
