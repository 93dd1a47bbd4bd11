// Each thread writes the element its own copy of the loop index picks ([&out, i]): different
// threads, different elements; main reads them after joining all.
#include <iostream>
#include <thread>
#include <vector>

int main() {
  const int n = 8;
  std::vector<long> out(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&out, i] { out[i] = static_cast<long>(i) * i; });
  for (auto &t : threads)
    t.join();
  long sum = 0;
  for (long v : out)
    sum += v;
  std::cout << sum << "\n";
}
