// A local passed by std::ref to one thread, read by main only after the join.
#include <functional>
#include <iostream>
#include <thread>

static void fill(int &out) { out = 42; }

int main() {
  int answer = 0;
  std::thread t(fill, std::ref(answer));
  t.join();
  std::cout << answer << "\n";
}
