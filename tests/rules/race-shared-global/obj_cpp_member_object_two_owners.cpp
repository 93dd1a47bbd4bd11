// Two classes each hold a Stats of their own: the worker's thread counts in the Frontend's, a
// shared Backend counts in its own under its mutex. One class, two objects: no race.
#include <iostream>
#include <mutex>
#include <thread>

class Stats {
public:
  void hit() { hits_++; }  // no finding: each owner's Stats is its own object
  int hits() const { return hits_; }

private:
  int hits_ = 0;
};

class Frontend {
public:
  void start() { thread_ = std::thread([this] { for (int i = 0; i < 500; ++i) stats_.hit(); }); }
  void stop() { thread_.join(); }
  int hits() const { return stats_.hits(); }

private:
  Stats stats_;
  std::thread thread_;
};

class Backend {
public:
  void request() {
    std::lock_guard<std::mutex> guard(lock_);
    stats_.hit();
  }
  int hits() {
    std::lock_guard<std::mutex> guard(lock_);
    return stats_.hits();
  }

private:
  std::mutex lock_;
  Stats stats_;
};

int main() {
  Frontend f;
  Backend b;
  f.start();
  std::thread other([&b] { b.request(); });
  b.request();
  other.join();
  f.stop();
  std::cout << f.hits() + b.hits() << "\n";
}
