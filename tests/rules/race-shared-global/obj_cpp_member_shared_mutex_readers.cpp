// Readers take a shared_lock, the writer a unique_lock on the same shared_mutex member.
#include <iostream>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

class Registry {
public:
  void add(const std::string &k, int v) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    map_[k] = v;
  }
  int find(const std::string &k) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = map_.find(k);
    return it == map_.end() ? -1 : it->second;
  }
  void run() {
    std::thread reader([this] {
      for (int i = 0; i < 100; ++i)
        find("a");
    });
    std::thread writer([this] {
      for (int i = 0; i < 100; ++i)
        add("a", i);
    });
    reader.join();
    writer.join();
  }

private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, int> map_;
};

int main() {
  Registry r;
  r.run();
  std::cout << r.find("a") << "\n";
}
