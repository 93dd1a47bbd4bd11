// The parent never reads what the child wrote: nothing lost that matters.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int scratch = 0;

int main() {
  if (fork() == 0) {
    scratch = 5;  // no finding: the parent does not read scratch
    std::printf("%d\n", scratch);
    _exit(0);
  }
  wait(nullptr);
}
