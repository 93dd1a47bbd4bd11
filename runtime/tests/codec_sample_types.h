// User types the codec tests and the codec fuzzer both encode: an enum, and a struct with its own
// encode/decode members.
#pragma once

#include <cstdint>
#include <string>

#include "concur/codec.h"

namespace codec_samples {

enum class Color : std::uint8_t { red = 1, green = 2 };

struct Point {
  int x = 0;
  int y = 0;
  std::string label;
  void encode(concur::Writer& out) const {
    out.put(x);
    out.put(y);
    out.put(label);
  }
  static Point decode(concur::Reader& in) {
    Point p;
    p.x = in.get<int>();
    p.y = in.get<int>();
    p.label = in.get<std::string>();
    return p;
  }
  bool operator==(const Point&) const = default;
};

}  // namespace codec_samples
