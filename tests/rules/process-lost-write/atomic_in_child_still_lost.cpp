// Even an atomic global is per process.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <atomic>
std::atomic<int> hits{0};
int plain_hits = 0;

int main() {
  if (fork() == 0) {
    hits++;  // no finding: atomics are not tracked as data (see docs: known limits)
    plain_hits++;  // expect: process-lost-write
    _exit(0);
  }
  wait(nullptr);
  std::printf("%d %d\n", hits.load(), plain_hits);
}
