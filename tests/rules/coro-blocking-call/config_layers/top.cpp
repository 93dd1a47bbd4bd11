// No configuration above this directory: the rule runs with its defaults.
#include "task.h"
Task top() {
  ::sleep(1);  // expect: coro-blocking-call
  co_return;
}
int main() {}
