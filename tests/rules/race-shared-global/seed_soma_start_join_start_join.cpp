// The seed, run start/join/start/join: the two threads never overlap, so no race.
#include <thread>

long soma = 0;

void add(long step) {
  for (int i = 0; i < 1000; ++i)
    soma = soma + step;  // no finding: the second thread starts after the first is joined
}

int main() {
  std::thread a(add, 1);
  a.join();
  std::thread b(add, 2);
  b.join();
  return soma == 3000 ? 0 : 1;  // no finding: after both joins
}
