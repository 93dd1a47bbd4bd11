// A launcher receives the entry through a function-pointer parameter and returns the running
// std::thread; main reads the global the worker writes before joining.
#include <thread>

int warmed_entries = 0;

static std::thread launch(void (*entry)(int), int count) { return std::thread(entry, count); }

static void warm_cache(int count) {
  for (int i = 0; i < count; ++i)
    warmed_entries = i + 1;  // expect: race-shared-global
}

int main() {
  std::thread t = launch(warm_cache, 200);
  int seen = warmed_entries;  // no finding: the read of the pair; the unprotected write is primary
  t.join();
  return seen > warmed_entries;  // no finding: after the join
}
