// std::call_once runs the table builder with an argument; each worker calls it before reading the table, so every read follows the one build.
#include <cstdio>
#include <mutex>
#include <thread>

std::once_flag table_built;
int powers[32];
int power_count = 0;
long total_a = 0;
long total_b = 0;

void build_powers(int base) {
  int p = 1;
  for (int i = 0; i < 16; i++, p *= base)
    powers[i] = p;  // no finding: run once, by the first caller of call_once
  power_count = 16;  // no finding: run once, by the first caller of call_once
}

long sum_powers() {
  std::call_once(table_built, build_powers, 2);
  long sum = 0;
  for (int i = 0; i < power_count; i++)  // no finding: after call_once
    sum += powers[i];                    // no finding: after call_once
  return sum;
}

void worker_a() { total_a = sum_powers(); }  // no finding: only this thread writes it before the join
void worker_b() { total_b = sum_powers(); }  // no finding: only this thread writes it before the join

int main() {
  std::thread a(worker_a);
  std::thread b(worker_b);
  a.join();
  b.join();
  std::printf("%ld %ld\n", total_a, total_b);  // no finding: after the joins
  return 0;
}
