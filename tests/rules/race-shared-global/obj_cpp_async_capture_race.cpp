// Two std::async tasks (launch::async) capture one local by reference and add to it.
#include <future>
#include <iostream>

int main() {
  long bytes = 0;
  auto a = std::async(std::launch::async, [&] {
    for (int i = 0; i < 1000; ++i)
      bytes += 10;  // expect: race-shared-global
  });
  auto b = std::async(std::launch::async, [&] {
    for (int i = 0; i < 1000; ++i)
      bytes += 10;
  });
  a.get();
  b.get();
  std::cout << bytes << "\n";
}
