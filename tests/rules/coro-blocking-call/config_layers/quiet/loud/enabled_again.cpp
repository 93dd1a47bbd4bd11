// loud/ inherits quiet/ and enables the rule again.
#include "../../task.h"
Task enabled_again() {
  ::sleep(1);  // expect: coro-blocking-call
  co_return;
}
