// Twin of hb_atomic_seq_cst_flag.cpp: the flag is a volatile bool; volatile is not synchronisation, so both the flag and the key race.
#include <cstdio>
#include <thread>

long session_key = 0;
volatile bool key_ready = false;

void handshake() {
  session_key = 0x2a2a2a2a;  // expect: race-shared-global
  key_ready = true;  // expect: race-shared-global
}

void sender() {
  while (!key_ready)  // no finding: racy read, but the finding goes on the write
    std::this_thread::yield();
  std::printf("key %lx\n", session_key);  // no finding: racy read, but the finding goes on the write
}

int main() {
  std::thread s(sender);
  std::thread h(handshake);
  h.join();
  s.join();
  return 0;
}
