#include "../task.h"
Task own_config() {
  ::sleep(1);  // expect: coro-blocking-call
  co_return;
}
