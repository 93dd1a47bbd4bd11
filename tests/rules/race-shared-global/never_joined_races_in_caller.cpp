// A thread the starting function never joins runs concurrently with its caller's code after the call.
#include <chrono>
#include <thread>

int mode = 0;

void background() { mode = 1; }  // expect: race-shared-global

void start_background() {
  mode = 3;  // no finding: before the thread starts
  std::thread(background).detach();
}

int main() {
  mode = 5;  // no finding: before start_background starts the thread
  start_background();
  mode = 2;  // no finding: the pair's other unprotected write; the earlier line (in background) is primary
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return 0;
}
