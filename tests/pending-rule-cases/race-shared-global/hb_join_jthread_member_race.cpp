// Twin of hb_join_jthread_member.cpp: the read is inside the owner's scope, before its destructor joins the jthread.
#include <cstdio>
#include <thread>

int bytes_flushed = 0;

struct Flusher {
  std::jthread thread{[] {
    for (int i = 0; i < 8; i++)
      bytes_flushed += 512;  // expect: race-shared-global
  }};
};

int main() {
  {
    Flusher flusher;
    std::printf("%d bytes\n", bytes_flushed);  // no finding: racy read, but the finding goes on the write
  }
  return 0;
}
