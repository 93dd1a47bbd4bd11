// promise::set_value synchronises with future::get: the port written before set_value is read by main after get(), while the thread goes on serving.
#include <cstdio>
#include <functional>
#include <future>
#include <thread>

long listen_port = 0;
int requests_served = 0;

void server(std::promise<void> &ready) {
  listen_port = 8080;  // no finding: main reads it only after get() returned
  ready.set_value();
  for (int i = 0; i < 100; i++)
    ++requests_served;  // no finding: main reads it only after the join
}

int main() {
  std::promise<void> ready;
  std::future<void> started = ready.get_future();
  std::thread t(server, std::ref(ready));
  started.get();
  std::printf("listening on %ld\n", listen_port);  // no finding: after get(), which set_value() synchronises with
  t.join();
  std::printf("%d requests\n", requests_served);  // no finding: after the join
  return 0;
}
