// Two workers write their results and release a std::counting_semaphore; main acquires it twice before reading both results.
#include <cstdio>
#include <semaphore>
#include <thread>

std::counting_semaphore<2> done{0};
long mean = 0;
long maximum = 0;

void compute_mean() {
  mean = (3 + 5 + 10) / 3;  // no finding: main reads it after acquiring both permits
  done.release();
}

void compute_max() {
  maximum = 10;  // no finding: main reads it after acquiring both permits
  done.release();
}

int main() {
  std::thread a(compute_mean);
  std::thread b(compute_max);
  done.acquire();
  done.acquire();
  std::printf("mean %ld, max %ld\n", mean, maximum);  // no finding: both workers released before these acquires returned
  a.join();
  b.join();
  return 0;
}
