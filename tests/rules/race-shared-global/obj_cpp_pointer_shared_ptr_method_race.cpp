// The thread and main call a method on one Counter through copies of a shared_ptr: the method's
// write to its member races with itself.
#include <cstdio>
#include <memory>
#include <thread>

class Counter {
public:
  void hit() { hits_++; }  // expect: race-shared-global
  long hits() const { return hits_; }

private:
  long hits_ = 0;
};

int main() {
  auto counter = std::make_shared<Counter>();
  std::thread worker([counter] { counter->hit(); });
  counter->hit();
  worker.join();
  std::printf("%ld\n", counter->hits());
  return 0;
}
