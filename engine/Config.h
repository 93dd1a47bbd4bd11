// Configuration: built-in defaults, then each .concur-lint.yaml from the outermost inherited one
// to the nearest, then the command line's --rules. Later layers win.
#pragma once

#include "engine/Catalog.h"
#include "engine/ThreadCatalog.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace concurlint {

/// `*` matches any run of characters. A rule id matches a glob when the id or
/// `concur-<id>` does.
bool globMatch(llvm::StringRef Glob, llvm::StringRef Text);
bool ruleMatches(llvm::StringRef Glob, llvm::StringRef RuleId);

struct RuleSetting {
  std::string glob;
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  std::optional<Confidence> minConfidence;  // `min-confidence`
  std::map<std::string, std::string> options;
};

/// One configuration file (or the command line), as written.
struct ConfigLayer {
  std::string source;  // file path, or "--rules"
  bool inherit = false;
  std::vector<RuleSetting> rules;
  std::vector<BlockingFunction> addBlocking;
  std::vector<std::string> removeBlocking;
  std::vector<Framework> addFrameworks;
  std::vector<ThreadSpawner> addSpawners;
  std::vector<ThreadJoiner> addJoiners;
  std::vector<std::string> addThreadSafeTypes;
};

/// Parses a .concur-lint.yaml. Errors name the file, line and column; unknown keys and rule
/// ids are errors with a suggestion.
llvm::Expected<ConfigLayer> parseConfigFile(llvm::StringRef Path);
llvm::Expected<ConfigLayer> parseConfigText(llvm::StringRef Text, llvm::StringRef Path);

/// Parses `--rules=GLOB,-GLOB,…`: a leading `-` disables. Unknown plain ids are errors.
llvm::Expected<ConfigLayer> parseRulesFlag(llvm::StringRef Flag);

/// The effective configuration for the files of one directory.
class Config {
public:
  explicit Config(std::vector<std::shared_ptr<const ConfigLayer>> Layers);

  bool enabled(llvm::StringRef Rule) const;
  /// The rule's severity: as configured, else the catalog's default.
  Severity severity(llvm::StringRef Rule) const;
  /// The severity a configuration layer sets for the rule, if any does.
  std::optional<Severity> configuredSeverity(llvm::StringRef Rule) const;
  /// The lowest confidence of the rule's findings that is reported: as configured, else medium.
  Confidence minConfidence(llvm::StringRef Rule) const;
  /// The option's value as written, or the catalog default.
  std::string option(llvm::StringRef Rule, llvm::StringRef Name) const;
  bool boolOption(llvm::StringRef Rule, llvm::StringRef Name) const;

  /// The built-in catalogs with this configuration's additions, made on first use: a run whose
  /// findings come from the run cache never parses the built-in YAML.
  const BlockingCatalog &blocking() const;
  const ThreadCatalog &threads() const;
  /// The config files that made this configuration, outermost first (for messages).
  std::vector<std::string> sources() const;

private:
  void buildCatalogs() const;

  std::vector<std::shared_ptr<const ConfigLayer>> Layers;
  mutable std::once_flag CatalogsBuilt;
  mutable BlockingCatalog Blocking;
  mutable ThreadCatalog Threads;
};

/// Finds and caches the configuration of each directory.
class ConfigResolver {
public:
  /// `ExplicitFile`: --config (used for every file, no discovery). `Cli`: --rules.
  ConfigResolver(std::string ExplicitFile, std::optional<ConfigLayer> Cli);

  /// The configuration for a file; loading errors are returned (a broken config is an error
  /// the user must see, never silently ignored).
  llvm::Expected<const Config *> forFile(llvm::StringRef File);

  /// Every configuration file path looked at so far, found or not (--config's included): the
  /// configuration of the files seen is the same while these are (the run cache checks them).
  std::vector<std::string> probed() const;

private:
  llvm::Expected<std::shared_ptr<const ConfigLayer>> layer(const std::string &Path);
  llvm::Expected<std::vector<std::shared_ptr<const ConfigLayer>>> chainFor(llvm::StringRef Dir);

  std::string ExplicitFile;
  std::shared_ptr<const ConfigLayer> Cli;
  std::map<std::string, std::shared_ptr<const ConfigLayer>> Layers;
  std::map<std::string, std::unique_ptr<Config>> ByDirectory;
  std::set<std::string> Probed;
};

}  // namespace concurlint
