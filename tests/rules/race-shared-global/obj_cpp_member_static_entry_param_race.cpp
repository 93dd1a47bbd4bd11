// A static member function takes the object as a parameter; the thread is given `this`.
#include <iostream>
#include <thread>

class Pump {
public:
  void run() {
    std::thread t(&Pump::entry, this);
    for (int i = 0; i < 100; ++i)
      pumped_ += 1;  // expect: race-shared-global
    t.join();
  }
  int pumped() const { return pumped_; }

private:
  static void entry(Pump *self) {
    for (int i = 0; i < 100; ++i)
      self->pumped_ += 1;
  }
  int pumped_ = 0;
};

int main() {
  Pump p;
  p.run();
  std::cout << p.pumped() << "\n";
}
