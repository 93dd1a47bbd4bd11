// The twin of obj_cpp_lambda_mutex_local: without the mutex, two push_backs on one vector race
// (a non-const call writes the whole container).
#include <iostream>
#include <thread>
#include <vector>

int main() {
  std::vector<int> log;
  auto work = [&](int base) {
    for (int i = 0; i < 100; ++i)
      log.push_back(base + i);  // expect: race-shared-global
  };
  std::thread a(work, 0), b(work, 1000);
  a.join();
  b.join();
  std::cout << log.size() << "\n";
}
