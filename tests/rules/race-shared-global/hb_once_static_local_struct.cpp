// A function-local static struct initialised from a loader: the initialisation runs once and the callers read it after it, so sharing the getter is safe.
#include <cstdio>
#include <thread>

struct Limits {
  long max_connections;
  long max_body;
};

static Limits load_limits() { return Limits{256, 1 << 20}; }

const Limits &limits() {
  static Limits current = load_limits();  // no finding: the initialisation of a function-local static is thread-safe
  return current;
}

long accepted = 0;
long body_cap = 0;

void acceptor() { accepted = limits().max_connections; }  // no finding: only this thread writes accepted before the join
void parser() { body_cap = limits().max_body; }  // no finding: only this thread writes body_cap before the join

int main() {
  std::thread a(acceptor);
  std::thread b(parser);
  a.join();
  b.join();
  std::printf("%ld %ld\n", accepted, body_cap);  // no finding: after the joins
  return 0;
}
