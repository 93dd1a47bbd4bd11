// std::thread objects kept in a class's array member, started by start() and joined by stop(): main reads the hit count after stop() returns.
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex hits_mutex;
long hits = 0;

class Crawler {
 public:
  void start() {
    for (auto &t : workers_)
      t = std::thread(&Crawler::crawl, this);
  }
  void stop() {
    for (auto &t : workers_)
      t.join();
  }

 private:
  void crawl() {
    for (int i = 0; i < 100; i++) {
      std::lock_guard<std::mutex> lock(hits_mutex);
      ++hits;  // no finding: under hits_mutex
    }
  }
  std::thread workers_[3];
};

int main() {
  Crawler crawler;
  crawler.start();
  crawler.stop();
  std::printf("%ld hits\n", hits);  // no finding: stop() joined every element of workers_
  return 0;
}
