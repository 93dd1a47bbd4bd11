#include <thread>

void work() {}
bool config_missing();

int run() {
  std::thread worker(work);  // expect-fixed: thread-not-joined
  if (config_missing())
    return 1;  // worker is still joinable here
  worker.join();
  return 0;
}
