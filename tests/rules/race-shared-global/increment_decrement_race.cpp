// ++ and -- are writes: a pre-increment in one thread and a post-decrement in another race.
#include <thread>

int level = 0;

void up() {
  for (int i = 0; i < 100; ++i)
    ++level;  // expect: race-shared-global
}

void down() {
  for (int i = 0; i < 100; ++i)
    level--;  // no finding: the pair's other unprotected write; the earlier line is primary
}

int main() {
  std::thread a(up);
  std::thread b(down);
  a.join();
  b.join();
  return level;
}
