// concur::codec round trips and failure modes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "concur/codec.h"
#include "codec_sample_types.h"

namespace {

using codec_samples::Color;
using codec_samples::Point;

struct Celsius {
  double degrees;
  bool operator==(const Celsius&) const = default;
};

template <class T>
T round_trip(const T& value) {
  return concur::decode<T>(concur::encode(value));
}

}  // namespace

template <>
struct concur::codec<Celsius> {
  static void encode(Writer& out, const Celsius& c) { out.put(c.degrees); }
  static Celsius decode(Reader& in) { return {in.get<double>()}; }
};

TEST(Codec, Arithmetic) {
  EXPECT_EQ(round_trip(42), 42);
  EXPECT_EQ(round_trip(-7LL), -7LL);
  EXPECT_EQ(round_trip(3.5), 3.5);
  EXPECT_EQ(round_trip(true), true);
  EXPECT_EQ(round_trip('x'), 'x');
  EXPECT_EQ(round_trip(std::uint16_t{65535}), 65535);
}

TEST(Codec, EnumsStringsAndContainers) {
  EXPECT_EQ(round_trip(Color::green), Color::green);
  EXPECT_EQ(round_trip(std::string("olá, mundo\0!", 12)), std::string("olá, mundo\0!", 12));
  EXPECT_EQ(round_trip(std::vector<int>{1, 2, 3}), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(round_trip(std::vector<bool>{true, false, true}), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(round_trip(std::vector<std::string>{"a", "", "ccc"}), (std::vector<std::string>{"a", "", "ccc"}));
  EXPECT_EQ(round_trip(std::array<double, 3>{1, 2, 3}), (std::array<double, 3>{1, 2, 3}));
  EXPECT_EQ(round_trip(std::pair<int, std::string>{1, "x"}), (std::pair<int, std::string>{1, "x"}));
  EXPECT_EQ(round_trip(std::tuple<int, double, std::string>{1, 2.5, "z"}),
            (std::tuple<int, double, std::string>{1, 2.5, "z"}));
  EXPECT_EQ(round_trip(std::optional<int>{}), std::nullopt);
  EXPECT_EQ(round_trip(std::optional<int>{5}), 5);
  std::map<std::string, std::vector<int>> nested{{"a", {1}}, {"b", {2, 3}}};
  EXPECT_EQ(round_trip(nested), nested);
  std::unordered_map<int, std::string> hashed{{1, "one"}, {2, "two"}};
  EXPECT_EQ(round_trip(hashed), hashed);
  EXPECT_EQ(round_trip(std::set<int>{3, 1, 2}), (std::set<int>{1, 2, 3}));
}

TEST(Codec, UserTypesThroughTheMemberHookOrASpecialization) {
  Point p{3, -4, "corner"};
  EXPECT_EQ(round_trip(p), p);
  EXPECT_EQ(round_trip(std::vector<Point>{p, p}), (std::vector<Point>{p, p}));
  EXPECT_EQ(round_trip(Celsius{21.5}), Celsius{21.5});
  static_assert(concur::Encodable<Point> && concur::Encodable<Celsius>);
  static_assert(!concur::Encodable<int*>);
}

TEST(Codec, TruncatedOrTrailingBytesAreErrors) {
  std::string bytes = concur::encode(std::string("hello"));
  EXPECT_THROW(concur::decode<std::string>(bytes.substr(0, bytes.size() - 1)), concur::CodecError);
  EXPECT_THROW(concur::decode<int>(bytes), concur::CodecError);
  EXPECT_THROW(concur::decode<std::vector<std::string>>(std::string(8, '\xff')), concur::CodecError);
}

// Regressions found by the codec fuzzer (runtime/tests/fuzz/codec_fuzzer.cpp); the inputs it
// found are in runtime/tests/fuzz/codec_regressions/.

TEST(Codec, BoolBytesOtherThanZeroOrOneAreErrors) {
  EXPECT_EQ(concur::encode(true), std::string(1, '\1'));
  EXPECT_EQ(concur::encode(false), std::string(1, '\0'));
  EXPECT_THROW(concur::decode<bool>(std::string(1, '\x64')), concur::CodecError);
  EXPECT_THROW(concur::decode<bool>(std::string(1, '\2')), concur::CodecError);
  std::string bools = concur::encode(std::vector<bool>{true, false});
  bools.back() = '\2';
  EXPECT_THROW(concur::decode<std::vector<bool>>(bools), concur::CodecError);
  EXPECT_THROW(concur::decode<std::optional<int>>(std::string(1, '\7')), concur::CodecError);
}

TEST(Codec, EmptyNumericVectors) {
  // Decoding copied zero bytes into the empty vector's null data() (undefined behaviour).
  EXPECT_TRUE(concur::decode<std::vector<double>>(std::string(8, '\0')).empty());
  EXPECT_EQ(concur::encode(std::vector<double>{}), std::string(8, '\0'));
  EXPECT_TRUE(round_trip(std::vector<int>{}).empty());
}

TEST(Codec, ItemsEncodedInNoBytesCannotMakeACorruptLengthRunForever) {
  // A vector of empty tuples takes 8 bytes whatever its size: a corrupt length used to make the
  // decoder append up to 2^40 items.
  std::string huge(8, '\0');
  const std::uint64_t count = (std::uint64_t{1} << 40) - 1;
  std::memcpy(huge.data(), &count, sizeof count);
  EXPECT_THROW(concur::decode<std::vector<std::tuple<>>>(huge), concur::CodecError);
  EXPECT_THROW(concur::decode<std::set<std::tuple<>>>(huge), concur::CodecError);
  EXPECT_THROW((concur::decode<std::map<std::tuple<>, std::tuple<>>>(huge)), concur::CodecError);
  // Up to the limit they are still values like any other.
  EXPECT_EQ(round_trip(std::vector<std::tuple<>>(1000)).size(), 1000u);
  EXPECT_EQ(round_trip(std::vector<std::tuple<>>(concur::Reader::kMaxEmptyItems)).size(), concur::Reader::kMaxEmptyItems);
  EXPECT_THROW(round_trip(std::vector<std::tuple<>>(concur::Reader::kMaxEmptyItems + 1)), concur::CodecError);
  // The limit is per message, over every container in it.
  using Nested = std::vector<std::vector<std::tuple<>>>;
  EXPECT_THROW(round_trip(Nested(3, std::vector<std::tuple<>>(concur::Reader::kMaxEmptyItems / 2))), concur::CodecError);
}
