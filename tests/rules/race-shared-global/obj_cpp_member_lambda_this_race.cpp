// A method starts a thread on a lambda capturing `this`; both update the same member.
#include <iostream>
#include <thread>

class Server {
public:
  void serve() {
    std::thread helper([this] {
      for (int i = 0; i < 500; ++i)
        handled_ += 1;  // expect: race-shared-global
    });
    for (int i = 0; i < 500; ++i)
      handled_ += 1;
    helper.join();
  }
  int handled() const { return handled_; }

private:
  int handled_ = 0;
};

int main() {
  Server s;
  s.serve();
  std::cout << s.handled() << "\n";
}
