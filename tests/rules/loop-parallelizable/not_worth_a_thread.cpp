// Independent loops whose iterations are too cheap to hand to a pool (about a microsecond a
// task): callees whose loops are bounded by an integer's bits (varint encoders), by small
// constants, or run once (`do { } while (0)`); and loops in test code that do not block.
// No finding.
#include <cstdint>
#include <string>
#include <vector>

// Loops at most 10 times: bounded by the bits of v.
int varint_length(std::uint64_t v) {
  int n = 1;
  while (v >= 128) {
    v >>= 7;
    ++n;
  }
  return n;
}

int digits(long v) {
  int n = 0;
  do {
    v /= 10;
    ++n;
  } while (v != 0);
  return n;
}

long small_table(long x) {
  long s = 0;
  for (int k = 0; k < 16; ++k) s += (x >> k) & 1;
  return s;
}

#define SWAP_IF(a, b) do { if ((a) > (b)) { long t = (a); (a) = (b); (b) = t; } } while (0)
long ordered_pair(long a, long b) {
  SWAP_IF(a, b);
  return a * 10 + b;
}

long nested_small(long x) {
  long s = 0;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c) s += (x + r) * c;
  return s;
}

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < x * 1000; ++k) s += k % 7;
  return s;
}

// A tree walk: each iteration recurses into its own function, which would start a pool at every
// level.
struct Node {
  std::vector<Node> children;
  long weight = 0;
};
long weigh_tree(Node &n) {
  long s = heavy(n.weight);
  for (Node &child : n.children)  // recursion: a pool per level
    child.weight = weigh_tree(child);
  return s;
}

// What gtest's TEST(Codec, Lengths) expands to: a test body.
struct Codec_Lengths_Test {
  void TestBody();
};
void Codec_Lengths_Test::TestBody() {
  std::vector<long> out(64);
  for (std::size_t i = 0; i < out.size(); ++i)  // test code that does not block
    out[i] = heavy(static_cast<long>(i));
}

void encode_all(const std::vector<std::uint64_t> &in, std::vector<int> &lengths,
                std::vector<int> &widths, std::vector<long> &bits, std::vector<long> &pairs,
                std::vector<long> &cells) {
  for (std::size_t i = 0; i < in.size(); ++i)  // varint_length: at most 64 / 7 iterations
    lengths[i] = varint_length(in[i]);
  for (std::size_t i = 0; i < in.size(); ++i)  // digits: bounded by the bits of v
    widths[i] = digits(static_cast<long>(in[i]));
  for (std::size_t i = 0; i < in.size(); ++i)  // 16 iterations a call
    bits[i] = small_table(static_cast<long>(in[i]));
  for (std::size_t i = 0; i < in.size(); ++i)  // a do-while(0) statement runs once
    pairs[i] = ordered_pair(static_cast<long>(in[i]), 3);
  for (std::size_t i = 0; i < in.size(); ++i)  // 8 x 8 iterations a call
    cells[i] = nested_small(static_cast<long>(in[i]));
}

int main() {
  std::vector<std::uint64_t> in(32, 300);
  std::vector<int> lengths(32), widths(32);
  std::vector<long> bits(32), pairs(32), cells(32);
  encode_all(in, lengths, widths, bits, pairs, cells);
  Codec_Lengths_Test t;
  t.TestBody();
  return lengths[0] == 2 ? 0 : 1;
}
