// try_lock() holds the mutex on its success branch: accesses there are protected.
#include <mutex>
#include <thread>

std::mutex m;
int done = 0;

void attempt() {
  for (int i = 0; i < 100; ++i) {
    if (m.try_lock()) {
      ++done;  // no finding: only reached when try_lock succeeded
      m.unlock();
    }
  }
}

int main() {
  std::thread a(attempt);
  std::thread b(attempt);
  a.join();
  b.join();
  return done > 0 ? 0 : 1;
}
