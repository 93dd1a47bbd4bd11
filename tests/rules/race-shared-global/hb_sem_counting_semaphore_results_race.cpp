// Twin of hb_sem_counting_semaphore_results.cpp: compute_max releases its permit before it writes the result.
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
  done.release();
  maximum = 10;  // expect: race-shared-global
}

int main() {
  std::thread a(compute_mean);
  std::thread b(compute_max);
  done.acquire();
  done.acquire();
  std::printf("mean %ld, max %ld\n", mean, maximum);  // no finding: racy read of maximum, but the finding goes on the write
  a.join();
  b.join();
  return 0;
}
