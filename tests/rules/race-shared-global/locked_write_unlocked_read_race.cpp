// The writes are locked but a reader takes no lock: the finding goes on the unprotected read.
#include <mutex>
#include <thread>

std::mutex m;
int temperature = 0;

void sensor() {
  for (int i = 0; i < 50; ++i) {
    std::lock_guard<std::mutex> lock(m);
    temperature = i;  // no finding: locked; the unprotected read is the primary side
  }
}

int display() {
  return temperature;  // expect: race-shared-global
}

int main() {
  std::thread s(sensor);
  std::thread d(display);
  s.join();
  d.join();
  return 0;
}
