// A write in the fork() == 0 branch, read by the parent.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int total = 0;

int main() {
  if (fork() == 0) {
    total = 42;  // expect: process-lost-write
    _exit(0);
  }
  wait(nullptr);
  std::printf("%d\n", total);
}
