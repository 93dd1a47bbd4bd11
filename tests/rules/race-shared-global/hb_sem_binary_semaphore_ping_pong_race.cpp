// Twin of hb_sem_binary_semaphore_ping_pong.cpp: main reads the reply before acquiring reply_ready.
#include <cstdio>
#include <semaphore>
#include <thread>

std::binary_semaphore request_ready{0};
std::binary_semaphore reply_ready{0};
long request = 0;
long reply = 0;

void service() {
  request_ready.acquire();
  reply = request * 2;  // expect: race-shared-global
  reply_ready.release();
}

int main() {
  std::thread t(service);
  request = 21;  // no finding: written before request_ready.release()
  request_ready.release();
  std::printf("reply %ld\n", reply);  // no finding: racy read, but the finding goes on the write
  reply_ready.acquire();
  t.join();
  return 0;
}
