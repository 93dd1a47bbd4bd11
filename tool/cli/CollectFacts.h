// The first half of a run: the facts of every TU, analysed now (in parallel, through the facts
// cache), read from shard files (`link`), or written to a shard file (`--shard`).
#pragma once

#include "driver/FactsCache.h"
#include "driver/RunCodec.h"
#include "engine/Config.h"
#include "engine/Finding.h"
#include "tool/cli/CliOptions.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concurlint::cli {

/// What the analysis (or the shard files) hands to the rules and the report.
struct Analysed {
  std::vector<TUFacts> facts;  // in the order of the run's TUs
  std::vector<AnalysisError> errors;
  std::vector<std::string> files;  // analysed files and the headers they stand for
  size_t jobs = 0;                 // TUs
};

/// The facts and run caches of a run.
struct RunCache {
  std::unique_ptr<FactsCache> cache;
  std::string key;                 // the run cache's key; empty when it does not apply
  std::optional<CachedRun> reused;  // the findings of this run, from the run cache
};

/// `link`: the union of the shard files, units in the order of the whole run's TUs. Returns an
/// exit status when the run ends here (a bad shard file or configuration).
std::optional<int> loadShards(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Out);

/// The inputs resolved to compile jobs and analysed (this shard's slice of them with --shard,
/// whose facts are then written to --facts-out and the run ends). Returns an exit status when
/// the run ends here.
std::optional<int> collectFacts(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Out,
                                RunCache &Cache);

}  // namespace concurlint::cli
