#include "facts/FactsCodec.h"

#include "SampleFacts.h"
#include "TestSupport.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

std::string encoded(const TUFacts &Facts) {
  std::string Out;
  encodeFacts(Facts, Out);
  return Out;
}

TEST(FactsCodec, RoundTripsEveryKindOfFact) {
  TUFacts Original = test::sample();
  llvm::Expected<TUFacts> Back = decodeFacts(encoded(Original));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Original, *Back);
}

TEST(FactsCodec, RoundTripsExtractedFacts) {
  TUFacts Original = test::extract(R"cpp(
    #include <mutex>
    #include <thread>
    #include <vector>
    std::mutex m;
    long total = 0;
    static void work(int n) {
      for (int i = 0; i < n; ++i) { std::lock_guard<std::mutex> g(m); total += i; }
      m.lock();
      if (n > 3) return;
      m.unlock();
    }
    int main() {
      std::vector<std::thread> ts;
      for (int i = 0; i < 4; ++i) ts.emplace_back(work, i);
      std::thread lost(work, 1);
      return 0;
    }
  )cpp");
  ASSERT_FALSE(Original.functions.empty());
  ASSERT_FALSE(Original.globals.empty());
  llvm::Expected<TUFacts> Back = decodeFacts(encoded(Original));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Original, *Back);
  // Interned strings: the file of every span is written once.
  std::string Json = llvm::formatv("{0}", toJSON(Original)).str();
  EXPECT_LT(encoded(Original).size() * 4, Json.size());
}

TEST(FactsCodec, EmptyFactsRoundTrip) {
  llvm::Expected<TUFacts> Back = decodeFacts(encoded(TUFacts()));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(TUFacts(), *Back);
}

TEST(FactsCodec, EveryTruncationIsAnError) {
  std::string Data = encoded(test::sample());
  for (size_t Size = 0; Size < Data.size(); ++Size) {
    llvm::Expected<TUFacts> Back = decodeFacts(llvm::StringRef(Data).take_front(Size));
    ASSERT_FALSE(bool(Back)) << "a prefix of " << Size << " bytes decoded";
    std::string Message = llvm::toString(Back.takeError());
    EXPECT_TRUE(llvm::StringRef(Message).starts_with("facts do not decode: ")) << Message;
  }
}

TEST(FactsCodec, DamageIsRefusedOrDecodesWithoutHarm) {
  // Flipping a byte may give other valid facts (a line number changes); it must never read out
  // of bounds (the sanitizer builds) nor claim data it does not have.
  std::string Data = encoded(test::sample());
  unsigned Refused = 0;
  for (size_t I = 0; I < Data.size(); ++I)
    for (unsigned char Flip : {0x01, 0x80, 0xff}) {
      std::string Damaged = Data;
      Damaged[I] = static_cast<char>(Damaged[I] ^ Flip);
      llvm::Expected<TUFacts> Back = decodeFacts(Damaged);
      if (!Back) {
        llvm::consumeError(Back.takeError());
        ++Refused;
      }
    }
  EXPECT_GT(Refused, 0u);
}

TEST(FactsCodec, RefusesOtherInputs) {
  for (llvm::StringRef Bad : {"", "{\"format\": 9}", "CLFB", "XXXX\x09"}) {
    llvm::Expected<TUFacts> Back = decodeFacts(Bad);
    ASSERT_FALSE(bool(Back)) << Bad.str();
    llvm::consumeError(Back.takeError());
  }
  std::string Data = encoded(TUFacts());
  Data[4] = static_cast<char>(TUFacts::FormatVersion + 1);  // the format, after the magic
  llvm::Expected<TUFacts> Other = decodeFacts(Data);
  ASSERT_FALSE(bool(Other));
  EXPECT_NE(llvm::toString(Other.takeError()).find("facts format"), std::string::npos);
  llvm::Expected<TUFacts> Trailing = decodeFacts(encoded(TUFacts()) + "x");
  ASSERT_FALSE(bool(Trailing));
  EXPECT_NE(llvm::toString(Trailing.takeError()).find("data after the facts"), std::string::npos);
}

TEST(FactsCodec, HugeCountsAreDamageNotAllocations) {
  // magic, format, main file (new string of length 0), then a file list claiming 2^62 entries.
  std::string Data = "CLFB";
  Data += static_cast<char>(TUFacts::FormatVersion);
  Data += std::string("\x00\x00", 2);
  Data += "\xff\xff\xff\xff\xff\xff\xff\xff\x3f";
  llvm::Expected<TUFacts> Back = decodeFacts(Data);
  ASSERT_FALSE(bool(Back));
  EXPECT_NE(llvm::toString(Back.takeError()).find("a list longer than the data"),
            std::string::npos);
}

}  // namespace
}  // namespace concurlint
