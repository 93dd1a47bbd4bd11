// Twin of hb_atomic_release_acquire_publish.cpp: the flag is stored with memory_order_relaxed, which does not publish the write before it.
#include <atomic>
#include <cstdio>
#include <thread>

long frame_bytes = 0;
std::atomic<bool> frame_ready{false};
long rendered = 0;

void decoder() {
  frame_bytes = 1920 * 1080 * 4;  // expect: race-shared-global
  frame_ready.store(true, std::memory_order_relaxed);
}

void renderer() {
  while (!frame_ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  rendered = frame_bytes;  // no finding: racy read, but the finding goes on the write
}

int main() {
  std::thread r(renderer);
  std::thread d(decoder);
  d.join();
  r.join();
  std::printf("%ld\n", rendered);  // no finding: after the joins
  return 0;
}
