// Loops that are independent although they use what the function shares: fields of `*this`
// written element by element, reference and pointer parameters written at the iteration's own
// index, callees that take a pointer or reference to non-const but only read through it (their
// summaries say so), a lambda that only reads what it captured. Reported and rewritten; the
// rewritten program prints the same and runs clean under ThreadSanitizer (run_fixed).
#include <cstdio>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 3000; ++k) s += (x * k + 1) % 7;
  return s;
}

// Non-const by omission: only reads.
long weigh(std::vector<int> &table, long x) { return heavy(x) + table[0]; }
long sum_of(int *p, int n) {
  long s = 0;
  for (int k = 0; k < n; ++k)  // expect-fixed: loop-parallelizable
    s += heavy(p[k]);
  return s;
}
void compute_into(long &slot, long x) { slot = heavy(x); }

class Grid {
public:
  explicit Grid(int n) : seeds_(static_cast<std::size_t>(n)), cells_(static_cast<std::size_t>(n)),
                         results_(static_cast<std::size_t>(n)) {
    for (int i = 0; i < n; ++i) seeds_[static_cast<std::size_t>(i)] = i + 1;
  }
  void fill() {
    for (std::size_t i = 0; i < cells_.size(); ++i)  // expect-fixed: loop-parallelizable
      cells_[i] = heavy(static_cast<long>(i)) * scale_;
  }
  void run() {
    for (std::size_t i = 0; i < seeds_.size(); ++i)  // expect-fixed: loop-parallelizable
      results_[i] = heavy(seeds_[i]);
  }
  void score_all() {
    for (std::size_t i = 0; i < results_.size(); ++i)  // expect-fixed: loop-parallelizable
      results_[i] = score(static_cast<long>(i));
  }
  void shift_all() {
    for (std::size_t i = 0; i < cells_.size(); ++i)  // expect-fixed: loop-parallelizable
      cells_[i] = shifted(static_cast<long>(i));
  }
  long total() {
    for (std::size_t i = 0; i < seeds_.size(); ++i)  // expect-fixed: loop-parallelizable
      total_ += heavy(seeds_[i]);
    return total_;
  }
  void collect() {
    for (long s : seeds_)  // expect-fixed: loop-parallelizable
      kept_.push_back(heavy(s));
  }
  long checksum() const {
    long s = 0;
    for (long c : cells_) s += c;
    for (long r : results_) s += r;
    for (long k : kept_) s += k;
    return s + total_;
  }

private:
  long score(long x) const { return heavy(x) + scale_; }
  long shifted(long x) { return heavy(x + base_); }  // non-const, and only reads
  std::vector<long> seeds_, cells_, results_, kept_;
  long scale_ = 3, base_ = 5, total_ = 0;
};

void fill(std::vector<long> &out, const std::vector<long> &seeds) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(seeds[i]);
}

void weigh_all(std::vector<long> &out, std::vector<int> &table) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = weigh(table, static_cast<long>(i));
}

void scale(long *__restrict out, const long *__restrict in, int n) {
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(in[i]) * 2;
}

void from_local(long *out, int n) {
  std::vector<long> in(static_cast<std::size_t>(n), 4);
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(in[static_cast<std::size_t>(i)] + i);
}

void sums(std::vector<long> &out, int *table, int n) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = sum_of(table, n) + static_cast<long>(i);
}

void into_slots(std::vector<long> &out) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    compute_into(out[i], static_cast<long>(i));
}

void with_lambda(std::vector<long> &out, long factor) {
  auto weight = [&](long x) { return heavy(x) * factor; };
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = weight(static_cast<long>(i));
}

int main() {
  Grid g(12);
  g.fill();
  g.run();
  g.score_all();
  g.shift_all();
  long t = g.total();
  g.collect();
  std::vector<long> out(12), seeds(12, 7), weighed(12);
  std::vector<int> table(4, 2);
  fill(out, seeds);
  weigh_all(weighed, table);
  long a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8] = {};
  scale(b, a, 8);
  long c[8] = {};
  from_local(c, 8);
  std::vector<long> summed(6), slots(6), lam(6);
  int ia[4] = {4, 3, 2, 1};
  sums(summed, ia, 4);
  into_slots(slots);
  with_lambda(lam, 3);
  long s = g.checksum() + t;
  for (long v : out) s += v;
  for (long v : weighed) s += v;
  for (long v : b) s += v;
  for (long v : c) s += v;
  for (long v : summed) s += v;
  for (long v : slots) s += v;
  for (long v : lam) s += v;
  std::printf("%ld\n", s);
  return 0;
}
