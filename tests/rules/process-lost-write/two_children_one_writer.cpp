// Two forks reaching the same write: one finding.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

std::vector<int> l;

void add(int n) {
  for (int i = 0; i < n; ++i)
    l.push_back(i);  // expect: process-lost-write
}

int main() {
  pid_t a = fork();
  if (a == 0) {
    add(3);
    _exit(0);
  }
  pid_t b = fork();
  if (b == 0) {
    add(5);
    _exit(0);
  }
  waitpid(a, nullptr, 0);
  waitpid(b, nullptr, 0);
  std::printf("%zu\n", l.size());
}
