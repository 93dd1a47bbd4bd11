// A thread writes a captured local while main reads it before joining.
#include <chrono>
#include <iostream>
#include <thread>

int main() {
  bool done = false;
  int result = 0;
  std::thread worker([&] {
    result = 6 * 7;  // expect: race-shared-global
    done = true;  // expect: race-shared-global
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (done)
    std::cout << result << "\n";
  worker.join();
}
