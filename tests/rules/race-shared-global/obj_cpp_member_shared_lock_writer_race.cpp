// The twin of obj_cpp_member_shared_mutex_readers.cpp: the writers take only a shared lock.
#include <iostream>
#include <map>
#include <shared_mutex>
#include <string>
#include <thread>

class Registry {
public:
  void add(const std::string &k, int v) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    map_[k] = v;  // expect: race-shared-global
  }
  int find(const std::string &k) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = map_.find(k);
    return it == map_.end() ? -1 : it->second;
  }
  void run() {
    std::thread reader([this] {
      for (int i = 0; i < 100; ++i)
        if (find("a") < 0)
          add("b", i);
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
