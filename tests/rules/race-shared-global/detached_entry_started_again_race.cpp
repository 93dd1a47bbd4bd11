// One entry started twice while the first (detached) run may still be going races with itself.
#include <chrono>
#include <thread>

int hits = 0;

void touch() { hits = hits + 1; }  // expect: race-shared-global

int main() {
  std::thread(touch).detach();
  std::thread second(touch);
  second.join();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return 0;
}
