// std::barrier::arrive_and_wait separates the phases: each worker reads the other's edge only in the phase after the one that wrote it.
#include <barrier>
#include <cstdio>
#include <thread>

std::barrier phase_end(2);
long top_edge = 0;
long bottom_edge = 0;
long top_sum = 0;
long bottom_sum = 0;

void top_half() {
  top_edge = 3;  // no finding: bottom_half reads it after the barrier
  phase_end.arrive_and_wait();
  top_sum = top_edge + bottom_edge;  // no finding: bottom_edge was written before the barrier
}

void bottom_half() {
  bottom_edge = 4;  // no finding: top_half reads it after the barrier
  phase_end.arrive_and_wait();
  bottom_sum = bottom_edge * top_edge;  // no finding: top_edge was written before the barrier
}

int main() {
  std::thread a(top_half);
  std::thread b(bottom_half);
  a.join();
  b.join();
  std::printf("%ld %ld\n", top_sum, bottom_sum);  // no finding: after both joins
  return 0;
}
