// A thread base class runs the virtual run() of its subclass; the subclass's field is read by
// the owner while it runs.
#include <iostream>
#include <thread>

class Thread {
public:
  virtual ~Thread() = default;
  void start() { thread_ = std::thread(&Thread::entry, this); }
  void join() { thread_.join(); }

protected:
  virtual void run() = 0;

private:
  void entry() { run(); }
  std::thread thread_;
};

class Downloader : public Thread {
public:
  int files() const { return files_; }

protected:
  void run() override {
    for (int i = 0; i < 1000; ++i)
      files_++;  // expect: race-shared-global
  }

private:
  int files_ = 0;
};

int main() {
  Downloader d;
  d.start();
  std::cout << d.files() << "\n";
  d.join();
}
