// The second half of a run: the rules over the linked program (or the findings the run cache
// kept for the same facts), then fixes, the report and the exit status.
#pragma once

#include "engine/Config.h"
#include "engine/Engine.h"
#include "engine/Program.h"
#include "tool/cli/CliOptions.h"
#include "tool/cli/CollectFacts.h"

#include <optional>

namespace concurlint::cli {

/// --dump-facts: the facts of every TU as JSON on stdout.
int dumpFacts(const Analysed &Run);

/// --list-threads: each thread start of the program, what it runs and how that was found, on
/// stdout (text, or JSON with --format=json).
int listThreads(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Run);

/// The program the facts link into, and its findings: the rules' (stored in the run cache when
/// it applies) or the run cache's.
struct Outcome {
  explicit Outcome(std::vector<TUFacts> Units) : program(std::move(Units)) {}
  Program program;
  EngineResult result;
};

/// Links the facts and runs the rules; an exit status when the configuration is broken.
std::optional<int> lintProgram(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Run,
                               RunCache &Cache, std::optional<Outcome> &Out);

/// Applies or exports the fixes, writes the report and the summary; the exit status.
int report(const CliOptions &Opts, Analysed &Run, Outcome &Out);

}  // namespace concurlint::cli
