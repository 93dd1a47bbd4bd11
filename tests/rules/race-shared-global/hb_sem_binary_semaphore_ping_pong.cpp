// A request/reply exchange over two std::binary_semaphore: each side writes its message before release() and the other reads it after acquire().
#include <cstdio>
#include <semaphore>
#include <thread>

std::binary_semaphore request_ready{0};
std::binary_semaphore reply_ready{0};
long request = 0;
long reply = 0;

void service() {
  request_ready.acquire();
  reply = request * 2;  // no finding: request was written before release(); main reads reply after its acquire()
  reply_ready.release();
}

int main() {
  std::thread t(service);
  request = 21;  // no finding: written before request_ready.release()
  request_ready.release();
  reply_ready.acquire();
  std::printf("reply %ld\n", reply);  // no finding: after reply_ready.acquire()
  t.join();
  return 0;
}
