#include "engine/Catalog.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <yaml-cpp/yaml.h>

namespace concurlint {

namespace {
#include "CatalogData.inc"  // RuleCatalogYaml, BlockingCatalogYaml: engine/catalogs/*.yaml, built in

std::string scalar(const YAML::Node &N, const char *Key) {
  const YAML::Node V = N[Key];
  return V && V.IsScalar() ? V.as<std::string>() : std::string();
}

llvm::Expected<std::vector<std::string>> stringList(const YAML::Node &N, llvm::StringRef Where,
                                                    llvm::StringRef What) {
  std::vector<std::string> Out;
  if (!N)
    return Out;
  if (N.IsScalar()) {
    Out.push_back(N.as<std::string>());
    return Out;
  }
  if (!N.IsSequence())
    return yamlError(Where, N, What + " must be a list of strings");
  for (const YAML::Node &E : N) {
    if (!E.IsScalar())
      return yamlError(Where, E, What + " must be a list of strings");
    Out.push_back(E.as<std::string>());
  }
  return Out;
}

}  // namespace

llvm::Error yamlError(llvm::StringRef File, const YAML::Node &N, const llvm::Twine &Message) {
  YAML::Mark M = N.Mark();
  std::string Where = File.str();
  if (!M.is_null())
    Where += ":" + std::to_string(M.line + 1) + ":" + std::to_string(M.column + 1);
  return llvm::make_error<llvm::StringError>(Where + ": error: " + Message,
                                             llvm::inconvertibleErrorCode());
}

llvm::Error checkKeys(const YAML::Node &N, llvm::StringRef Where,
                      std::initializer_list<std::string> Allowed, llvm::StringRef What) {
  std::vector<std::string> Keys(Allowed);
  for (auto It = N.begin(); It != N.end(); ++It) {
    std::string Key = It->first.as<std::string>();
    if (std::find(Keys.begin(), Keys.end(), Key) != Keys.end())
      continue;
    std::string Hint = closest(Key, Keys);
    return yamlError(Where, It->first,
                     "unknown key '" + Key + "' in " + What +
                         (Hint.empty() ? std::string("; allowed: ") + llvm::join(Keys, ", ")
                                       : "; did you mean '" + Hint + "'?"));
  }
  return llvm::Error::success();
}

std::string closest(llvm::StringRef Word, llvm::ArrayRef<std::string> Candidates) {
  std::string Best;
  unsigned BestDistance = std::max<unsigned>(2, Word.size() / 3) + 1;
  for (const std::string &C : Candidates) {
    unsigned D = Word.edit_distance(C, /*AllowReplacements=*/true, BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = C;
    }
  }
  return Best;
}

bool reportOrder(const Finding &A, const Finding &B) {
  return std::tie(A.where.file, A.where.line, A.where.column, A.rule, A.message) <
         std::tie(B.where.file, B.where.line, B.where.column, B.rule, B.message);
}

const RuleOption *RuleInfo::option(llvm::StringRef Name) const {
  for (const RuleOption &O : options)
    if (O.name == Name)
      return &O;
  return nullptr;
}

/// The category names, for messages: "sleep, file, network, lock, sync, process".
static std::string blockingCategoryList() {
  std::vector<llvm::StringRef> Names(enumNames(BlockingCategory{}).begin(),
                                     enumNames(BlockingCategory{}).end());
  return llvm::join(Names, ", ");
}

llvm::Expected<BlockingFunction> parseBlockingFunction(const YAML::Node &N,
                                                       llvm::StringRef Where) {
  if (!N.IsMap())
    return yamlError(Where, N, "a blocking function is a mapping with 'name' and 'category'");
  if (auto E = checkKeys(N, Where, {"name", "category", "instead", "on"}, "a blocking function"))
    return std::move(E);
  BlockingFunction F;
  F.name = scalar(N, "name");
  F.instead = scalar(N, "instead");
  if (F.name.empty())
    return yamlError(Where, N, "a blocking function needs a 'name'");
  std::optional<BlockingCategory> Category = parseEnum<BlockingCategory>(scalar(N, "category"));
  if (!Category)
    return yamlError(Where, N["category"] ? N["category"] : N,
                     "category of '" + F.name + "' must be one of: " + blockingCategoryList());
  F.category = *Category;
  auto On = stringList(N["on"], Where, "'on'");
  if (!On)
    return On.takeError();
  F.on = std::move(*On);
  return F;
}

llvm::Expected<Framework> parseFramework(const YAML::Node &N, llvm::StringRef Where) {
  if (!N.IsMap())
    return yamlError(Where, N, "a framework is a mapping with 'name', 'coroutine-types', 'fixes'");
  if (auto E = checkKeys(N, Where, {"name", "coroutine-types", "include", "fixes", "offload"},
                         "a framework"))
    return std::move(E);
  Framework F;
  F.name = scalar(N, "name");
  F.include = scalar(N, "include");
  if (F.name.empty())
    return yamlError(Where, N, "a framework needs a 'name'");
  auto CheckInclude = [&](const YAML::Node &Owner, const std::string &Include) -> llvm::Error {
    if (!Include.empty() && !((Include.front() == '<' && Include.back() == '>') ||
                              (Include.front() == '"' && Include.back() == '"')))
      return yamlError(Where, Owner["include"],
                       "'include' must be written <header> or \"header\" (quoted in YAML)");
    return llvm::Error::success();
  };
  if (auto E = CheckInclude(N, F.include))
    return std::move(E);
  if (const YAML::Node Offload = N["offload"]) {
    if (!Offload.IsMap())
      return yamlError(Where, Offload,
                       "'offload' is a mapping with 'replacement', 'include', 'categories' "
                       "and optionally 'except'");
    if (auto E = checkKeys(Offload, Where, {"replacement", "include", "categories", "except"},
                           "an offload"))
      return std::move(E);
    F.offload.replacement = scalar(Offload, "replacement");
    F.offload.include = scalar(Offload, "include");
    if (llvm::StringRef(F.offload.replacement).find("{call}") == llvm::StringRef::npos)
      return yamlError(Where, Offload, "an offload 'replacement' must contain {call}");
    if (auto E = CheckInclude(Offload, F.offload.include))
      return std::move(E);
    auto Categories = stringList(Offload["categories"], Where, "'categories'");
    if (!Categories)
      return Categories.takeError();
    if (Categories->empty())
      return yamlError(Where, Offload, "an offload needs 'categories'");
    for (const std::string &C : *Categories) {
      std::optional<BlockingCategory> Category = parseEnum<BlockingCategory>(C);
      if (!Category)
        return yamlError(Where, Offload["categories"],
                         "offload category '" + C + "' must be one of: " + blockingCategoryList());
      F.offload.categories.push_back(*Category);
    }
    auto Except = stringList(Offload["except"], Where, "'except'");
    if (!Except)
      return Except.takeError();
    F.offload.except = std::move(*Except);
  }
  auto Types = stringList(N["coroutine-types"], Where, "'coroutine-types'");
  if (!Types)
    return Types.takeError();
  if (Types->empty())
    return yamlError(Where, N, "framework '" + F.name + "' needs 'coroutine-types'");
  F.coroutineTypes = std::move(*Types);
  const YAML::Node Fixes = N["fixes"];
  if (Fixes) {
    if (!Fixes.IsMap())
      return yamlError(Where, Fixes, "'fixes' maps a blocking function to its replacement text");
    for (auto It = Fixes.begin(); It != Fixes.end(); ++It) {
      std::string Name = It->first.as<std::string>();
      if (It->second.IsMap()) {  // {replacement: "...", include: "<header>"}
        if (auto E = checkKeys(It->second, Where, {"replacement", "include"}, "a fix"))
          return std::move(E);
        std::string Replacement = scalar(It->second, "replacement");
        if (Replacement.empty())
          return yamlError(Where, It->second, "a fix needs a 'replacement'");
        std::string Include = scalar(It->second, "include");
        if (auto E = CheckInclude(It->second, Include))
          return std::move(E);
        F.fixes[Name] = Replacement;
        if (!Include.empty())
          F.fixIncludes[Name] = Include;
        continue;
      }
      if (!It->second.IsScalar())
        return yamlError(Where, It->second,
                         "a replacement is a string, or a mapping with 'replacement' and 'include'");
      F.fixes[Name] = It->second.as<std::string>();
    }
  }
  return F;
}

const RuleCatalog &RuleCatalog::builtin() {
  static const RuleCatalog Catalog = [] {
    RuleCatalog C;
    YAML::Node Root = YAML::Load(RuleCatalogYaml);
    for (const YAML::Node &R : Root["rules"]) {
      RuleInfo Info;
      Info.id = scalar(R, "id");
      Info.summary = scalar(R, "summary");
      Info.description = scalar(R, "description");
      Info.docs = scalar(R, "docs");
      Info.defaultSeverity = parseSeverity(scalar(R, "severity")).value_or(Severity::Warning);
      for (const YAML::Node &O : R["options"])
        Info.options.push_back({scalar(O, "name"), scalar(O, "type"), scalar(O, "default"),
                                scalar(O, "description")});
      C.Rules.push_back(std::move(Info));
    }
    return C;
  }();
  return Catalog;
}

const RuleInfo *RuleCatalog::find(llvm::StringRef Id) const {
  Id.consume_front("concur-");
  for (const RuleInfo &R : Rules)
    if (R.id == Id)
      return &R;
  return nullptr;
}

std::string RuleCatalog::suggest(llvm::StringRef Id) const {
  std::vector<std::string> Ids;
  for (const RuleInfo &R : Rules)
    Ids.push_back(R.id);
  return closest(Id, Ids);
}

const BlockingCatalog &builtinBlockingCatalog() {
  static const BlockingCatalog Catalog = [] {
    BlockingCatalog C;
    YAML::Node Root = YAML::Load(BlockingCatalogYaml);
    const char *Where = "engine/catalogs/blocking-functions.yaml";
    for (auto It = Root["categories"].begin(); It != Root["categories"].end(); ++It)
      C.categoryAdvice[*parseEnum<BlockingCategory>(It->first.as<std::string>())] =
          It->second.as<std::string>();
    for (const YAML::Node &N : Root["functions"])
      C.functions.push_back(llvm::cantFail(parseBlockingFunction(N, Where)));
    for (const YAML::Node &N : Root["frameworks"])
      C.frameworks.push_back(llvm::cantFail(parseFramework(N, Where)));
    return C;
  }();
  return Catalog;
}

}  // namespace concurlint
