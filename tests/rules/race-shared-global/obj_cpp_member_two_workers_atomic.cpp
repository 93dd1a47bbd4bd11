// The twin of obj_cpp_member_two_workers_this_race.cpp: the total is a std::atomic member.
#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

class Summer {
public:
  void run(int n) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
      threads.emplace_back(&Summer::add, this, n);
    for (std::thread &t : threads)
      t.join();
  }
  long total() const { return total_; }

private:
  void add(int n) {
    for (int i = 0; i < n; ++i)
      total_ += i;
  }
  std::atomic<long> total_{0};
};

int main() {
  Summer s;
  s.run(1000);
  std::cout << s.total() << "\n";
}
