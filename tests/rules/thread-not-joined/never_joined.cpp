// The seed's "Depois de T1 e T2": main ends while the thread runs; ~thread calls std::terminate.
#include <cstdio>
#include <thread>

void work(int n) { std::printf("%d\n", n); }

int main() {
  std::thread t(work, 1);  // expect-fixed: thread-not-joined
  std::puts("main is done");
}
