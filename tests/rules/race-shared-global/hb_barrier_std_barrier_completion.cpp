// std::barrier's completion function runs after every thread arrived and before any is released: it reads the phase's partial sums, and the workers read its total in the next phase.
#include <barrier>
#include <cstdio>
#include <thread>

long partial_even = 0;
long partial_odd = 0;
long total = 0;
long seen_by_even = 0;
long seen_by_odd = 0;

std::barrier phase_end(2, []() noexcept {
  total = partial_even + partial_odd;  // no finding: runs when both workers have arrived, before either goes on
});

void sum_even() {
  for (long i = 0; i < 100; i += 2)
    partial_even += i;  // no finding: read by the completion, after this thread arrived
  phase_end.arrive_and_wait();
  seen_by_even = total;  // no finding: the completion wrote total before releasing the workers
}

void sum_odd() {
  for (long i = 1; i < 100; i += 2)
    partial_odd += i;  // no finding: read by the completion, after this thread arrived
  phase_end.arrive_and_wait();
  seen_by_odd = total;  // no finding: the completion wrote total before releasing the workers
}

int main() {
  std::thread a(sum_even);
  std::thread b(sum_odd);
  a.join();
  b.join();
  std::printf("%ld %ld\n", seen_by_even, seen_by_odd);  // no finding: after both joins
  return 0;
}
