// Twin of hb_once_static_local_struct.cpp: the static is assigned in the getter's body on first use instead of initialised, so both threads may assign it at once.
#include <cstdio>
#include <thread>

struct Limits {
  long max_connections;
  long max_body;
};

static Limits load_limits() { return Limits{256, 1 << 20}; }

const Limits &limits() {
  static Limits current;
  if (current.max_connections == 0) current = load_limits();  // expect: race-shared-global
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
