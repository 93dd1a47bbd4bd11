// C++: the worker passes a std::function callback to a helper that invokes it per item; the
// callback's target writes a global that main also writes while the worker runs.
#include <functional>
#include <thread>

int last_level = 0;

static void for_each_level(int levels, const std::function<void(int)> &on_level) {
  for (int i = 0; i < levels; ++i)
    on_level(i);
}

static void record_level(int level) {
  last_level = level;  // expect: race-shared-global
}

int main() {
  std::thread worker([] { for_each_level(64, record_level); });
  last_level = -1;  // no finding: the other write of the pair; the earlier line (record_level) is primary
  worker.join();
  return last_level > 64;  // no finding: after the join
}
