// operator[] on a std::map member inserts: two threads counting words race on the map.
#include <iostream>
#include <map>
#include <string>
#include <thread>

class WordCount {
public:
  void run() {
    std::thread t([this] { add("a b a"); });
    add("b c");
    t.join();
  }
  size_t distinct() const { return counts_.size(); }

private:
  void add(const std::string &text) {
    for (char c : text)
      if (c != ' ')
        counts_[std::string(1, c)]++;  // expect: race-shared-global
  }
  std::map<std::string, int> counts_;
};

int main() {
  WordCount w;
  w.run();
  std::cout << w.distinct() << "\n";
}
