// The twin of obj_cpp_pointer_shared_ptr_method_race.cpp: each thread calls the method on the
// Counter its own iteration made.
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

class Counter {
public:
  void hit() { hits_++; }  // no finding: one Counter per thread
  long hits() const { return hits_; }

private:
  long hits_ = 0;
};

int main() {
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<Counter>> all;
  for (int i = 0; i < 4; ++i) {
    auto counter = std::make_shared<Counter>();
    all.push_back(counter);
    threads.emplace_back([counter] { counter->hit(); });
  }
  for (auto &t : threads)
    t.join();
  long total = 0;
  for (auto &c : all)
    total += c->hits();
  std::printf("%ld\n", total);
  return 0;
}
