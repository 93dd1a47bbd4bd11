// The twin of obj_cpp_lambda_ref_capture_race: each lambda captures the local by copy ([=], or
// by name) and increments its own copy (mutable): the threads share nothing.
#include <iostream>
#include <thread>

int main() {
  long total = 0;
  long seen_a = 0, seen_b = 0;
  std::thread a([=, &seen_a]() mutable {
    for (int i = 0; i < 1000; ++i)
      total++;
    seen_a = total;
  });
  std::thread b([total, &seen_b]() mutable {
    for (int i = 0; i < 1000; ++i)
      total++;
    seen_b = total;
  });
  a.join();
  b.join();
  std::cout << total + seen_a + seen_b << "\n";
}
