#include "engine/Engine.h"

#include "engine/Nolint.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace concurlint {

const Config &RuleContext::configFor(llvm::StringRef File) {
  auto C = Configs.forFile(File);
  if (C)
    return **C;
  ConfigErrors.push_back(llvm::toString(C.takeError()));
  if (!Defaults)
    Defaults = std::make_unique<Config>(std::vector<std::shared_ptr<const ConfigLayer>>{});
  return *Defaults;
}

EngineResult runRules(const Program &P, const std::vector<std::unique_ptr<Rule>> &Rules,
                      ConfigResolver &Configs, const std::vector<std::string> &AnalysedFiles) {
  EngineResult Result;
  RuleContext Ctx(Configs, Result.configErrors);
  std::vector<Finding> Raw;
  for (const auto &R : Rules) {
    R->check(P, Ctx);
    for (Finding &F : Ctx.takeFindings()) {
      F.rule = R->id().str();
      Raw.push_back(std::move(F));
    }
  }

  llvm::StringMap<std::unique_ptr<NolintIndex>> Nolint;
  auto IndexFor = [&](const std::string &File) -> const NolintIndex * {
    auto &Slot = Nolint[File];
    if (!Slot) {
      std::optional<llvm::StringRef> Text = P.fileContent(File);
      Slot = std::make_unique<NolintIndex>(File, Text ? *Text : llvm::StringRef());
    }
    return Slot.get();
  };

  std::set<std::tuple<std::string, std::string, unsigned, unsigned, std::string>> Seen;
  for (Finding &F : Raw) {
    const Config &C = Ctx.configFor(F.where.file);
    if (!C.enabled(F.rule) || F.confidence < C.minConfidence(F.rule))
      continue;
    F.severity = C.configuredSeverity(F.rule).value_or(F.ownSeverity.value_or(C.severity(F.rule)));
    if (IndexFor(F.where.file)->suppresses(F.where.line, F.rule))
      continue;
    if (!Seen.insert({F.rule, F.where.file, F.where.line, F.where.column, F.message}).second)
      continue;
    Result.findings.push_back(std::move(F));
  }

  // Broken suppression comments are reported in the files analysed and the files reported on.
  std::set<std::string> Files(AnalysedFiles.begin(), AnalysedFiles.end());
  for (const Finding &F : Result.findings)
    Files.insert(F.where.file);
  for (const std::string &File : Files)
    for (const Finding &Problem : IndexFor(File)->problems())
      if (Ctx.configFor(File).enabled(Problem.rule))
        Result.findings.push_back(Problem);

  std::sort(Result.findings.begin(), Result.findings.end(), reportOrder);
  return Result;
}

}  // namespace concurlint
