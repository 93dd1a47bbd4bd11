// A pointer declared outside the loop and handed to a callee whose parameter points to non-const:
// every iteration may write what it points to (issue 27's leveldb VersionEdit::EncodeTo shape),
// so the iterations are not independent. A pointer to const is only read.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

void put_varint(std::string *dst, std::uint64_t v) {  // appends to *dst
  char buf[10];
  int n = 0;
  while (v >= 128) { buf[n++] = static_cast<char>(v | 128); v >>= 7; }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

long checksum(const long *table, long x) {  // reads *table only
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += table[k % 4] * k;
  return s;
}

long mix(long *state, long x) {  // writes *state
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += (*state += k);
  return s;
}

struct Edit {
  std::map<int, std::uint64_t> deleted;
  void encode_to(std::string *dst) const {
    for (const auto &kv : deleted) {  // no finding: each iteration appends to *dst
      put_varint(dst, kv.first);
      put_varint(dst, kv.second);
    }
  }
};

int main() {
  long table[4] = {1, 2, 3, 4};
  long state = 0;
  long *shared = &state;
  std::vector<long> in(64, 3), out(64), mixed(64);
  for (std::size_t i = 0; i < in.size(); ++i)  // expect: loop-parallelizable
    out[i] = checksum(table, in[i]);
  for (std::size_t i = 0; i < in.size(); ++i)  // no finding: mix writes *shared in every iteration
    mixed[i] = mix(shared, in[i]);
  std::string encoded;
  Edit e;
  e.deleted[1] = 2;
  e.encode_to(&encoded);
  return static_cast<int>(out[0] + mixed[0] + static_cast<long>(encoded.size()));
}
