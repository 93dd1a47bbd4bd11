// The seed: `soma = soma + step` run by two threads at once is one race, reported once.
#include <thread>

long soma = 0;

void add(long step) {
  for (int i = 0; i < 1000; ++i)
    soma = soma + step;  // expect: race-shared-global
}

int main() {
  std::thread a(add, 1);
  std::thread b(add, 2);
  a.join();
  b.join();
  return soma == 3000 ? 0 : 1;  // no finding: after both joins
}
