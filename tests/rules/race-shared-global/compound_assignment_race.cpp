// Compound assignments are writes: |= in one thread and &= in another race (one finding, earlier line).
#include <thread>

unsigned mask = 6;

void set_bit() { mask |= 1u; }  // expect: race-shared-global

void clear_bit() { mask &= ~2u; }  // no finding: the pair's other unprotected write; the earlier line is primary

int main() {
  std::thread a(set_bit);
  std::thread b(clear_bit);
  a.join();
  b.join();
  return mask == 5 ? 0 : 1;
}
