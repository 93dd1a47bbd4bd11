// Two servers, each with its Stats member: the first server's stats are updated by both
// threads, the second's by one. One race, on `alpha.stats`.
#include <iostream>
#include <thread>

class Stats {
public:
  void hit() { hits_ += 1; }  // expect: race-shared-global
  long hits() const { return hits_; }

private:
  long hits_ = 0;
};

struct Server {
  Stats stats;
  int port = 0;
};

Server alpha, beta;

void serve_alpha() {
  for (int i = 0; i < 1000; ++i)
    alpha.stats.hit();
}

void serve_both() {
  for (int i = 0; i < 1000; ++i) {
    alpha.stats.hit();
    beta.stats.hit();
  }
}

int main() {
  std::thread a(serve_alpha);
  std::thread b(serve_both);
  a.join();
  b.join();
  std::cout << alpha.stats.hits() + beta.stats.hits() << "\n";
}
