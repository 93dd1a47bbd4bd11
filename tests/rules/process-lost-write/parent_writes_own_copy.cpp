// The parent's own writes are no lost writes.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int count = 0;

int main() {
  pid_t p = fork();
  if (p != 0) {
    count = 10;  // no finding: the parent writes its own memory
    waitpid(p, nullptr, 0);
    std::printf("%d\n", count);
  } else {
    _exit(0);
  }
}
