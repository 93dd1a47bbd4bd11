// More independent loops that reach shared objects: a std::array field written element by
// element, an explicit this->, a max-reduction into a field, callees handed a non-const
// reference or pointer they only read, output pointers of another element type than the
// inputs, a lambda declared outside the loop that only reads its captures. Rewritten; the
// rewritten program prints the same and runs clean under ThreadSanitizer (run_fixed).
#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 2500; ++k) s += (x * 5 + k) % 11;
  return s;
}

// Non-const parameters by omission: read only.
long score_text(std::string &text, long x) { return heavy(x) + static_cast<long>(text.size()); }
long peek(long *table, long x) { return heavy(x + table[0]); }

class Stats {
public:
  void compute() {
    for (std::size_t i = 0; i < buckets_.size(); ++i)  // expect-fixed: loop-parallelizable
      buckets_[i] = heavy(static_cast<long>(i));
  }
  void explicit_this() {
    for (long s : seeds_)  // expect-fixed: loop-parallelizable
      this->found_.push_back(heavy(s));
  }
  long peak() {
    for (std::size_t i = 0; i < seeds_.size(); ++i)  // expect-fixed: loop-parallelizable
      peak_ = std::max(peak_, heavy(seeds_[i]));
    return peak_;
  }
  long checksum() const {
    long s = peak_;
    for (long b : buckets_) s += b;
    for (long f : found_) s += f;
    return s;
  }

private:
  std::array<long, 8> buckets_{};
  std::vector<long> seeds_{3, 1, 4, 1, 5, 9, 2, 6};
  std::vector<long> found_;
  long peak_ = 0;
};

void texts(std::vector<long> &out, std::string &label) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = score_text(label, static_cast<long>(i));
}

void peeks(std::vector<long> &out) {
  std::vector<long> table(4, 2);
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = peek(table.data(), static_cast<long>(i));
}

void sums_of(std::vector<long> &out, std::vector<int> &counts) {
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(std::accumulate(counts.begin(), counts.end(), 0L) + static_cast<long>(i));
}

void widen(long *out, const int *in, int n) {
  for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    out[i] = heavy(in[i]);
}

void reads_captures(std::vector<long> &out, const std::vector<long> &weights) {
  long bias = 7;
  auto weigh = [&](std::size_t i) { return heavy(weights[i % weights.size()]) + bias; };
  for (std::size_t i = 0; i < out.size(); ++i)  // expect-fixed: loop-parallelizable
    out[i] = weigh(i);
}

int main() {
  Stats s;
  s.compute();
  s.explicit_this();
  long p = s.peak();
  std::vector<long> a(6), b(6), c(5), d(6), e(4);
  std::vector<int> counts{1, 2, 3};
  sums_of(e, counts);
  std::string label = "label";
  texts(a, label);
  peeks(b);
  int ins[5] = {5, 4, 3, 2, 1};
  widen(c.data(), ins, 5);
  std::vector<long> weights{2, 7, 1, 8};
  reads_captures(d, weights);
  long total = s.checksum() + p;
  for (long v : a) total += v;
  for (long v : b) total += v;
  for (long v : c) total += v;
  for (long v : d) total += v;
  for (long v : e) total += v;
  std::printf("%ld\n", total);
  return 0;
}
