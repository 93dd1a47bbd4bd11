#include "driver/ShardFile.h"

#include "facts/FactsCodec.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace concurlint {

namespace json = llvm::json;

static constexpr llvm::StringLiteral ShardKind = "concur-lint facts shard";
// 1: the facts as JSON inside the header; 2: the facts in FactsCodec's binary encoding after
// it (a JSON tree of a big project's facts was slower to write than the parse it recorded).
static constexpr int64_t ShardLayout = 2;

llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text) {
  auto [I, N] = Text.split('/');
  ShardSpec S;
  if (I.getAsInteger(10, S.index) || N.getAsInteger(10, S.count) || S.count == 0 ||
      S.index == 0 || S.index > S.count)
    return llvm::createStringError(
        "--shard=" + Text + ": expected i/n with 1 <= i <= n, e.g. --shard=2/4");
  return S;
}

std::vector<size_t> shardSlice(const std::vector<std::string> &Files, ShardSpec S) {
  std::vector<size_t> Order(Files.size());
  std::iota(Order.begin(), Order.end(), 0);
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t A, size_t B) { return Files[A] < Files[B]; });
  std::vector<size_t> Slice;
  for (size_t K = S.index - 1; K < Order.size(); K += S.count)
    Slice.push_back(Order[K]);
  std::sort(Slice.begin(), Slice.end());
  return Slice;
}

std::string writeShard(const ShardData &Data) {
  std::string Payload;
  json::Array Files, Units, Errors;
  Files.reserve(Data.analysedFiles.size());  // a growing json::Array copies its elements
  Units.reserve(Data.units.size());
  Errors.reserve(Data.errors.size());
  for (const auto &[Index, File] : Data.analysedFiles)
    Files.push_back(json::Object{{"index", static_cast<int64_t>(Index)}, {"file", File}});
  for (const ShardUnit &U : Data.units) {
    size_t Before = Payload.size();
    encodeFacts(U.facts, Payload);
    Units.push_back(json::Object{{"index", static_cast<int64_t>(U.index)},
                                 {"size", static_cast<int64_t>(Payload.size() - Before)}});
  }
  for (const ShardError &E : Data.errors)
    Errors.push_back(json::Object{{"index", static_cast<int64_t>(E.index)},
                                  {"input", E.input},
                                  {"file", E.error.file},
                                  {"message", E.error.message}});
  json::Object Header{{"kind", ShardKind},
                      {"layout", ShardLayout},
                      {"version", CONCUR_LINT_VERSION},
                      {"format", TUFacts::FormatVersion},
                      {"shard", llvm::formatv("{0}/{1}", Data.shard.index, Data.shard.count).str()},
                      {"total_jobs", static_cast<int64_t>(Data.totalJobs)},
                      {"analysed_files", std::move(Files)},
                      {"units", std::move(Units)},
                      {"errors", std::move(Errors)},
                      {"checksum", contentHash(Payload)}};
  // One line of JSON (what a person or a script can read with `head -1`), then the facts.
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << json::Value(std::move(Header)) << "\n";
  OS.flush();
  Text += Payload;
  return Text;
}

namespace {

bool mapIndex(const json::Object &O, llvm::StringRef Key, size_t &Out) {
  std::optional<int64_t> V = O.getInteger(Key);
  if (!V || *V < 0)
    return false;
  Out = static_cast<size_t>(*V);
  return true;
}

}  // namespace

llvm::Expected<ShardData> parseShard(llvm::StringRef Text, llvm::StringRef FileName) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(FileName + ": error: " + Why);
  };
  auto [HeaderText, Payload] = Text.split('\n');
  llvm::Expected<json::Value> Json = json::parse(HeaderText);
  if (!Json)
    return Fail("not a concur-lint shard file (its first line is not JSON: " +
                llvm::toString(Json.takeError()) + ")");
  const json::Object *Root = Json->getAsObject();
  if (!Root || Root->getString("kind") != std::optional<llvm::StringRef>(ShardKind))
    return Fail("not a concur-lint shard file (written by --shard=i/n --facts-out=FILE)");
  std::optional<llvm::StringRef> Version = Root->getString("version");
  std::optional<int64_t> Format = Root->getInteger("format");
  std::optional<int64_t> Layout = Root->getInteger("layout");
  if (!Version || !Format || !Layout || *Version != CONCUR_LINT_VERSION ||
      *Format != TUFacts::FormatVersion || *Layout != ShardLayout)
    return Fail(llvm::formatv("written by concur-lint {0} (facts format {1}, shard layout {2}); "
                              "this is concur-lint {3} (facts format {4}, shard layout {5}): "
                              "run the shards again",
                              Version ? *Version : "?", Format ? *Format : -1,
                              Layout ? *Layout : 1, CONCUR_LINT_VERSION,
                              TUFacts::FormatVersion, ShardLayout));
  ShardData Data;
  std::optional<llvm::StringRef> Shard = Root->getString("shard");
  if (!Shard)
    return Fail("malformed shard file: no \"shard\"");
  llvm::Expected<ShardSpec> Spec = parseShardSpec(*Shard);
  if (!Spec) {
    llvm::consumeError(Spec.takeError());
    return Fail("malformed shard file: bad \"shard\": " + *Shard);
  }
  Data.shard = *Spec;
  if (!mapIndex(*Root, "total_jobs", Data.totalJobs))
    return Fail("malformed shard file: bad \"total_jobs\"");
  const json::Array *Files = Root->getArray("analysed_files");
  const json::Array *Units = Root->getArray("units");
  const json::Array *Errors = Root->getArray("errors");
  if (!Files || !Units || !Errors)
    return Fail("malformed shard file: \"analysed_files\", \"units\" and \"errors\" must be "
                "arrays");
  // The facts are checked as a whole before any is decoded: a truncated or damaged file is
  // named as such, not as the first unit that stops making sense.
  if (Root->getString("checksum") != std::optional<llvm::StringRef>(contentHash(Payload)))
    return Fail("malformed shard file: the facts after the first line are truncated or damaged "
                "(checksum mismatch)");
  for (const json::Value &F : *Files) {
    const json::Object *O = F.getAsObject();
    std::optional<llvm::StringRef> S = O ? O->getString("file") : std::nullopt;
    size_t Index = 0;
    if (!S || !mapIndex(*O, "index", Index))
      return Fail("malformed shard file: \"analysed_files\" must hold {index, file}");
    Data.analysedFiles.emplace_back(Index, S->str());
  }
  Data.units.reserve(Units->size());
  for (size_t I = 0; I < Units->size(); ++I) {
    const json::Object *U = (*Units)[I].getAsObject();
    ShardUnit Unit;
    if (!U || !mapIndex(*U, "index", Unit.index) || Unit.index >= Data.totalJobs)
      return Fail(llvm::formatv("malformed shard file: units[{0}] has no valid \"index\"", I));
    size_t Size = 0;
    if (!mapIndex(*U, "size", Size) || Size > Payload.size())
      return Fail(llvm::formatv("malformed shard file: units[{0}] has no valid \"size\"", I));
    llvm::Expected<TUFacts> Facts = decodeFacts(Payload.take_front(Size));
    if (!Facts)
      return Fail(llvm::formatv("malformed shard file: the facts of units[{0}]: {1}", I,
                                llvm::toString(Facts.takeError())));
    Payload = Payload.drop_front(Size);
    Unit.facts = std::move(*Facts);
    Data.units.push_back(std::move(Unit));
  }
  if (!Payload.empty())
    return Fail(llvm::formatv("malformed shard file: {0} byte(s) after the last unit's facts",
                              Payload.size()));
  for (size_t I = 0; I < Errors->size(); ++I) {
    const json::Object *E = (*Errors)[I].getAsObject();
    ShardError Error;
    std::optional<llvm::StringRef> File = E ? E->getString("file") : std::nullopt;
    std::optional<llvm::StringRef> Message = E ? E->getString("message") : std::nullopt;
    std::optional<bool> Input = E ? E->getBoolean("input") : std::nullopt;
    if (!E || !mapIndex(*E, "index", Error.index) || !Input || !File || !Message)
      return Fail(llvm::formatv(
          "malformed shard file: errors[{0}] needs index, input, file and message", I));
    Error.input = *Input;
    Error.error = {File->str(), Message->str()};
    Data.errors.push_back(std::move(Error));
  }
  return Data;
}

}  // namespace concurlint
