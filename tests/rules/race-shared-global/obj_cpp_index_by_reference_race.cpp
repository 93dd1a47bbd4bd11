// The twin of obj_cpp_slots_by_copied_index: the lambda captures the loop index by reference,
// so each thread reads i while main's loop increments it, and two threads may write one element.
#include <iostream>
#include <thread>
#include <vector>

int main() {
  const int n = 8;
  std::vector<long> out(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)  // expect: race-shared-global
    threads.emplace_back([&] { out[i % n] = 1; });  // expect: race-shared-global
  for (auto &t : threads)
    t.join();
  std::cout << out[0] << "\n";
}
