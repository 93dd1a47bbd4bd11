// Workers count a std::latch down after writing their results; main's latch.wait() orders those writes before its reads, while the threads are still to be joined.
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
  checksum = 0x5eed;  // no finding: main reads it after finished.wait()
  finished.count_down();
}

int main() {
  std::thread a(compress);
  std::thread b(hash);
  finished.wait();
  std::printf("%ld bytes, checksum %lx\n", compressed_bytes, checksum);  // no finding: after the latch reached zero
  a.join();
  b.join();
  return 0;
}
