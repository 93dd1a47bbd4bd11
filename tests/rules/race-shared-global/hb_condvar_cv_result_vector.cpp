// A worker fills a result vector, then sets `finished` under the mutex and notifies all; two readers wait for it and read the vector without the lock.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

std::mutex m;
std::condition_variable finished_cv;
bool finished = false;
std::vector<int> squares;

void fill() {
  squares.reserve(32);  // no finding: the readers read the vector after they saw finished
  for (int i = 0; i < 16; i++)
    squares.push_back(i * i);  // no finding: the readers read it after they saw finished
  {
    std::lock_guard<std::mutex> lock(m);
    finished = true;  // no finding: under m
    finished_cv.notify_all();
  }
}

void report(int id) {
  std::unique_lock<std::mutex> lock(m);
  finished_cv.wait(lock, [] { return finished; });  // no finding: the predicate runs with m held
  lock.unlock();
  std::printf("reader %d: %zu squares\n", id, squares.size());  // no finding: after the wait saw finished
}

int main() {
  std::thread r1(report, 1);
  std::thread r2(report, 2);
  std::thread w(fill);
  w.join();
  r1.join();
  r2.join();
  return 0;
}
