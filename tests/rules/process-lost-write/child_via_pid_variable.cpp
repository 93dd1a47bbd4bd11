// pid_t p = fork(); if (p == 0): the child writes through a helper.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

std::vector<int> results;

void compute(int n) {
  results.push_back(n * n);  // expect: process-lost-write
}

int main() {
  pid_t p = fork();
  if (p == 0) {
    compute(7);
    _exit(0);
  }
  waitpid(p, nullptr, 0);
  std::printf("%zu\n", results.size());
}
