// The reader locks but the writer does not: the finding goes on the unprotected write.
#include <mutex>
#include <thread>

std::mutex m;
int temperature = 0;

void sensor() {
  for (int i = 0; i < 50; ++i)
    temperature = i;  // expect: race-shared-global
}

int display() {
  std::lock_guard<std::mutex> lock(m);
  return temperature;  // no finding: locked; the unprotected write is the primary side
}

int main() {
  std::thread s(sensor);
  std::thread d(display);
  s.join();
  d.join();
  return 0;
}
