// A std::jthread loops until a stop is requested, counting into a global; main only reads the
// global after request_stop() and join().
#include <thread>

long spins = 0;

int main() {
  std::jthread spinner([](std::stop_token stop) {
    while (!stop.stop_requested())
      ++spins;  // no finding: main reads only after the join
  });
  spinner.request_stop();
  spinner.join();
  return spins < 0;  // no finding: after the join
}
