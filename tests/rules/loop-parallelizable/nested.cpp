// Nested loops, loops in member functions and lambdas: the loop whose iterations are
// independent is the one reported, inner or outer.
#include <cstdio>
#include <numeric>
#include <vector>

using Matrix = std::vector<std::vector<long>>;

long dot(const Matrix& a, const Matrix& b, std::size_t i, std::size_t j) {
  long s = 0;
  for (std::size_t k = 0; k < b.size(); ++k) s += a[i][k] * b[k][j];
  return s;
}

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 1500; ++k) s += (x * 3 + k) % 17;
  return s;
}

long row_sum(const std::vector<long>& row) {
  long s = 0;
  for (long v : row) s += heavy(v);  // expect-fixed: loop-parallelizable
  return s;
}

class Scorer {
public:
  explicit Scorer(long bias) : bias_(bias) {}
  long score(long x) const {
    long s = bias_;
    for (long k = 0; k < 2000; ++k) s += (x ^ k) % 5;
    return s;
  }
  std::vector<long> all(int n) const {
    std::vector<long> out(n);
    for (int i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
      out[i] = score(i);
    return out;
  }

private:
  long bias_;
};

int main() {
  const std::size_t n = 5;
  Matrix a(n, std::vector<long>(n)), b(n, std::vector<long>(n)), c(n, std::vector<long>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      a[i][j] = static_cast<long>(i + j);
      b[i][j] = static_cast<long>(i * j + 1);
    }

  for (std::size_t i = 0; i < n; ++i)  // expect-fixed: loop-parallelizable
    for (std::size_t j = 0; j < n; ++j)
      c[i][j] = dot(a, b, i, j);

  long total = 0;
  std::vector<long> row(6);
  for (int r = 0; r < 3; ++r) {  // writes row, shared by every r: not reported
    for (int col = 0; col < 6; ++col)  // expect-fixed: loop-parallelizable
      row[col] = heavy(r * 6 + col);
    total += row[0] + row[5];
  }

  std::vector<long> sums;
  for (const auto& line : c)  // expect-fixed: loop-parallelizable
    sums.push_back(row_sum(line));

  std::vector<long> fromLambda(7);
  auto fill = [&] {
    for (int i = 0; i < 7; ++i)  // expect-fixed: loop-parallelizable
      fromLambda[i] = heavy(i) - i;
  };
  fill();

  Scorer scorer(4);
  std::vector<long> scores = scorer.all(6);

  long check = total;
  for (const auto& r : c) check += std::accumulate(r.begin(), r.end(), 0L);
  for (long s : sums) check += s;
  for (long v : fromLambda) check += v;
  for (long v : scores) check += v;
  std::printf("%ld %ld %ld\n", check, c[n - 1][n - 1], sums.front());
}
