// A helper that starts and joins its thread before returning: the caller's later accesses are ordered.
#include <thread>

int value = 0;

void produce() { value = 10; }  // no finding: joined in run_producer before main reads

void run_producer() {
  std::thread t(produce);
  t.join();
}

int main() {
  run_producer();
  value += 1;  // no finding: after run_producer joined the thread
  return value == 11 ? 0 : 1;
}
