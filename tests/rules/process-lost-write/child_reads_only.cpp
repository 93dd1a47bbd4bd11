// The child only reads globals.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int config = 7;

int main() {
  if (fork() == 0) {
    std::printf("%d\n", config);  // no finding: reading is fine
    _exit(0);
  }
  wait(nullptr);
  return config;
}
