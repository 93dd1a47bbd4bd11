// No fix: the racing statement calls `next_label()`, which reads `labels` too. Guarding the
// statement and the helper's own access with one (non-recursive) mutex would lock it twice on
// the same thread, so no fix-it is offered.
#include <string>
#include <thread>
#include <vector>

std::vector<std::string> labels;

std::string next_label() {
  return "label-" + std::to_string(labels.size());  // the conflicting read of the finding below
}

void add_labels() {
  for (int i = 0; i < 100; ++i)
    labels.push_back(next_label());  // expect: race-shared-global
}

int main() {
  std::thread a(add_labels);
  std::thread b(add_labels);
  a.join();
  b.join();
  return labels.size() == 200 ? 0 : 1;  // no finding: after both joins
}
