// The binary encoding under the facts cache and the run cache: varint-coded (LEB128) unsigned
// numbers, one byte per bool, enum classes by index, and strings interned (a string already written
// is a back-reference to its first occurrence, so the path in every Span and the USRs repeated
// across calls cost a byte or two). A struct is encoded through its `describe(io, value)`, found by
// argument-dependent lookup: the one list of its fields (facts/FactFields.h for the facts).
#pragma once

#include "facts/Facts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace concurlint::codec {

constexpr llvm::StringLiteral Magic = "CLFB";

class Encoder {
public:
  explicit Encoder(std::string &Out) : Out(Out) {}

  /// A struct's fields (FactFields.h): their values in order; the names are for JSON.
  template <class... Fields> void operator()(const Fields &...F) { (field(F.value), ...); }

  void field(unsigned V) { varint(V); }
  void field(bool B) { Out.push_back(B ? 1 : 0); }
  // A string seen before is its index + 1; a new one is 0, its length and its bytes.
  void field(const std::string &S) {
    auto [It, New] = Strings.try_emplace(S, Strings.size());
    if (!New)
      return varint(It->second + 1);
    varint(0);
    varint(S.size());
    Out.append(S);
  }
  template <class T> void field(const std::vector<T> &V) {
    varint(V.size());
    for (const T &E : V)
      field(E);
  }
  // Whether there is a value, then the value.
  template <class T> void field(const std::optional<T> &O) {
    field(O.has_value());
    if (O)
      field(*O);
  }
  // An enum class with its name table (enumNames, found by argument-dependent lookup): its index.
  template <class E>
    requires std::is_enum_v<E>
  void field(const E &V) {
    varint(static_cast<unsigned>(V));
  }
  template <class T> void field(const T &Fact) { describe(*this, Fact); }

private:
  void varint(uint64_t V) {
    while (V >= 0x80) {
      Out.push_back(static_cast<char>((V & 0x7f) | 0x80));
      V >>= 7;
    }
    Out.push_back(static_cast<char>(V));
  }

  std::string &Out;
  llvm::DenseMap<llvm::StringRef, unsigned> Strings;
};

class Decoder {
public:
  explicit Decoder(llvm::StringRef Data) : Data(Data) {}

  // Stops at the first error: the fields after it keep their defaults.
  template <class... Fields> void operator()(const Fields &...F) {
    ((ok() && (field(F.value), true)), ...);
  }

  void field(unsigned &V) {
    uint64_t X = varint();
    if (X > std::numeric_limits<unsigned>::max())
      return fail("a number too large");
    V = static_cast<unsigned>(X);
  }
  void field(bool &B) {
    if (Pos >= Data.size())
      return fail("the end of the data");
    unsigned char C = Data[Pos++];
    if (C > 1)
      return fail("a bad boolean");
    B = C == 1;
  }
  void field(std::string &S) {
    uint64_t Ref = varint();
    if (!ok())
      return;
    if (Ref != 0) {
      if (Ref > Strings.size())
        return fail("a reference to an unknown string");
      S = Strings[Ref - 1].str();
      return;
    }
    uint64_t Size = varint();
    if (!ok())
      return;
    if (Size > Data.size() - Pos)
      return fail("a string longer than the data");
    llvm::StringRef Text = Data.substr(Pos, Size);
    Pos += Size;
    Strings.push_back(Text);
    S = Text.str();
  }
  template <class T> void field(std::vector<T> &V) {
    uint64_t Count = varint();
    if (!ok())
      return;
    // Every element takes at least a byte: a count beyond the data is damage, not a size.
    if (Count > Data.size() - Pos)
      return fail("a list longer than the data");
    V.resize(Count);
    for (T &E : V) {
      field(E);
      if (!ok())
        return;
    }
  }
  template <class T> void field(std::optional<T> &O) {
    bool Present = false;
    field(Present);
    if (!ok() || !Present)
      return;
    O.emplace();
    field(*O);
  }
  template <class E>
    requires std::is_enum_v<E>
  void field(E &V) {
    unsigned Index = 0;
    field(Index);
    if (ok() && Index >= enumNames(E{}).size())
      return fail("a bad enumerator");
    V = static_cast<E>(Index);
  }
  template <class T> void field(T &Fact) { describe(*this, Fact); }

  bool ok() const { return Error.empty(); }
  bool atEnd() const { return Pos == Data.size(); }
  size_t position() const { return Pos; }
  const std::string &error() const { return Error; }
  void fail(llvm::StringRef What) {
    if (ok())
      Error = llvm::formatv("at byte {0}: {1}", Pos, What).str();
  }

  uint64_t varint() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= Data.size()) {
        fail("the end of the data");
        return 0;
      }
      unsigned char C = Data[Pos++];
      V |= uint64_t(C & 0x7f) << Shift;
      if (!(C & 0x80))
        return V;
    }
    fail("a number too long");
    return 0;
  }

private:
  llvm::StringRef Data;
  size_t Pos = 0;
  std::vector<llvm::StringRef> Strings;
  std::string Error;
};

/// The magic, the format, then `Value`.
template <class T> void encodeValue(const T &Value, std::string &Out) {
  Out.append(Magic);
  Encoder E(Out);
  E.field(static_cast<unsigned>(TUFacts::FormatVersion));
  E.field(Value);
}

template <class T> llvm::Expected<T> decodeValue(llvm::StringRef Data, llvm::StringRef What) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(What + " do not decode: " + Why);
  };
  if (!Data.consume_front(Magic))
    return Fail("not binary " + What);
  Decoder D(Data);
  unsigned Format = 0;
  D.field(Format);
  if (D.ok() && Format != static_cast<unsigned>(TUFacts::FormatVersion))
    return Fail(llvm::formatv("facts format {0}, expected {1}", Format, TUFacts::FormatVersion));
  T Value;
  D.field(Value);
  if (D.ok() && !D.atEnd())
    D.fail(("data after the " + What).str());
  if (!D.ok())
    return Fail(D.error());
  return Value;
}

}  // namespace concurlint::codec
