// Two threads capture main's local by reference ([&]) and both increment it.
#include <iostream>
#include <thread>

int main() {
  long total = 0;
  std::thread a([&] {
    for (int i = 0; i < 100000; ++i)
      total++;  // expect: race-shared-global
  });
  std::thread b([&] {
    for (int i = 0; i < 100000; ++i)
      total++;
  });
  a.join();
  b.join();
  std::cout << total << "\n";
}
