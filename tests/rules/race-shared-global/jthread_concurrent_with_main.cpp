// A std::jthread runs concurrently with the rest of its scope in the thread that started it.
#include <thread>

int status = 0;

int main() {
  {
    std::jthread t([] { status = 1; });  // expect: race-shared-global
    status = 2;  // no finding: the pair's other unprotected write; the earlier line is primary
  }
  return status == 0;  // no finding: after the jthread's scope ended (joined)
}
