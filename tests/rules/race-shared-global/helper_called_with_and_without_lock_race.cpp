// A helper called under the lock by one thread and without it by another: the helper's write races.
#include <mutex>
#include <thread>

std::mutex m;
int events = 0;

void bump() { ++events; }  // expect: race-shared-global

void careful() {
  std::lock_guard<std::mutex> lock(m);
  bump();
}

void careless() { bump(); }

int main() {
  std::thread a(careful);
  std::thread b(careless);
  a.join();
  b.join();
  return events == 2 ? 0 : 1;
}
