// Each thread and the main thread use objects of the same class, each its own: no object is
// shared, though the methods run on several threads.
#include <iostream>
#include <string>
#include <thread>

class Tokenizer {
public:
  explicit Tokenizer(std::string text) : text_(std::move(text)) {}
  int count() {
    tokens_ = 0;
    for (char c : text_)
      if (c == ' ')
        ++tokens_;
    return tokens_ + 1;
  }

private:
  std::string text_;
  int tokens_ = 0;
};

static void worker(int *out) {
  Tokenizer t("a b c");
  *out = t.count();
}

int main() {
  int counted = 0;
  std::thread th(worker, &counted);
  Tokenizer mine("d e");
  int here = mine.count();
  th.join();
  std::cout << counted + here << "\n";
}
