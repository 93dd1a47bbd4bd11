// The seed lesson "time.sleep / requests.get inside async def", in C++20 coroutines.
// `make demo` runs concur-lint over this folder; every finding it prints here is intended.
#include "net.h"
#include "task.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

// Blocks the event loop's thread for two seconds: no other coroutine runs meanwhile.
Task query_database() {
  std::puts("querying...");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // found: a sleep in a coroutine
  co_return;
}

// The blocking call hides in another file (net.cpp): concur-lint follows the calls.
Task download_page(const char *url) {
  std::string page = http_get(url);  // found: http_get blocks on a socket, two calls down
  std::printf("%zu bytes\n", page.size());
  co_return;
}

// Waiting on a std::future blocks just the same.
Task wait_for_result(std::future<int> result) {
  std::printf("%d\n", result.get());  // found: future::get
  co_return;
}

// Fine: the blocking work runs on its own thread, not on the coroutine's.
Task hand_off() {
  std::thread([] { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }).detach();
  co_return;
}

// Fine: suppressed on purpose, with a reason.
Task startup_delay() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));  // NOLINT(coro-blocking-call): before the loop starts
  co_return;
}

int main() {
  query_database();
  download_page("http://127.0.0.1:8080/");
  hand_off();
  startup_delay();
}
