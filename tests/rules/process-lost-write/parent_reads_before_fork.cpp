// The parent's read comes before the fork.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int value = 1;

int main() {
  std::printf("%d\n", value);  // no finding: read before the fork
  if (fork() == 0) {
    value = 2;  // no finding: the parent never reads it afterwards
    _exit(0);
  }
  wait(nullptr);
}
