// Twin of hb_barrier_std_barrier_completion.cpp: sum_odd adds a late correction to total after the barrier, while sum_even reads it in the same phase.
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
  seen_by_even = total;  // no finding: racy read, but the finding goes on the write
}

void sum_odd() {
  for (long i = 1; i < 100; i += 2)
    partial_odd += i;  // no finding: read by the completion, after this thread arrived
  phase_end.arrive_and_wait();
  total += 1;  // expect: race-shared-global
  seen_by_odd = total;  // no finding: same thread as the write above
}

int main() {
  std::thread a(sum_even);
  std::thread b(sum_odd);
  a.join();
  b.join();
  std::printf("%ld %ld\n", seen_by_even, seen_by_odd);  // no finding: after both joins
  return 0;
}
