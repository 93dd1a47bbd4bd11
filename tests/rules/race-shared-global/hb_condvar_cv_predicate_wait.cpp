// A worker computes its result, then sets `done` under the mutex and notifies; main waits with a predicate and reads the result after the lock's scope.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
bool done = false;
long prime_count = 0;

void count_primes(long limit) {
  long n = 0;
  for (long i = 2; i < limit; i++) {
    bool prime = true;
    for (long d = 2; d * d <= i; d++)
      if (i % d == 0) prime = false;
    n += prime;
  }
  prime_count = n;  // no finding: main reads it after the wait saw done, set after this
  {
    std::lock_guard<std::mutex> lock(m);
    done = true;  // no finding: under m
  }
  cv.notify_one();
}

int main() {
  std::thread t(count_primes, 1000);
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [] { return done; });  // no finding: the predicate runs with m held
  }
  std::printf("%ld primes\n", prime_count);  // no finding: after the wait saw done
  t.join();
  return 0;
}
