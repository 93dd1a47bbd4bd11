// atomic_ref on one side only: a plain write and an atomic one on the same int are not both atomic, so they race.
#include <atomic>
#include <thread>

int hits = 0;

void careless() { hits += 1; }  // expect: race-shared-global

void careful() { std::atomic_ref<int>(hits).fetch_add(1); }  // no finding: the pair's other write (both unlocked, both write): the earlier line is primary

int main() {
  std::thread a(careless);
  std::thread b(careful);
  a.join();
  b.join();
  return hits == 2 ? 0 : 1;  // no finding: after both joins
}
