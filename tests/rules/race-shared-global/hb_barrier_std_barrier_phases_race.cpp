// Twin of hb_barrier_std_barrier_phases.cpp: top_half reads the other edge before arriving at the barrier, in the phase where it is written.
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
  top_sum = top_edge + bottom_edge;  // no finding: racy read of bottom_edge, but the finding goes on the write
  phase_end.arrive_and_wait();
}

void bottom_half() {
  bottom_edge = 4;  // expect: race-shared-global
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
