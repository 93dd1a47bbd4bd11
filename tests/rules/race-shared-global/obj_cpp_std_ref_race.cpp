// A local passed to two threads by std::ref: both write through their reference parameter.
#include <functional>
#include <iostream>
#include <thread>

struct Progress {
  int done = 0;
  int failed = 0;
};

static void run_jobs(Progress &p, int n) {
  for (int i = 0; i < n; ++i)
    p.done += 1;  // expect: race-shared-global
}

int main() {
  Progress p;
  std::thread a(run_jobs, std::ref(p), 500);
  std::thread b(run_jobs, std::ref(p), 500);
  a.join();
  b.join();
  std::cout << p.done << " " << p.failed << "\n";
}
