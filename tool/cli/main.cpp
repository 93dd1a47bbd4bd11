// concur-lint: finds concurrency mistakes in C and C++ (see docs/usage.md).
//
//   concur-lint [options] <files or directories…> [-- <compiler arguments>]
//
// The pipeline: inputs → compile commands → facts per TU (in parallel) → the program linked by
// USR → rules → configuration and NOLINT → report, fixes.
#include "tool/cli/CliOptions.h"
#include "tool/cli/CollectFacts.h"
#include "tool/cli/Findings.h"

using namespace concurlint;
using namespace concurlint::cli;

int main(int argc, const char **argv) {
  CliOptions Opts;
  if (std::optional<int> Exit = parseCommandLine(argc, argv, Opts))
    return *Exit;
  ConfigResolver Configs(Opts.configFile, Opts.cliRules);

  Analysed Run;
  RunCache Cache;
  if (std::optional<int> Exit =
          Opts.link ? loadShards(Opts, Configs, Run) : collectFacts(Opts, Configs, Run, Cache))
    return *Exit;
  if (Opts.dumpFacts)
    return dumpFacts(Run);
  if (Opts.listThreads)
    return listThreads(Opts, Configs, Run);

  std::optional<Outcome> Out;
  if (std::optional<int> Exit = lintProgram(Opts, Configs, Run, Cache, Out))
    return *Exit;
  return report(Opts, Run, *Out);
}
