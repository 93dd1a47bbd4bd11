// Two threads only read the object's configuration: reads do not race.
#include <iostream>
#include <thread>

class Config {
public:
  int limit() const { return limit_; }
  const char *name() const { return name_; }

private:
  int limit_ = 8;
  const char *name_ = "cfg";
};

class App {
public:
  void run() {
    std::thread t([this] { std::cout << config_.limit() << "\n"; });
    std::cout << config_.name() << "\n";
    t.join();
  }

private:
  Config config_;
};

int main() {
  App a;
  a.run();
}
