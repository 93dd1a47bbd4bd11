// The map is filled by the constructor; afterwards two threads only look it up (const calls).
#include <iostream>
#include <map>
#include <string>
#include <thread>

class Table {
public:
  Table() {
    codes_["ok"] = 200;
    codes_["missing"] = 404;
  }
  void run() {
    int a = 0, b = 0;
    std::thread t([this, &a] { a = lookup("ok"); });
    b = lookup("missing");
    t.join();
    std::cout << a + b << "\n";
  }

private:
  int lookup(const std::string &k) const {
    auto it = codes_.find(k);
    return it == codes_.end() ? 0 : it->second;
  }
  std::map<std::string, int> codes_;
};

int main() {
  Table t;
  t.run();
}
