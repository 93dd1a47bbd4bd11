// try_lock() holds the mutex only on its success branch: the fallback branch writes unprotected.
#include <mutex>
#include <thread>

std::mutex m;
int contended = 0;

void attempt() {
  if (m.try_lock()) {
    ++contended;  // no finding: try_lock succeeded, m is held
    m.unlock();
  } else {
    contended += 2;  // expect: race-shared-global
  }
}

int main() {
  m.lock();
  std::thread t(attempt);  // its try_lock fails: main holds m until after the join
  contended = 10;  // no finding: under m; the unlocked increment is the primary side
  t.join();
  m.unlock();
  return contended == 12 ? 0 : 1;
}
