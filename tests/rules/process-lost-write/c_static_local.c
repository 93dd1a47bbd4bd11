// C: a function-local static written in the child and read by the parent.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int bump(int read_only) {
  static int calls = 0;
  if (!read_only)
    calls++;  // expect: process-lost-write
  return calls;
}

int main(void) {
  if (fork() == 0) {
    bump(0);
    _exit(0);
  }
  wait(NULL);
  printf("%d\n", bump(1));
  return 0;
}
