// The child writes only its locals and sends the result through a pipe.
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int main() {
  int fds[2];
  if (pipe(fds) != 0)
    return 1;
  if (fork() == 0) {
    int result = 6 * 7;  // no finding: a local, sent to the parent
    (void)!write(fds[1], &result, sizeof result);
    _exit(0);
  }
  int got = 0;
  (void)!read(fds[0], &got, sizeof got);
  wait(nullptr);
  std::printf("%d\n", got);
}
