// A pointer declared in the loop's body, copied into that iteration's lambda: each thread has
// the object of its own iteration.
#include <cstdio>
#include <thread>
#include <vector>

struct Slot {
  long value = 0;
};

int main() {
  std::vector<std::thread> threads;
  std::vector<Slot *> slots;
  for (int i = 0; i < 4; ++i) {
    Slot *slot = new Slot;
    slots.push_back(slot);
    threads.emplace_back([slot, i] { slot->value = i * 10; });  // no finding: its own Slot
  }
  for (auto &t : threads)
    t.join();
  long total = 0;
  for (Slot *s : slots) {
    total += s->value;
    delete s;
  }
  std::printf("%ld\n", total);
  return 0;
}
