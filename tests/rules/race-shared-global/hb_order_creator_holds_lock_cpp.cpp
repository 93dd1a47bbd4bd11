// main starts the server thread while it holds `startup`; the thread's first act is to take `startup`, so its read of the shard count follows main's unlock.
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex startup;
long shard_count = 0;

void serve() {
  { std::lock_guard<std::mutex> wait_for_startup(startup); }
  std::printf("%ld shards\n", shard_count);  // no finding: after taking startup, which main released after its write
}

int main() {
  std::unique_lock<std::mutex> lock(startup);
  std::thread server(serve);
  shard_count = 16;  // no finding: main holds startup, which the server takes before its read
  lock.unlock();
  server.join();
  return 0;
}
