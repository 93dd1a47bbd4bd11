// Twin of hb_barrier_latch_done.cpp: main prints the checksum before finished.wait(), while hash() may still write it.
#include <cstdio>
#include <latch>
#include <thread>

std::latch finished(2);
long compressed_bytes = 0;
long checksum = 0;

void compress() {
  compressed_bytes = 4096;  // no finding: main reads it after finished.wait()
  finished.count_down();
}

void hash() {
  checksum = 0x5eed;  // expect: race-shared-global
  finished.count_down();
}

int main() {
  std::thread a(compress);
  std::thread b(hash);
  std::printf("checksum %lx\n", checksum);  // no finding: racy read, but the finding goes on the write
  finished.wait();
  std::printf("%ld bytes\n", compressed_bytes);  // no finding: after the latch reached zero
  a.join();
  b.join();
  return 0;
}
