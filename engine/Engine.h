// Runs the rules over a program and turns their raw findings into the report: configuration
// (enabled, severity), NOLINT suppression, one finding per place (headers are seen by many
// TUs), and a stable order.
#pragma once

#include "engine/Config.h"
#include "engine/Finding.h"
#include "engine/Program.h"
#include "engine/Rule.h"

#include <memory>
#include <string>
#include <vector>

namespace concurlint {

struct EngineResult {
  std::vector<Finding> findings;
  std::vector<std::string> configErrors;
};

EngineResult runRules(const Program &P, const std::vector<std::unique_ptr<Rule>> &Rules,
                      ConfigResolver &Configs, const std::vector<std::string> &AnalysedFiles);

}  // namespace concurlint
