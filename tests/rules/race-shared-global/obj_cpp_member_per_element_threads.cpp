// Each thread runs a method on its own element of a vector (`&shards[i]`).
#include <iostream>
#include <thread>
#include <vector>

struct Shard {
  void fill(int n) {
    for (int i = 0; i < n; ++i)
      count_ += 1;
  }
  int count_ = 0;
};

int main() {
  std::vector<Shard> shards(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < shards.size(); ++i)
    threads.emplace_back(&Shard::fill, &shards[i], 100);
  for (std::thread &t : threads)
    t.join();
  int total = 0;
  for (const Shard &s : shards)
    total += s.count_;
  std::cout << total << "\n";
}
