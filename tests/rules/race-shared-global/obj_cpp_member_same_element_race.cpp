// The twin of obj_cpp_member_per_element_threads.cpp: every thread gets the first shard.
#include <iostream>
#include <thread>
#include <vector>

struct Shard {
  void fill(int n) {
    for (int i = 0; i < n; ++i)
      count_ += 1;  // expect: race-shared-global
  }
  int count_ = 0;
};

int main() {
  std::vector<Shard> shards(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < shards.size(); ++i)
    threads.emplace_back(&Shard::fill, &shards[0], 100);
  for (std::thread &t : threads)
    t.join();
  std::cout << shards[0].count_ << "\n";
}
