// The same hand-off with the default seq_cst operations of std::atomic<bool> (plain assignment and conversion).
#include <atomic>
#include <cstdio>
#include <thread>

long session_key = 0;
std::atomic<bool> key_ready = false;

void handshake() {
  session_key = 0x2a2a2a2a;  // no finding: published by the seq_cst store below
  key_ready = true;
}

void sender() {
  while (!key_ready)
    std::this_thread::yield();
  std::printf("key %lx\n", session_key);  // no finding: the seq_cst load saw the store, so the write happens before
}

int main() {
  std::thread s(sender);
  std::thread h(handshake);
  h.join();
  s.join();
  return 0;
}
