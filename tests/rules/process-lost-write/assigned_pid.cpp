// pid assigned (not initialised) from fork().
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int status_code = 0;

int main() {
  pid_t pid;
  pid = fork();
  if (pid == 0) {
    status_code = 3;  // expect: process-lost-write
    _exit(0);
  }
  waitpid(pid, nullptr, 0);
  return status_code;
}
