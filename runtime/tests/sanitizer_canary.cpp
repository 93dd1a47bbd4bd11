// A deliberate bug for the sanitizer that is active, built only in sanitizer builds. The test driver
// (run_sanitized.cmake) runs it first and insists on a report: a sanitizer that sees nothing here
// would also see nothing in the real tests.
#include <climits>
#include <cstdio>
#include <thread>
#include <vector>

int main(int argc, char**) {
#if defined(CONCUR_CANARY_TSAN)
  int shared = 0;  // written by two threads without synchronization
  std::thread a([&] { for (int i = 0; i < 1000; ++i) ++shared; });
  std::thread b([&] { for (int i = 0; i < 1000; ++i) ++shared; });
  a.join();
  b.join();
  std::printf("%d\n", shared);
#else
  std::vector<int> values(4);
  int index = argc + 3;  // 4: one past the end
  std::printf("%d\n", values.data()[index]);
#endif
  return 0;
}
