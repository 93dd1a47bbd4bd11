// Index loops (`for (T i = a; i < b; ++i)`) whose iterations write only their own element:
// rewritten onto concur::for_each_index, the body kept as written.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 2000; ++k) s += (x * k) % 7;
  return s;
}

long slow_square(long x) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return x * x;
}

long grid_cell(int r, int c) { return heavy(r * 10 + c); }

struct Job {
  long input = 0;
  long result = 0;
};

class Table {
public:
  explicit Table(int n) : scale_(3), cells_(n) {}
  void fill() {
    for (int i = 0; i < static_cast<int>(cells_.size()); ++i)  // expect-fixed: loop-parallelizable
      cells_[i] = heavy(i) * scale_;
  }
  long sum() const {
    long s = 0;
    for (long c : cells_) s += c;
    return s;
  }
  std::vector<long> scaled(int n) const {
    std::vector<long> out(n);
    for (int i = 0; i < n; ++i) {  // expect-fixed: loop-parallelizable
      long base = heavy(i);
      out[i] = base * scale_;  // reads a field: fine
    }
    return out;
  }

private:
  int scale_;
  std::vector<long> cells_;
};

int main() {
  const int n = 12;
  std::vector<long> in(n), out(n), twice(n), odd(n);
  for (int i = 0; i < n; ++i) in[i] = i + 1;  // cheap: not reported

  for (int i = 0; i < n; ++i) {  // expect-fixed: loop-parallelizable
    out[i] = slow_square(in[i]);
  }

  for (int i = 0; i != n; i++) {  // expect-fixed: loop-parallelizable
    long h = heavy(in[i]);
    out[i] += h;
    twice[i] = 2 * h;
  }

  long arr[8] = {};
  for (int i = 0; i < 8; i += 1)  // expect-fixed: loop-parallelizable
    arr[i] = heavy(i);

  for (int i = 0; i < n; ++i) {  // expect-fixed: loop-parallelizable
    if (in[i] % 2 == 0) {
      odd[i] = -1;
      continue;
    }
    odd[i] = heavy(in[i]);
  }

  long count = n;
  std::vector<long> wide(n);
  for (long i = 0; i < count; ++i)  // expect-fixed: loop-parallelizable
    wide[i] = heavy(i) + slow_square(i);

  std::array<std::string, 5> labels;
  for (std::size_t i = 0; i < labels.size(); ++i)  // expect-fixed: loop-parallelizable
    labels[i] = "label-" + std::to_string(heavy(static_cast<long>(i)));

  auto work = [](long x) {
    long s = 0;
    for (long k = 0; k < 5000; ++k) s += x ^ k;
    return s;
  };
  std::vector<long> viaLambda(n);
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    viaLambda[i] = work(i);

  std::vector<std::vector<long>> grid(4, std::vector<long>(5));
  for (int r = 0; r < 4; ++r)  // expect-fixed: loop-parallelizable
    for (int c = 0; c < 5; ++c)  // writes grid's rows other than its own: the outer loop is reported
      grid[r][c] = grid_cell(r, c);

  std::vector<Job> jobs(6);
  for (unsigned i = 0; i < jobs.size(); ++i)  // expect-fixed: loop-parallelizable
    jobs[i].result = heavy(jobs[i].input + i);

  Table t(5);
  t.fill();
  std::vector<long> scaled = t.scaled(5);

  long sum = 0;
  for (int i = 0; i < n; ++i) sum += out[i] + twice[i] + odd[i] + wide[i] + viaLambda[i];
  for (long a : arr) sum += a;
  for (const auto& row : grid)
    for (long v : row) sum += v;
  for (const Job& j : jobs) sum += j.result;
  for (long v : scaled) sum += v;
  std::printf("%ld %ld %s %s\n", sum, t.sum(), labels[0].c_str(), labels[4].c_str());
}
