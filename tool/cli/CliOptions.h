// concur-lint's command line: the options (llvm::cl, listed by --help and docs/usage.md), read
// into one plain struct that the rest of the CLI takes.
#pragma once

#include "driver/Inputs.h"
#include "driver/ShardFile.h"
#include "tool/cli/Progress.h"
#include "engine/Config.h"

#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint::cli {

enum class OutputFormat { Text, Json, Sarif, Html };
enum class FailOn { Info, Warning, Error, Never };
enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitUsage = 2, ExitAnalysis = 3 };

struct CliOptions {
  bool link = false;                // `concur-lint link FILE...`
  std::vector<std::string> inputs;  // files and directories (link: shard files)
  InputOptions inputOptions;        // -p, the arguments after `--`
  OutputFormat format = OutputFormat::Text;
  std::string outputFile;  // paths as given: relative to the working directory
  bool fix = false;
  std::string formatStyle = "none";  // --format-style: how --fix formats what it changes
  std::string exportFixes;
  std::string configFile;  // absolute; empty: the .concur-lint.yaml files above each file
  std::string rulesFlag;   // --rules as given (part of the run cache's key)
  std::string executor;    // --executor as given (part of the run cache's key)
  std::string minConfidence;  // --min-confidence as given (part of the run cache's key)
  std::optional<ConfigLayer> cliRules;  // --rules and --executor, applied after the files
  unsigned jobs = 0;
  bool quiet = false;
  ProgressMode progress = ProgressMode::Auto;
  FailOn failOn = FailOn::Warning;
  std::string cacheDir;  // empty: FactsCache::defaultDirectory()
  bool noCache = false;
  unsigned cacheMaxSizeMiB = 1024;
  std::optional<ShardSpec> shard;
  std::string factsOut;  // with --shard
  bool verbose = false;
  std::string debugCrashOn;
  bool dumpFacts = false;
  bool listThreads = false;
};

/// Reads the command line into `Out`. Returns an exit status when the run ends here (--help,
/// --version, --list-rules, a usage error, reported on stderr), nothing when it goes on.
std::optional<int> parseCommandLine(int Argc, const char **Argv, CliOptions &Out);

/// "concur-lint: MESSAGE" on stderr; the usage error status.
int fail(const llvm::Twine &Message);

}  // namespace concurlint::cli
