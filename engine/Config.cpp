#include "engine/Config.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <yaml-cpp/yaml.h>

namespace concurlint {

namespace path = llvm::sys::path;

static llvm::Error makeError(const llvm::Twine &Message) {
  return llvm::make_error<llvm::StringError>(Message, llvm::inconvertibleErrorCode());
}

bool globMatch(llvm::StringRef Glob, llvm::StringRef Text) {
  // Iterative matcher with backtracking to the last star: linear for rule-sized inputs.
  size_t G = 0, T = 0, Star = llvm::StringRef::npos, Mark = 0;
  while (T < Text.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      Star = G++;
      Mark = T;
    } else if (G < Glob.size() && Glob[G] == Text[T]) {
      ++G;
      ++T;
    } else if (Star != llvm::StringRef::npos) {
      G = Star + 1;
      T = ++Mark;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

bool ruleMatches(llvm::StringRef Glob, llvm::StringRef RuleId) {
  return globMatch(Glob, RuleId) || globMatch(Glob, ("concur-" + RuleId).str());
}

/// A rule key must name a rule (or be a glob that could): a typo is an error, not a no-op.
static llvm::Error checkRuleGlob(llvm::StringRef Glob, llvm::StringRef File,
                                 const YAML::Node *Node) {
  const RuleCatalog &Catalog = RuleCatalog::builtin();
  if (Glob.contains('*')) {
    for (const RuleInfo &R : Catalog.rules())
      if (ruleMatches(Glob, R.id))
        return llvm::Error::success();
    // A glob matching nothing today may match a later rule: allowed.
    return llvm::Error::success();
  }
  if (Catalog.find(Glob))
    return llvm::Error::success();
  std::string Hint = Catalog.suggest(Glob.starts_with("concur-") ? Glob.drop_front(7) : Glob);
  std::string Message = "unknown rule '" + Glob.str() + "'" +
                        (Hint.empty() ? "; see --list-rules" : "; did you mean '" + Hint + "'?");
  if (Node)
    return yamlError(File, *Node, Message);
  return makeError(File + ": error: " + Message);
}

static llvm::Error parseRuleSettings(const YAML::Node &Rules, llvm::StringRef File,
                                     ConfigLayer &Layer) {
  if (!Rules.IsMap())
    return yamlError(File, Rules,
                     "'rules' maps a rule id or glob to true, false, or its settings");
  for (auto It = Rules.begin(); It != Rules.end(); ++It) {
    RuleSetting S;
    S.glob = It->first.as<std::string>();
    if (auto E = checkRuleGlob(S.glob, File, &It->first))
      return E;
    const YAML::Node V = It->second;
    if (V.IsScalar()) {
      bool On;
      if (!YAML::convert<bool>::decode(V, On))
        return yamlError(File, V, "expected true, false, or a mapping of settings");
      S.enabled = On;
    } else if (V.IsMap()) {
      for (auto KV = V.begin(); KV != V.end(); ++KV) {
        std::string Key = KV->first.as<std::string>();
        if (Key == "enabled") {
          bool On;
          if (!KV->second.IsScalar() || !YAML::convert<bool>::decode(KV->second, On))
            return yamlError(File, KV->second, "'enabled' must be true or false");
          S.enabled = On;
        } else if (Key == "severity") {
          auto Sev = KV->second.IsScalar() ? parseSeverity(KV->second.as<std::string>())
                                           : std::nullopt;
          if (!Sev)
            return yamlError(File, KV->second, "'severity' must be info, warning or error");
          S.severity = *Sev;
        } else if (Key == "min-confidence") {
          auto Min = KV->second.IsScalar() ? parseConfidence(KV->second.as<std::string>())
                                           : std::nullopt;
          if (!Min)
            return yamlError(File, KV->second, "'min-confidence' must be low, medium or high");
          S.minConfidence = *Min;
        } else if (Key == "options") {
          if (!KV->second.IsMap())
            return yamlError(File, KV->second, "'options' must be a mapping");
          for (auto O = KV->second.begin(); O != KV->second.end(); ++O) {
            std::string Name = O->first.as<std::string>();
            // Check the option against every rule the key names.
            for (const RuleInfo &R : RuleCatalog::builtin().rules()) {
              if (!ruleMatches(S.glob, R.id) || R.option(Name))
                continue;
              std::vector<std::string> Names;
              for (const RuleOption &Opt : R.options)
                Names.push_back(Opt.name);
              std::string Hint = closest(Name, Names);
              return yamlError(File, O->first,
                               "rule '" + R.id + "' has no option '" + Name + "'" +
                                   (Hint.empty() ? (Names.empty() ? std::string("; it has none")
                                                                  : "; options: " +
                                                                        llvm::join(Names, ", "))
                                                 : "; did you mean '" + Hint + "'?"));
            }
            if (!O->second.IsScalar())
              return yamlError(File, O->second, "an option value must be a scalar");
            S.options[Name] = O->second.as<std::string>();
          }
        } else {
          std::vector<std::string> Keys = {"enabled", "severity", "min-confidence", "options"};
          std::string Hint = closest(Key, Keys);
          return yamlError(File, KV->first,
                           "unknown key '" + Key + "' in the settings of '" + S.glob + "'" +
                               (Hint.empty() ? "; allowed: enabled, severity, min-confidence, options"
                                             : "; did you mean '" + Hint + "'?"));
        }
      }
    } else {
      return yamlError(File, V, "expected true, false, or a mapping of settings");
    }
    Layer.rules.push_back(std::move(S));
  }
  return llvm::Error::success();
}

llvm::Expected<ConfigLayer> parseConfigText(llvm::StringRef Text, llvm::StringRef File) {
  ConfigLayer Layer;
  Layer.source = File.str();
  YAML::Node Root;
  try {
    Root = YAML::Load(Text.str());
  } catch (const YAML::Exception &E) {
    return makeError(File + ":" + llvm::Twine(E.mark.line + 1) + ":" +
                     llvm::Twine(E.mark.column + 1) + ": error: invalid YAML: " + E.msg);
  }
  if (!Root || Root.IsNull())
    return Layer;  // an empty file configures nothing
  if (!Root.IsMap())
    return yamlError(File, Root, "the configuration must be a mapping of keys");
  static const std::vector<std::string> Keys = {"inherit", "rules", "blocking-functions",
                                                "remove-blocking-functions", "frameworks",
                                                "thread-spawners", "thread-joiners",
                                                "thread-safe-types"};
  try {
    for (auto It = Root.begin(); It != Root.end(); ++It) {
      std::string Key = It->first.as<std::string>();
      const YAML::Node V = It->second;
      if (Key == "inherit") {
        if (!V.IsScalar() || !YAML::convert<bool>::decode(V, Layer.inherit))
          return yamlError(File, V, "'inherit' must be true or false");
      } else if (Key == "rules") {
        if (auto E = parseRuleSettings(V, File, Layer))
          return std::move(E);
      } else if (Key == "blocking-functions") {
        if (!V.IsSequence())
          return yamlError(File, V, "'blocking-functions' must be a list");
        for (const YAML::Node &N : V) {
          auto F = parseBlockingFunction(N, File);
          if (!F)
            return F.takeError();
          Layer.addBlocking.push_back(std::move(*F));
        }
      } else if (Key == "remove-blocking-functions") {
        if (!V.IsSequence())
          return yamlError(File, V, "'remove-blocking-functions' must be a list of names");
        for (const YAML::Node &N : V) {
          if (!N.IsScalar())
            return yamlError(File, N, "expected a function name");
          Layer.removeBlocking.push_back(N.as<std::string>());
        }
      } else if (Key == "frameworks") {
        if (!V.IsSequence())
          return yamlError(File, V, "'frameworks' must be a list");
        for (const YAML::Node &N : V) {
          auto F = parseFramework(N, File);
          if (!F)
            return F.takeError();
          Layer.addFrameworks.push_back(std::move(*F));
        }
      } else if (Key == "thread-spawners") {
        if (!V.IsSequence())
          return yamlError(File, V, "'thread-spawners' must be a list");
        for (const YAML::Node &N : V) {
          auto S = parseThreadSpawner(N, File);
          if (!S)
            return S.takeError();
          Layer.addSpawners.push_back(std::move(*S));
        }
      } else if (Key == "thread-joiners") {
        if (!V.IsSequence())
          return yamlError(File, V, "'thread-joiners' must be a list");
        for (const YAML::Node &N : V) {
          auto J = parseThreadJoiner(N, File);
          if (!J)
            return J.takeError();
          Layer.addJoiners.push_back(std::move(*J));
        }
      } else if (Key == "thread-safe-types") {
        if (!V.IsSequence())
          return yamlError(File, V, "'thread-safe-types' must be a list of class names");
        for (const YAML::Node &N : V) {
          if (!N.IsScalar())
            return yamlError(File, N, "expected a class name");
          Layer.addThreadSafeTypes.push_back(N.as<std::string>());
        }
      } else {
        std::string Hint = closest(Key, Keys);
        return yamlError(File, It->first,
                         "unknown key '" + Key + "'" +
                             (Hint.empty() ? "; allowed: " + llvm::join(Keys, ", ")
                                           : "; did you mean '" + Hint + "'?"));
      }
    }
  } catch (const YAML::Exception &E) {
    return makeError(File + ":" + llvm::Twine(E.mark.line + 1) + ":" +
                     llvm::Twine(E.mark.column + 1) + ": error: " + E.msg);
  }
  return Layer;
}

llvm::Expected<ConfigLayer> parseConfigFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return makeError(Path + ": error: cannot read configuration: " +
                     Buffer.getError().message());
  return parseConfigText((*Buffer)->getBuffer(), Path);
}

llvm::Expected<ConfigLayer> parseRulesFlag(llvm::StringRef Flag) {
  ConfigLayer Layer;
  Layer.source = "--rules";
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Flag.split(Items, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    RuleSetting S;
    S.enabled = !Item.consume_front("-");
    S.glob = Item.str();
    if (auto E = checkRuleGlob(S.glob, "--rules", nullptr))
      return std::move(E);
    Layer.rules.push_back(std::move(S));
  }
  return Layer;
}

Config::Config(std::vector<std::shared_ptr<const ConfigLayer>> TheLayers)
    : Layers(std::move(TheLayers)) {}

const BlockingCatalog &Config::blocking() const {
  std::call_once(CatalogsBuilt, [this] { buildCatalogs(); });
  return Blocking;
}

const ThreadCatalog &Config::threads() const {
  std::call_once(CatalogsBuilt, [this] { buildCatalogs(); });
  return Threads;
}

void Config::buildCatalogs() const {
  Blocking = builtinBlockingCatalog();
  Threads = builtinThreadCatalog();
  for (const auto &L : Layers) {
    // The nearest configuration's spawners and joiners are matched first.
    Threads.spawners.insert(Threads.spawners.begin(), L->addSpawners.begin(),
                            L->addSpawners.end());
    Threads.joiners.insert(Threads.joiners.begin(), L->addJoiners.begin(), L->addJoiners.end());
    Threads.threadSafeTypes.insert(Threads.threadSafeTypes.end(), L->addThreadSafeTypes.begin(),
                                   L->addThreadSafeTypes.end());
    for (const std::string &Name : L->removeBlocking)
      std::erase_if(Blocking.functions,
                    [&](const BlockingFunction &F) { return F.name == Name; });
    Blocking.functions.insert(Blocking.functions.end(), L->addBlocking.begin(),
                              L->addBlocking.end());
    // The nearest configuration's frameworks are tried first.
    Blocking.frameworks.insert(Blocking.frameworks.begin(), L->addFrameworks.begin(),
                               L->addFrameworks.end());
  }
}

bool Config::enabled(llvm::StringRef Rule) const {
  bool On = RuleCatalog::builtin().find(Rule) != nullptr;
  for (const auto &L : Layers)
    for (const RuleSetting &S : L->rules)
      if (S.enabled && ruleMatches(S.glob, Rule))
        On = *S.enabled;
  return On;
}

Severity Config::severity(llvm::StringRef Rule) const {
  if (std::optional<Severity> Set = configuredSeverity(Rule))
    return *Set;
  const RuleInfo *Info = RuleCatalog::builtin().find(Rule);
  return Info ? Info->defaultSeverity : Severity::Warning;
}

std::optional<Severity> Config::configuredSeverity(llvm::StringRef Rule) const {
  std::optional<Severity> Sev;
  for (const auto &L : Layers)
    for (const RuleSetting &S : L->rules)
      if (S.severity && ruleMatches(S.glob, Rule))
        Sev = *S.severity;
  return Sev;
}

Confidence Config::minConfidence(llvm::StringRef Rule) const {
  Confidence Min = Confidence::Medium;
  for (const auto &L : Layers)
    for (const RuleSetting &S : L->rules)
      if (S.minConfidence && ruleMatches(S.glob, Rule))
        Min = *S.minConfidence;
  return Min;
}

std::string Config::option(llvm::StringRef Rule, llvm::StringRef Name) const {
  std::string Value;
  if (const RuleInfo *Info = RuleCatalog::builtin().find(Rule))
    if (const RuleOption *O = Info->option(Name))
      Value = O->defaultValue;
  for (const auto &L : Layers)
    for (const RuleSetting &S : L->rules)
      if (ruleMatches(S.glob, Rule))
        if (auto It = S.options.find(Name.str()); It != S.options.end())
          Value = It->second;
  return Value;
}

bool Config::boolOption(llvm::StringRef Rule, llvm::StringRef Name) const {
  std::string V = llvm::StringRef(option(Rule, Name)).trim().lower();
  return V == "true" || V == "yes" || V == "on" || V == "1";
}

std::vector<std::string> Config::sources() const {
  std::vector<std::string> Out;
  for (const auto &L : Layers)
    Out.push_back(L->source);
  return Out;
}

ConfigResolver::ConfigResolver(std::string ExplicitFile, std::optional<ConfigLayer> CliLayer)
    : ExplicitFile(std::move(ExplicitFile)) {
  if (CliLayer)
    Cli = std::make_shared<const ConfigLayer>(std::move(*CliLayer));
}

llvm::Expected<std::shared_ptr<const ConfigLayer>> ConfigResolver::layer(const std::string &P) {
  auto It = Layers.find(P);
  if (It != Layers.end())
    return It->second;
  auto Parsed = parseConfigFile(P);
  if (!Parsed)
    return Parsed.takeError();
  auto Shared = std::make_shared<const ConfigLayer>(std::move(*Parsed));
  Layers[P] = Shared;
  return Shared;
}

llvm::Expected<std::vector<std::shared_ptr<const ConfigLayer>>>
ConfigResolver::chainFor(llvm::StringRef Dir) {
  std::vector<std::shared_ptr<const ConfigLayer>> Chain;  // nearest first
  if (!ExplicitFile.empty()) {
    Probed.insert(ExplicitFile);
    auto L = layer(ExplicitFile);
    if (!L)
      return L.takeError();
    Chain.push_back(*L);
    return Chain;
  }
  for (llvm::StringRef D = Dir; !D.empty(); D = path::parent_path(D)) {
    llvm::SmallString<256> Candidate(D);
    path::append(Candidate, ".concur-lint.yaml");
    Probed.insert(Candidate.str().str());
    if (!llvm::sys::fs::is_regular_file(Candidate))
      continue;
    auto L = layer(Candidate.str().str());
    if (!L)
      return L.takeError();
    Chain.push_back(*L);
    if (!(*L)->inherit)
      break;
  }
  return Chain;
}

std::vector<std::string> ConfigResolver::probed() const {
  return std::vector<std::string>(Probed.begin(), Probed.end());
}

llvm::Expected<const Config *> ConfigResolver::forFile(llvm::StringRef File) {
  std::string Dir = path::parent_path(File).str();
  auto It = ByDirectory.find(Dir);
  if (It != ByDirectory.end())
    return It->second.get();
  auto Chain = chainFor(Dir);
  if (!Chain)
    return Chain.takeError();
  std::vector<std::shared_ptr<const ConfigLayer>> Ordered(Chain->rbegin(), Chain->rend());
  if (Cli)
    Ordered.push_back(Cli);
  auto &Slot = ByDirectory[Dir];
  Slot = std::make_unique<Config>(std::move(Ordered));
  return Slot.get();
}

}  // namespace concurlint
