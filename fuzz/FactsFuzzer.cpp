// libFuzzer target: the facts decoders (JSON -> TUFacts, as --dump-facts writes it; the binary
// encoding of the facts cache, FactsCodec.h, for facts and for a run's findings) and the shard
// file loader (`concur-lint link`). Any input must decode or be refused with an error; what
// decodes must encode and decode again to the same facts.
// Built with clang++-19 -fsanitize=fuzzer,address (fuzz/CMakeLists.txt, docs/fuzzing.md).
#include "facts/Facts.h"
#include "driver/RunCodec.h"
#include "facts/FactsCodec.h"
#include "driver/ShardFile.h"

#include <cstddef>
#include <cstdint>

using namespace concurlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (llvm::Expected<llvm::json::Value> Json = llvm::json::parse(Text)) {
    TUFacts Facts;
    llvm::json::Path::Root Root;
    if (fromJSON(*Json, Facts, Root)) {
      TUFacts Again;
      llvm::json::Path::Root RootAgain;
      if (!fromJSON(toJSON(Facts), Again, RootAgain) || !(Again == Facts))
        __builtin_trap();
    } else {
      llvm::consumeError(Root.getError());
    }
  } else {
    llvm::consumeError(Json.takeError());
  }

  if (llvm::Expected<TUFacts> Binary = decodeFacts(Text)) {
    std::string Again;
    encodeFacts(*Binary, Again);
    llvm::Expected<TUFacts> Back = decodeFacts(Again);
    if (!Back || !(*Back == *Binary))
      __builtin_trap();
  } else {
    llvm::consumeError(Binary.takeError());
  }
  if (llvm::Expected<CachedRun> Run = decodeRun(Text)) {
    std::string Again;
    encodeRun(*Run, Again);
    llvm::Expected<CachedRun> Back = decodeRun(Again);
    if (!Back || Back->files != Run->files || Back->findings.size() != Run->findings.size())
      __builtin_trap();
  } else {
    llvm::consumeError(Run.takeError());
  }

  llvm::Expected<ShardData> Shard = parseShard(Text, "fuzz.json");
  if (!Shard) {
    std::string Message = llvm::toString(Shard.takeError());
    if (!llvm::StringRef(Message).starts_with("fuzz.json: error: "))
      __builtin_trap();  // an error must name the file
    return 0;
  }
  llvm::Expected<ShardData> Again = parseShard(writeShard(*Shard), "again.json");
  if (!Again || Again->units.size() != Shard->units.size() ||
      Again->errors.size() != Shard->errors.size() ||
      Again->analysedFiles != Shard->analysedFiles)
    __builtin_trap();
  for (size_t I = 0; I < Shard->units.size(); ++I)
    if (!(Again->units[I].facts == Shard->units[I].facts))
      __builtin_trap();
  return 0;
}
