// The interface every rule implements: a whole-program pass over the linked facts.
#pragma once

#include "engine/Config.h"
#include "engine/Finding.h"
#include "engine/Program.h"

#include <memory>
#include <string>
#include <vector>

namespace concurlint {

class ConfigResolver;

/// What a rule sees besides the program: the configuration of each file, and where to report.
class RuleContext {
public:
  RuleContext(ConfigResolver &Configs, std::vector<std::string> &ConfigErrors)
      : Configs(Configs), ConfigErrors(ConfigErrors) {}

  /// The configuration governing `File`. A configuration that fails to load here (one not seen
  /// at start-up) is recorded as an error and the defaults are used for the file.
  const Config &configFor(llvm::StringRef File);

  void report(Finding F) { Findings.push_back(std::move(F)); }
  std::vector<Finding> takeFindings() { return std::move(Findings); }

private:
  ConfigResolver &Configs;
  std::vector<std::string> &ConfigErrors;
  std::vector<Finding> Findings;
  std::unique_ptr<Config> Defaults;
};

class Rule {
public:
  virtual ~Rule() = default;
  /// The id in the rule catalog (engine/catalogs/rules.yaml).
  virtual llvm::StringRef id() const = 0;
  /// Reports findings over the whole program. Severity is set later from the configuration.
  virtual void check(const Program &P, RuleContext &Ctx) = 0;
};

}  // namespace concurlint
