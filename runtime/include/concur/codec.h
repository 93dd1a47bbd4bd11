// concur::codec<T>: how ProcessPool arguments and results cross the process boundary.
//
// Supported out of the box: arithmetic types, enums, std::string, std::vector, std::array,
// std::pair, std::tuple, std::optional, std::map, std::unordered_map, std::set. A user type opts in
// with a member hook:
//
//   struct Point {
//     int x, y;
//     void encode(concur::Writer& out) const { out.put(x); out.put(y); }
//     static Point decode(concur::Reader& in) { return {in.get<int>(), in.get<int>()}; }
//   };
//
// or by specializing concur::codec<T> with static encode(Writer&, const T&) and decode(Reader&).
// Both ends are the same binary (workers are forked), so the encoding is native-endian and has no
// versioning; it is only a transport, not a storage format.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "concur/errors.h"

namespace concur {

template <class T>
struct codec;

// Appends encoded values to a byte buffer.
class Writer {
 public:
  void write(const void* data, std::size_t size) {
    if (size != 0) buffer_.append(static_cast<const char*>(data), size);  // data may be null then
  }
  template <class T>
  void put(const T& value) {
    codec<T>::encode(*this, value);
  }
  void put_size(std::size_t n) {
    auto fixed = static_cast<std::uint64_t>(n);
    write(&fixed, sizeof fixed);
  }
  // Overwrites 4 bytes at `offset` (used to fill in a frame's length once it is known).
  void patch_u32(std::size_t offset, std::uint32_t value) { std::memcpy(buffer_.data() + offset, &value, sizeof value); }
  std::size_t size() const noexcept { return buffer_.size(); }
  const std::string& bytes() const noexcept { return buffer_; }
  std::string take() noexcept { return std::move(buffer_); }
  void clear() noexcept { buffer_.clear(); }

 private:
  std::string buffer_;
};

// Reads encoded values from a byte buffer; throws CodecError when the bytes run out.
class Reader {
 public:
  explicit Reader(std::string_view bytes) noexcept : bytes_(bytes) {}
  void read(void* data, std::size_t size) {
    std::string_view part = take(size);
    if (size != 0) std::memcpy(data, part.data(), size);  // data may be null then (an empty vector)
  }
  std::string_view take(std::size_t size) {
    if (size > bytes_.size() - position_) throw CodecError("concur::codec: truncated data");
    std::string_view part = bytes_.substr(position_, size);
    position_ += size;
    return part;
  }
  template <class T>
  T get() {
    return codec<T>::decode(*this);
  }
  std::size_t get_size() {
    std::uint64_t n = 0;
    read(&n, sizeof n);
    if (n > bytes_.size() - position_ && n > (std::uint64_t{1} << 40))
      throw CodecError("concur::codec: implausible length");
    return static_cast<std::size_t>(n);
  }
  // Called by containers after each item they decode. Only items that take no bytes
  // (std::tuple<>, an empty user type) let a container hold more items than there are bytes left;
  // they are limited, so that a corrupt length cannot keep the decoder appending for hours
  // (found by the codec fuzzer).
  void count_item(std::size_t remaining_before) {
    if (remaining() == remaining_before && ++empty_items_ > kMaxEmptyItems)
      throw CodecError("concur::codec: implausible length (too many items encoded in no bytes)");
  }
  // Items encoded in no bytes that one Reader accepts, over all its containers.
  static constexpr std::size_t kMaxEmptyItems = std::size_t{1} << 20;
  bool at_end() const noexcept { return position_ == bytes_.size(); }
  std::size_t remaining() const noexcept { return bytes_.size() - position_; }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  std::size_t empty_items_ = 0;
};

// A type that encodes itself: void encode(Writer&) const and static T decode(Reader&).
template <class T>
concept SelfEncoding = requires(const T& value, Writer& out, Reader& in) {
  value.encode(out);
  { T::decode(in) } -> std::same_as<T>;
};

// A type that codec<T> knows how to move across processes.
template <class T>
concept Encodable = requires(const T& value, Writer& out, Reader& in) {
  codec<T>::encode(out, value);
  { codec<T>::decode(in) } -> std::same_as<T>;
};

template <class T>
  requires std::is_arithmetic_v<T>
struct codec<T> {
  static void encode(Writer& out, const T& value) { out.write(&value, sizeof value); }
  static T decode(Reader& in) {
    T value;
    in.read(&value, sizeof value);
    return value;
  }
};

// One byte, 0 or 1. Any other byte is refused: copied into a bool it would make a value that is
// neither true nor false (undefined behaviour; found by the codec fuzzer).
template <>
struct codec<bool> {
  static void encode(Writer& out, const bool& value) {
    const std::uint8_t byte = value ? 1 : 0;
    out.write(&byte, sizeof byte);
  }
  static bool decode(Reader& in) {
    std::uint8_t byte = 0;
    in.read(&byte, sizeof byte);
    if (byte > 1) throw CodecError("concur::codec: a bool byte that is neither 0 nor 1");
    return byte == 1;
  }
};

template <class T>
  requires std::is_enum_v<T>
struct codec<T> {
  using Underlying = std::underlying_type_t<T>;
  static void encode(Writer& out, const T& value) { codec<Underlying>::encode(out, static_cast<Underlying>(value)); }
  static T decode(Reader& in) { return static_cast<T>(codec<Underlying>::decode(in)); }
};

template <SelfEncoding T>
struct codec<T> {
  static void encode(Writer& out, const T& value) { value.encode(out); }
  static T decode(Reader& in) { return T::decode(in); }
};

template <>
struct codec<std::string> {
  static void encode(Writer& out, const std::string& value) {
    out.put_size(value.size());
    out.write(value.data(), value.size());
  }
  static std::string decode(Reader& in) {
    std::size_t n = in.get_size();
    return std::string(in.take(n));
  }
};

template <class T, class Alloc>
struct codec<std::vector<T, Alloc>> {
  static void encode(Writer& out, const std::vector<T, Alloc>& value) {
    out.put_size(value.size());
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      out.write(value.data(), value.size() * sizeof(T));  // one copy for numeric arrays
    } else {
      for (const auto& item : value) codec<T>::encode(out, item);
    }
  }
  static std::vector<T, Alloc> decode(Reader& in) {
    std::size_t n = in.get_size();
    std::vector<T, Alloc> value;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      std::string_view raw = in.take(n * sizeof(T));
      value.resize(n);
      if (n != 0) std::memcpy(value.data(), raw.data(), raw.size());  // an empty vector's data() may be null
    } else {
      value.reserve(std::min<std::size_t>(n, in.remaining()));
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t before = in.remaining();
        value.push_back(codec<T>::decode(in));
        in.count_item(before);
      }
    }
    return value;
  }
};

template <class T, std::size_t N>
struct codec<std::array<T, N>> {
  static void encode(Writer& out, const std::array<T, N>& value) {
    for (const auto& item : value) codec<T>::encode(out, item);
  }
  static std::array<T, N> decode(Reader& in) {
    return [&in]<std::size_t... I>(std::index_sequence<I...>) {
      // Braced initialization evaluates left to right, so items are read in order.
      return std::array<T, N>{((void)I, codec<T>::decode(in))...};
    }(std::make_index_sequence<N>());
  }
};

template <class A, class B>
struct codec<std::pair<A, B>> {
  static void encode(Writer& out, const std::pair<A, B>& value) {
    codec<A>::encode(out, value.first);
    codec<B>::encode(out, value.second);
  }
  static std::pair<A, B> decode(Reader& in) {
    A first = codec<A>::decode(in);
    B second = codec<B>::decode(in);
    return {std::move(first), std::move(second)};
  }
};

template <class... T>
struct codec<std::tuple<T...>> {
  static void encode(Writer& out, const std::tuple<T...>& value) {
    std::apply([&out](const T&... items) { (codec<T>::encode(out, items), ...); }, value);
  }
  static std::tuple<T...> decode(Reader& in) { return std::tuple<T...>{codec<T>::decode(in)...}; }
};

template <class T>
struct codec<std::optional<T>> {
  static void encode(Writer& out, const std::optional<T>& value) {
    codec<bool>::encode(out, value.has_value());
    if (value) codec<T>::encode(out, *value);
  }
  static std::optional<T> decode(Reader& in) {
    if (!codec<bool>::decode(in)) return std::nullopt;
    return codec<T>::decode(in);
  }
};

namespace detail {
template <class Map>
struct map_codec {
  using K = typename Map::key_type;
  using V = typename Map::mapped_type;
  static void encode(Writer& out, const Map& value) {
    out.put_size(value.size());
    for (const auto& [key, mapped] : value) {
      codec<K>::encode(out, key);
      codec<V>::encode(out, mapped);
    }
  }
  static Map decode(Reader& in) {
    std::size_t n = in.get_size();
    Map value;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = in.remaining();
      K key = codec<K>::decode(in);
      value.emplace(std::move(key), codec<V>::decode(in));
      in.count_item(before);
    }
    return value;
  }
};
}  // namespace detail

template <class K, class V, class Compare, class Alloc>
struct codec<std::map<K, V, Compare, Alloc>> : detail::map_codec<std::map<K, V, Compare, Alloc>> {};
template <class K, class V, class Hash, class Eq, class Alloc>
struct codec<std::unordered_map<K, V, Hash, Eq, Alloc>>
    : detail::map_codec<std::unordered_map<K, V, Hash, Eq, Alloc>> {};

template <class K, class Compare, class Alloc>
struct codec<std::set<K, Compare, Alloc>> {
  static void encode(Writer& out, const std::set<K, Compare, Alloc>& value) {
    out.put_size(value.size());
    for (const auto& key : value) codec<K>::encode(out, key);
  }
  static std::set<K, Compare, Alloc> decode(Reader& in) {
    std::size_t n = in.get_size();
    std::set<K, Compare, Alloc> value;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = in.remaining();
      value.insert(codec<K>::decode(in));
      in.count_item(before);
    }
    return value;
  }
};

// Convenience: encode one value into a fresh buffer / decode a buffer that holds exactly one value.
template <Encodable T>
std::string encode(const T& value) {
  Writer out;
  codec<T>::encode(out, value);
  return out.take();
}
template <Encodable T>
T decode(std::string_view bytes) {
  Reader in(bytes);
  T value = codec<T>::decode(in);
  if (!in.at_end()) throw CodecError("concur::codec: trailing bytes after the value");
  return value;
}

}  // namespace concur
