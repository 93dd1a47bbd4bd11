// Fix case: a std::vector global appended to by two threads gets a std::mutex declared after it,
// and each racing statement is wrapped in its own scope holding a lock_guard on that mutex.
#include <thread>
#include <vector>

std::vector<int> results;

void produce(int base) {
  for (int i = 0; i < 1000; ++i)
    results.push_back(base + i);  // expect-fixed: race-shared-global
}

int main() {
  std::thread a(produce, 0);
  std::thread b(produce, 1000);
  a.join();
  b.join();
  return results.size() == 2000 ? 0 : 1;  // no finding: after both joins
}
