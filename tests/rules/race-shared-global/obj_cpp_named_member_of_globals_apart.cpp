// The race-free twin of obj_cpp_named_member_of_global_race.cpp: each thread updates the
// Stats member of its own server.
#include <iostream>
#include <thread>

class Stats {
public:
  void hit() { hits_ += 1; }  // no finding: alpha.stats and beta.stats are two objects
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

void serve_beta() {
  for (int i = 0; i < 1000; ++i)
    beta.stats.hit();
}

int main() {
  std::thread a(serve_alpha);
  std::thread b(serve_beta);
  a.join();
  b.join();
  std::cout << alpha.stats.hits() + beta.stats.hits() << "\n";
}
