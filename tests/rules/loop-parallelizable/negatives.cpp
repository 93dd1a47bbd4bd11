// Loops that must not be reported (and that --fix leaves untouched): a dependence between
// iterations, a shared write, a jump out of the body, a cheap body, an unknown callee, writes
// through pointers and references, shapes the rule does not read.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 1000; ++k) s += (x + k) % 7;
  return s;
}
long add_one(long x) { return x + 1; }
long external_work(long x);  // no body in any analysed file
long counter = 0;
std::vector<long> shared_results(8);
long count_and_work(long x) {
  ++counter;
  return heavy(x);
}

#define EACH(i, n) for (int i = 0; i < (n); ++i)

template <class T>
void templated(std::vector<T>& out) {
  for (std::size_t i = 0; i < out.size(); ++i)  // templates are not described
    out[i] = heavy(static_cast<long>(i));
}

struct Stats {
  long count_ = 0;
  void run(std::vector<long>& out) {
    for (std::size_t i = 0; i < out.size(); ++i) {  // writes a field
      out[i] = heavy(static_cast<long>(i));
      ++count_;
    }
  }
};

int negatives(std::vector<long>& in, std::vector<long>& out, std::mutex& m) {
  const int n = static_cast<int>(in.size());
  long total = 0, last = 0;

  for (int i = 1; i < n; ++i)  // carried: reads the previous element
    out[i] = out[i - 1] + heavy(in[i]);
  for (int i = 0; i < n; ++i)  // shared write: the last value wins
    last = heavy(in[i]);
  for (int i = 0; i < n; ++i) {  // shared write besides the element
    out[i] = heavy(in[i]);
    ++total;
  }
  for (int i = 0; i < n; ++i) {  // break: the iterations that run depend on the others
    if (heavy(in[i]) > 3)
      break;
    out[i] = 1;
  }
  for (int i = 0; i < n; ++i)  // return
    if (heavy(in[i]) == 42)
      return i;
  for (int i = 0; i < n; ++i) {  // throw
    if (heavy(in[i]) < 0)
      throw std::runtime_error("negative");
    out[i] = 0;
  }
  for (int i = 0; i < n; ++i)  // cheap: arithmetic only
    out[i] = in[i] * 2 + 1;
  for (int i = 0; i < n; ++i)  // cheap: a library call
    out[i] = static_cast<long>(std::sqrt(static_cast<double>(in[i])));
  for (int i = 0; i < n; ++i)  // cheap: a function without loops or blocking calls
    out[i] = add_one(in[i]);
  for (int i = 0; i < n; ++i)  // unknown callee: no body anywhere
    out[i] = external_work(in[i]) + heavy(i);
  long (*fp)(long) = heavy;
  for (int i = 0; i < n; ++i)  // a call through a pointer
    out[i] = fp(in[i]);
  long* p = out.data();
  for (int i = 0; i < n; ++i)  // p points into out, read at another index
    p[i] = heavy(out[n - 1 - i]);
  long* sum = &total;
  for (int i = 0; i < n; ++i)  // writes through a pointer to a shared scalar
    *sum += heavy(i);
  for (int i = 0; i < n; ++i) {  // a reference to a shared scalar
    long& r = total;
    r += heavy(i);
  }
  std::map<int, long> byIndex;
  for (int i = 0; i < n; ++i)  // std::map's operator[] inserts: a shared write
    byIndex[i] = heavy(i);
  for (int i = 0; i < n; ++i)  // writes another iteration's element
    out[(i + 1) % n] = heavy(i);
  std::vector<int> where{2, 0, 1};
  for (int i = 0; i < 3; ++i)  // scatter through an index vector
    out[where[i]] = heavy(i);
  for (int i = 0; i < n; ++i)  // a callee writes a global that is read elsewhere
    out[i] = count_and_work(in[i]) + 1;
  for (int i = 0; i < n; ++i) {  // a mutex: the iterations share state
    std::lock_guard<std::mutex> guard(m);
    total += heavy(i);
  }
  for (int i = 0; i < n; ++i) {  // the induction variable is changed in the body
    out[i] = heavy(i);
    if (out[i] == 3)
      ++i;
  }
  for (int i = 0; i <= n - 1; ++i)  // `<=` bounds are not read
    out[i] = heavy(i);
  for (std::size_t i = 0; i < in.size(); ++i)  // the bound changes in the body
    in.push_back(heavy(static_cast<long>(i)));
  std::vector<long> odd;
  for (int i = 0; i < n; ++i) {  // continue skips the output
    if (i % 2 == 0)
      continue;
    odd.push_back(heavy(i));
  }
  for (int i = 0; i < n; ++i)  // rand() directly in the body: not thread-safe, not a map of a function
    out[i] = heavy(std::rand() % 10);
  int k = 0;
  while (k < n) {  // while loops are not read
    out[k] = heavy(k);
    ++k;
  }
  do {  // nor do loops
    out[0] = heavy(0);
  } while (false);
  EACH(i, n)  // written through a macro
    out[i] = heavy(i);
  std::vector<long> copy;
  for (long v : in)  // reads the output in the body
    copy.push_back(heavy(v) + static_cast<long>(copy.size()));
  for (int i = 0; i < n; ++i)  // a lambda that captures the shared total by reference
    [&] { total += heavy(i); }();
  for (int i = 0; i < n; ++i)  // a non-const reference to the element escapes into a call
    std::swap(out[i], out[0]);
  for (int i = 0; i < 8; ++i)  // writes a global's elements: shared with the whole program
    shared_results[i] = heavy(i);
  Stats stats;
  stats.run(out);
  templated(out);
  for (int i = 0; i < n; ++i) {  // goto
    if (heavy(in[i]) == 43)
      goto done;
  }
done:
  return static_cast<int>(total + last + counter + odd.size() + copy.size() + byIndex.size());
}
