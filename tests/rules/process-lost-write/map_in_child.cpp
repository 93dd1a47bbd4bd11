// A std::map written in the child, its size read by the parent.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

std::map<std::string, int> seen;

int main() {
  if (fork() == 0) {
    seen["child"] = 1;  // expect: process-lost-write
    _exit(0);
  }
  wait(nullptr);
  std::printf("%zu\n", seen.size());
}
