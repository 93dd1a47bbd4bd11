// A std::jthread joins when its scope ends: main reads the captured local after the block.
#include <iostream>
#include <thread>

int main() {
  int computed = 0;
  {
    std::jthread worker([&] { computed = 99; });
  }
  std::cout << computed << "\n";
}
