// std::jthread started from a function-pointer variable: it joins at scope end, but main reads the
// global inside the scope while the thread is still writing it.
#include <thread>

int readings = 0;

static void poll_sensors() {
  for (int i = 0; i < 100; ++i)
    readings = i;  // expect: race-shared-global
}

int main() {
  int last = 0;
  {
    void (*entry)() = poll_sensors;
    std::jthread poller(entry);
    last = readings;  // no finding: the read of the pair; the poller's write is primary
  }
  return last > readings;  // no finding: after the jthread was joined at scope end
}
