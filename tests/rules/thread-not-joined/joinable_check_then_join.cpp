#include <thread>

void work() {}
bool busy();

void run() {
  std::thread t;  // no finding: joined if started
  if (busy())
    t = std::thread(work);
  if (t.joinable())
    t.join();
}

void run_negated() {
  std::thread t;  // no finding
  if (busy())
    t = std::thread(work);
  if (!t.joinable())
    return;
  t.join();
}
