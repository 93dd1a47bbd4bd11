// A std::function variable wrapping a free function is copied into two std::threads; the wrapped
// function increments a global with no lock.
#include <functional>
#include <thread>

unsigned generation = 0;

static void bump_generation() {
  for (int i = 0; i < 100; ++i)
    ++generation;  // expect: race-shared-global
}

int main() {
  std::function<void()> job = bump_generation;
  std::thread a(job);
  std::thread b(job);
  a.join();
  b.join();
  return generation == 200 ? 0 : 1;  // no finding: after the joins
}
