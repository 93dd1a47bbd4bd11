// if (!fork()) is the child.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int flag = 0;

int main() {
  if (!fork()) {
    flag = 1;  // expect: process-lost-write
    _exit(0);
  }
  wait(nullptr);
  return flag;
}
