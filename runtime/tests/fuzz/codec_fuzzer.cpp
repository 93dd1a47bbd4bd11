// libFuzzer target for concur::codec, the process pool's wire format: arbitrary bytes decoded as
// one of a few representative types must either decode or throw concur::CodecError, never crash,
// read out of bounds (AddressSanitizer), hit undefined behaviour (UndefinedBehaviorSanitizer: a
// bool that is neither 0 nor 1), hang, or exhaust memory (libFuzzer's -timeout and -rss_limit_mb).
// A value that decodes must encode back to the same bytes (for the types whose encoding is
// canonical) or decode again to an equal value (maps and sets, which drop duplicate keys).
//
// The first byte picks the type; the rest is the encoding. Built with
//   clang++-19 -std=c++20 -fsanitize=fuzzer,address,undefined -I runtime/include codec_fuzzer.cpp
// by runtime/tests/run_codec_fuzzer.cmake (ctest: runtime.codec_fuzzer); see docs/runtime.md.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "concur/codec.h"
#include "../codec_sample_types.h"

namespace {

using codec_samples::Color;
using codec_samples::Point;

// A type whose encoding is empty: a container of them has more items than bytes.
struct Nothing {
  void encode(concur::Writer&) const {}
  static Nothing decode(concur::Reader&) { return {}; }
  bool operator==(const Nothing&) const = default;
};

// libFuzzer reports the abort with the input that caused it.
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "codec_fuzzer: %s\n", what);
  std::abort();
}

// Decodes; on success checks the value's encoding against the input.
template <class T, bool canonical>
void check(std::string_view bytes) {
  T value;
  try {
    value = concur::decode<T>(bytes);
  } catch (const concur::CodecError&) {
    return;  // the expected failure; anything else escapes and libFuzzer reports it
  }
  std::string again = concur::encode(value);
  if constexpr (canonical) {
    if (again != bytes) fail("decoded value encodes to other bytes");
  } else {
    if (!(concur::decode<T>(again) == value)) fail("re-encoded value decodes to another value");
  }
}

using Checker = void (*)(std::string_view);

// Append only: the files in codec_regressions/ name their type by its index here (first byte).
constexpr Checker kCheckers[] = {
    check<std::int32_t, true>,
    check<std::uint64_t, true>,
    check<double, true>,
    check<bool, true>,
    check<Color, true>,
    check<std::string, true>,
    check<std::vector<int>, true>,
    check<std::vector<std::string>, true>,
    check<std::vector<bool>, true>,
    check<std::vector<double>, true>,
    check<std::pair<int, std::string>, true>,
    check<std::tuple<char, double, std::string>, true>,
    check<std::optional<std::string>, true>,
    check<std::array<std::pair<short, std::string>, 3>, true>,
    check<std::vector<std::optional<std::vector<std::uint16_t>>>, true>,
    check<std::tuple<std::vector<std::pair<int, std::optional<std::string>>>, std::array<bool, 2>>, true>,
    check<std::vector<Point>, true>,
    check<std::vector<std::tuple<>>, true>,
    check<std::vector<std::vector<Nothing>>, true>,
    check<std::map<std::string, std::vector<int>>, false>,
    check<std::set<std::string>, false>,
    check<std::unordered_map<int, std::optional<double>>, false>,
    check<std::map<int, std::set<char>>, false>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::size_t count = sizeof kCheckers / sizeof kCheckers[0];
  // libFuzzer's buffer ends exactly where the input does, so AddressSanitizer sees any read past it.
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  kCheckers[data[0] % count](rest);
  return 0;
}
