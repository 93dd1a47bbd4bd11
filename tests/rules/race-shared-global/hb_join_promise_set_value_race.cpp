// Twin of hb_join_promise_set_value.cpp: the port is written after set_value, so main's read after get() is not ordered with it.
#include <cstdio>
#include <functional>
#include <future>
#include <thread>

long listen_port = 0;
int requests_served = 0;

void server(std::promise<void> &ready) {
  ready.set_value();
  listen_port = 8080;  // expect: race-shared-global
  for (int i = 0; i < 100; i++)
    ++requests_served;  // no finding: main reads it only after the join
}

int main() {
  std::promise<void> ready;
  std::future<void> started = ready.get_future();
  std::thread t(server, std::ref(ready));
  started.get();
  std::printf("listening on %ld\n", listen_port);  // no finding: racy read, but the finding goes on the write
  t.join();
  std::printf("%d requests\n", requests_served);  // no finding: after the join
  return 0;
}
