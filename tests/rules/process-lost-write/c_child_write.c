// C: a global written by the child.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int answer = 0;

int main(void) {
  pid_t p = fork();
  if (p == 0) {
    answer = 42;  // expect: process-lost-write
    _exit(0);
  }
  waitpid(p, NULL, 0);
  printf("%d\n", answer);
  return 0;
}
