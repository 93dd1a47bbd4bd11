// Two threads each write their own global: no variable is shared, so no race.
#include <thread>

long left_sum = 0;
long right_sum = 0;

void sum_left() {
  for (int i = 0; i < 100; ++i)
    left_sum += i;  // no finding: only this thread touches left_sum while it runs
}

void sum_right() {
  for (int i = 100; i < 200; ++i)
    right_sum += i;  // no finding: only this thread touches right_sum while it runs
}

int main() {
  std::thread a(sum_left);
  std::thread b(sum_right);
  a.join();
  b.join();
  return left_sum + right_sum == 19900 ? 0 : 1;
}
