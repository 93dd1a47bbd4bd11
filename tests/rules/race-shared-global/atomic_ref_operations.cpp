// A plain int accessed by the threads only through std::atomic_ref is no race.
#include <atomic>
#include <thread>

int hits = 0;

void work() {
  for (int i = 0; i < 100; ++i)
    std::atomic_ref<int>(hits).fetch_add(1);  // no finding: atomic access through atomic_ref
}

int main() {
  hits = 0;  // no finding: before the threads start
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return hits == 200 ? 0 : 1;  // no finding: after both joins
}
