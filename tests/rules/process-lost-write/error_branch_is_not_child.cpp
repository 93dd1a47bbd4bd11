// fork() < 0 is the error branch, still the parent.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int failures = 0;

int main() {
  pid_t p = fork();
  if (p < 0) {
    failures++;  // no finding: fork failed, this is the parent
  }
  if (p == 0)
    _exit(0);
  waitpid(p, nullptr, 0);
  return failures;
}
