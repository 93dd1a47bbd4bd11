// Range loops and push_back outputs: rewritten onto concur::map (results appended in the items'
// order) or the pool's for_each (elements changed in place).
#include <chrono>
#include <cstdio>
#include <list>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

std::string fetch(const std::string& key) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return "value-of-" + key;
}

int checksum(const std::string& text) {
  int s = 0;
  for (char c : text) s = (s * 31 + c) % 1000003;
  return s;
}

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 3000; ++k) s += (x + k) % 11;
  return s;
}

struct Point {
  long x, y;
};

Point transform(Point p) { return {heavy(p.x), heavy(p.y)}; }

int main() {
  std::vector<std::string> keys{"alpha", "beta", "gamma", "delta", "epsilon"};

  std::vector<std::string> values;
  for (const auto& key : keys)  // expect-fixed: loop-parallelizable
    values.push_back(fetch(key));

  std::vector<int> sums;
  for (const std::string& key : keys) {  // expect-fixed: loop-parallelizable
    std::string padded = "[" + key + "]";
    int c = checksum(padded);
    sums.push_back(c + static_cast<int>(heavy(c % 5)));
  }

  std::vector<std::pair<std::string, int>> pairs;
  for (auto key : keys) {  // expect-fixed: loop-parallelizable
    key += "!";
    pairs.emplace_back(std::make_pair(key, static_cast<int>(heavy(static_cast<long>(key.size())))));
  }

  std::vector<long> numbers{3, 1, 4, 1, 5, 9, 2, 6};
  for (auto& x : numbers)  // expect-fixed: loop-parallelizable
    x = heavy(x);

  std::vector<Point> points{{1, 2}, {3, 4}, {5, 6}};
  for (Point& p : points) {  // expect-fixed: loop-parallelizable
    p = transform(p);
  }

  std::list<long> linked{7, 8, 9};
  std::vector<long> fromList;
  for (long v : linked)  // expect-fixed: loop-parallelizable
    fromList.push_back(heavy(v));

  std::vector<std::string> squares;
  for (int i = 0; i < 6; ++i)  // expect-fixed: loop-parallelizable
    squares.push_back(std::to_string(heavy(i)));

  std::map<std::string, int> byKey{{"a", 1}, {"b", 2}, {"c", 3}};
  std::vector<long> mapped;
  for (const auto& [name, number] : byKey)  // expect-fixed: loop-parallelizable
    mapped.push_back(heavy(number) + static_cast<long>(name.size()));

  std::vector<std::string> checked;
  for (const auto& key : keys)  // the output is read in the body: not reported
    checked.push_back(fetch(key + std::to_string(checked.size())));

  std::vector<std::string> twoOutputs, other;
  for (const auto& key : keys) {  // two output containers: not reported
    twoOutputs.push_back(fetch(key));
    other.push_back(key);
  }

  std::vector<std::string> filtered;
  for (const auto& key : keys) {  // a conditional output: not reported
    if (key.size() > 4)
      filtered.push_back(fetch(key));
  }

  for (const auto& v : values) std::printf("%s\n", v.c_str());
  for (int s : sums) std::printf("%d ", s);
  for (const auto& [k, n] : pairs) std::printf("%s=%d ", k.c_str(), n);
  for (long x : numbers) std::printf("%ld ", x);
  for (const Point& p : points) std::printf("(%ld,%ld) ", p.x, p.y);
  for (long v : fromList) std::printf("%ld ", v);
  for (const auto& s : squares) std::printf("%s ", s.c_str());
  for (long v : mapped) std::printf("%ld ", v);
  std::printf("\n%zu %zu %zu %zu\n", checked.size(), twoOutputs.size(), other.size(), filtered.size());
}
