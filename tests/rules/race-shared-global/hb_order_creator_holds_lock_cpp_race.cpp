// Twin of hb_order_creator_holds_lock_cpp.cpp: main writes the shard count after unlocking `startup`.
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex startup;
long shard_count = 0;

void serve() {
  { std::lock_guard<std::mutex> wait_for_startup(startup); }
  std::printf("%ld shards\n", shard_count);  // no finding: racy read, but the finding goes on the write
}

int main() {
  std::unique_lock<std::mutex> lock(startup);
  std::thread server(serve);
  lock.unlock();
  shard_count = 16;  // expect: race-shared-global
  server.join();
  return 0;
}
