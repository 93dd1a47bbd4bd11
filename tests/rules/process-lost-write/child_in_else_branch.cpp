// if (pid > 0) {parent} else {child}.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

long counter = 0;

int main() {
  pid_t pid = fork();
  if (pid > 0) {
    waitpid(pid, nullptr, 0);
  } else {
    counter += 1;  // expect: process-lost-write
    _exit(0);
  }
  std::printf("%ld\n", counter);
}
