// Each iteration writes its own element, but another name may reach the same memory: two
// pointer parameters (which may overlap at an offset), two references to containers of the same
// type (which may be the same container), a local pointer into a local array. Unless the code
// proves them apart (`__restrict`, distinct objects), the iterations are not independent.
#include <cstddef>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 4000; ++k) s += (x * k) % 7;
  return s;
}

void shift(long *dst, const long *src, int n) {
  for (int i = 0; i < n; ++i)  // dst may be src + 1: iteration i reads what i - 1 wrote
    dst[i] = heavy(src[i]);
}

void two_outputs(long *a, long *b, int n) {
  for (int i = 0; i < n; ++i) {  // a and b may overlap
    a[i] = heavy(i);
    b[i] = heavy(i + 1);
  }
}

void smooth(std::vector<long> &out, const std::vector<long> &in) {
  for (std::size_t i = 0; i + 1 < in.size(); ++i)  // not an index loop (i + 1 < n)
    out[i] = heavy(in[i + 1]);
  for (std::size_t i = 0; i < out.size(); ++i)  // out may be in: in[0] is out[0]
    out[i] = heavy(in[0] + static_cast<long>(i));
}

void local_alias(int n) {
  std::vector<long> arr(static_cast<std::size_t>(n) + 1);
  long *p = arr.data() + 1;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i)  // p[i] is arr[i + 1]
    arr.data()[i] = heavy(p[i]);
  long buf[16] = {};
  long *q = buf + 1;
  for (int i = 0; i < 15; ++i)  // q[i] is buf[i + 1]
    buf[i] = heavy(q[i]);
}

void arithmetic(long *out, int n) {
  for (int i = 0; i < n; ++i)  // written through pointer arithmetic, not out[i]
    *(out + i) = heavy(i);
}

struct Sink {
  virtual ~Sink() = default;
  virtual long consume(long v) { return v; }
};

void virtual_calls(Sink &sink, std::vector<long> &out) {
  for (std::size_t i = 0; i < out.size(); ++i)  // any overrider of consume may run
    out[i] = sink.consume(heavy(static_cast<long>(i)));
}

void iterate_and_grow(std::vector<long> &v) {
  for (long x : v)  // pushes into the range it iterates
    v.push_back(heavy(x));
}

int main() {
  std::vector<long> a(8, 1), b(8, 2);
  shift(a.data() + 1, a.data(), 7);
  two_outputs(a.data(), b.data(), 8);
  smooth(a, b);
  local_alias(8);
  arithmetic(a.data(), 8);
  Sink s;
  virtual_calls(s, a);
  return a[0] > 0 ? 0 : 1;
}
