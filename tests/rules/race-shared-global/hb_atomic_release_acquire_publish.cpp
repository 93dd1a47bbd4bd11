// Publish then flag: the decoder writes the frame size, then stores the flag with release; the renderer spins on an acquire load of the flag before reading the size.
#include <atomic>
#include <cstdio>
#include <thread>

long frame_bytes = 0;
std::atomic<bool> frame_ready{false};
long rendered = 0;

void decoder() {
  frame_bytes = 1920 * 1080 * 4;  // no finding: published by the release store below
  frame_ready.store(true, std::memory_order_release);
}

void renderer() {
  while (!frame_ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  rendered = frame_bytes;  // no finding: the acquire load saw the release store, so the decoder's write happens before
}

int main() {
  std::thread r(renderer);
  std::thread d(decoder);
  d.join();
  r.join();
  std::printf("%ld\n", rendered);  // no finding: after the joins
  return 0;
}
