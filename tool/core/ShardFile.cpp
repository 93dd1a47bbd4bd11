#include "tool/core/ShardFile.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace concurlint {

namespace json = llvm::json;

static constexpr llvm::StringLiteral ShardKind = "concur-lint facts shard";

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
  json::Array Files, Units, Errors;
  for (const auto &[Index, File] : Data.analysedFiles)
    Files.push_back(json::Object{{"index", static_cast<int64_t>(Index)}, {"file", File}});
  for (const ShardUnit &U : Data.units)
    Units.push_back(json::Object{{"index", static_cast<int64_t>(U.index)}, {"facts", U.facts}});
  for (const ShardError &E : Data.errors)
    Errors.push_back(json::Object{{"index", static_cast<int64_t>(E.index)},
                                  {"input", E.input},
                                  {"file", E.error.file},
                                  {"message", E.error.message}});
  json::Object Root{{"kind", ShardKind},
                    {"version", CONCUR_LINT_VERSION},
                    {"format", TUFacts::FormatVersion},
                    {"shard", llvm::formatv("{0}/{1}", Data.shard.index, Data.shard.count).str()},
                    {"total_jobs", static_cast<int64_t>(Data.totalJobs)},
                    {"analysed_files", std::move(Files)},
                    {"units", std::move(Units)},
                    {"errors", std::move(Errors)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << json::Value(std::move(Root)) << "\n";
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
  llvm::Expected<json::Value> Json = json::parse(Text);
  if (!Json)
    return Fail("not a concur-lint shard file (invalid JSON: " +
                llvm::toString(Json.takeError()) + ")");
  const json::Object *Root = Json->getAsObject();
  if (!Root || Root->getString("kind") != std::optional<llvm::StringRef>(ShardKind))
    return Fail("not a concur-lint shard file (written by --shard=i/n --facts-out=FILE)");
  std::optional<llvm::StringRef> Version = Root->getString("version");
  std::optional<int64_t> Format = Root->getInteger("format");
  if (!Version || !Format || *Version != CONCUR_LINT_VERSION ||
      *Format != TUFacts::FormatVersion)
    return Fail(llvm::formatv("written by concur-lint {0} (facts format {1}); this is "
                              "concur-lint {2} (facts format {3}): run the shards again",
                              Version ? *Version : "?", Format ? *Format : -1,
                              CONCUR_LINT_VERSION, TUFacts::FormatVersion));
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
  for (const json::Value &F : *Files) {
    const json::Object *O = F.getAsObject();
    std::optional<llvm::StringRef> S = O ? O->getString("file") : std::nullopt;
    size_t Index = 0;
    if (!S || !mapIndex(*O, "index", Index))
      return Fail("malformed shard file: \"analysed_files\" must hold {index, file}");
    Data.analysedFiles.emplace_back(Index, S->str());
  }
  for (size_t I = 0; I < Units->size(); ++I) {
    const json::Object *U = (*Units)[I].getAsObject();
    ShardUnit Unit;
    if (!U || !mapIndex(*U, "index", Unit.index) || Unit.index >= Data.totalJobs)
      return Fail(llvm::formatv("malformed shard file: units[{0}] has no valid \"index\"", I));
    const json::Value *Facts = U->get("facts");
    json::Path::Root PathRoot(llvm::formatv("units[{0}].facts", I).str());
    if (!Facts)
      return Fail(llvm::formatv("malformed shard file: units[{0}] has no \"facts\"", I));
    if (!fromJSON(*Facts, Unit.facts, PathRoot))
      return Fail(llvm::formatv("malformed shard file: {0}",
                                llvm::toString(PathRoot.getError())));
    Data.units.push_back(std::move(Unit));
  }
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
