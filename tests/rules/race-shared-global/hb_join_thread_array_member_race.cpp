// Twin of hb_join_thread_array_member.cpp: the hit count is printed between start() and stop(), without the lock the workers take.
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
      ++hits;  // no finding: under hits_mutex; main's unlocked read is the primary side
    }
  }
  std::thread workers_[3];
};

int main() {
  Crawler crawler;
  crawler.start();
  std::printf("%ld hits\n", hits);  // expect: race-shared-global
  crawler.stop();
  return 0;
}
