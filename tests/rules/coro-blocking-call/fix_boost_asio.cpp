// The built-in boost-asio framework: the fix-it awaits a steady_timer on the coroutine's executor.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <thread>

boost::asio::awaitable<void> refresh() {
  std::this_thread::sleep_for(std::chrono::seconds(1));  // expect-fixed: coro-blocking-call
  co_return;
}

int main() {}
