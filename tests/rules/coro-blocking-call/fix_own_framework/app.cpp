#include "task.h"
#include <chrono>
#include <thread>
#include <unistd.h>

#define PAUSE() std::this_thread::sleep_for(std::chrono::milliseconds(1))

myco::Task poll() {
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // expect-fixed: coro-blocking-call
  if (true)
    ::usleep(500);  // expect-fixed: coro-blocking-call
  unsigned rest = ::sleep(1);  // expect: coro-blocking-call
  (void)rest;
  PAUSE();  // expect: coro-blocking-call
  co_return;
}

int main() { poll(); }
