// concur-lint: finds concurrency mistakes in C and C++ (see docs/usage.md).
//
//   concur-lint [options] <files or directories…> [-- <compiler arguments>]
//
// The pipeline: inputs → compile commands → facts per TU (in parallel) → the program linked by
// USR → rules → configuration and NOLINT → report, fixes.
#include "rules/AllRules.h"
#include "tool/core/Analyzer.h"
#include "tool/core/Catalog.h"
#include "tool/core/Config.h"
#include "tool/core/Engine.h"
#include "tool/core/Inputs.h"
#include "tool/core/Program.h"
#include "tool/core/Report.h"
#include "transforms/ExportFixes.h"
#include "transforms/FixApplier.h"

#include "clang/Tooling/Execution.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <string>
#include <vector>

using namespace concurlint;
namespace cl = llvm::cl;

namespace {

enum class OutputFormat { Text, Json, Sarif };
enum class FailOn { Info, Warning, Error, Never };

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitUsage = 2, ExitAnalysis = 3 };

cl::OptionCategory Category("concur-lint options");

cl::list<std::string> Inputs(cl::Positional, cl::desc("<files or directories>"),
                             cl::cat(Category));
cl::opt<std::string> BuildPath(
    "p", cl::desc("Compile database: a build directory or a compile_commands.json /\n"
                  "compile_flags.txt file. Default: the nearest one above each file\n"
                  "(also in each parent's build/)"),
    cl::value_desc("dir|file"), cl::cat(Category));
cl::opt<OutputFormat> Format("format", cl::desc("Output format (default: text)"),
                             cl::values(clEnumValN(OutputFormat::Text, "text",
                                                   "file:line:col: warning: message [rule]"),
                                        clEnumValN(OutputFormat::Json, "json",
                                                   "one JSON document (docs/usage.md)"),
                                        clEnumValN(OutputFormat::Sarif, "sarif",
                                                   "SARIF 2.1.0, for code scanning")),
                             cl::init(OutputFormat::Text), cl::cat(Category));
cl::opt<std::string> OutputFile("o", cl::desc("Write the report to this file instead of stdout"),
                                cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply the fix-its that do not conflict (files are\n"
                                  "written atomically; changed or read-only files are left alone)"),
                  cl::cat(Category));
cl::opt<std::string> ExportFixes(
    "export-fixes",
    cl::desc("Write the findings and fix-its as YAML for clang-apply-replacements"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> ConfigFile(
    "config", cl::desc("Use this configuration file for every file instead of the\n"
                       ".concur-lint.yaml found above each one"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> RulesFlag(
    "rules", cl::desc("Rules to run, as globs; a leading '-' disables: --rules='-*,coro-*'.\n"
                      "Applied after the configuration files"),
    cl::value_desc("globs"), cl::cat(Category));
// --executor: clangTooling, which the tool links, already registers an option of that name
// (for its own executors, unused here); it is taken over with our meaning in main().
cl::opt<std::string> &Executor = clang::tooling::ExecutorName;
cl::opt<bool> ListRules("list-rules", cl::desc("List the rules and exit"), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Translation units analysed in parallel (default: all cores)"),
                       cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No summary on stderr"), cl::cat(Category));
cl::opt<FailOn> FailOnLevel(
    "fail-on", cl::desc("Exit with status 1 when a finding is at least this severe\n"
                        "(default: warning)"),
    cl::values(clEnumValN(FailOn::Info, "info", ""), clEnumValN(FailOn::Warning, "warning", ""),
               clEnumValN(FailOn::Error, "error", ""), clEnumValN(FailOn::Never, "never", "")),
    cl::init(FailOn::Warning), cl::cat(Category));
cl::opt<bool> DumpFacts("dump-facts",
                        cl::desc("Print the facts extracted from each file as JSON and exit"),
                        cl::Hidden, cl::cat(Category));

const char *Overview = R"(finds concurrency mistakes in C and C++

  concur-lint [options] <files or directories...> [-- <compiler arguments>]

Directories expand to the translation units the compile database lists under them, or, when
it lists none, to the .c .cc .cpp .cxx files under them. Files without a compile command are
analysed with -std=c++20 (or -std=c11) -pthread and the arguments after '--'. A header is
analysed through a TU of the compile database that includes it, else on its own.

Exit status: 0 no finding at or above --fail-on; 1 such findings; 2 usage or configuration
error; 3 a file could not be analysed or fixed (findings for the others are still reported).
)";

/// The project a run may write fixes into: the git work tree holding the current directory,
/// else the current directory.
std::string projectRoot(const std::string &Cwd) {
  for (llvm::StringRef D = Cwd; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return D.str();
  }
  return Cwd;
}

int fail(const llvm::Twine &Message) {
  llvm::errs() << "concur-lint: " << Message << "\n";
  return ExitUsage;
}

}  // namespace

int main(int argc, const char **argv) {
  // Everything after the first `--` goes to the compiler; llvm::cl would take it as inputs.
  std::vector<const char *> Own;
  InputOptions InputOpts;
  bool SawDashDash = false;
  for (int I = 0; I < argc; ++I) {
    if (!SawDashDash && I > 0 && std::strcmp(argv[I], "--") == 0) {
      SawDashDash = true;
      continue;
    }
    if (SawDashDash)
      InputOpts.extraArgs.push_back(argv[I]);
    else
      Own.push_back(argv[I]);
  }

  Executor.setDescription("loop-parallelizable: the executor to rewrite loops onto: thread,\n"
                          "process or coroutine (default: chosen per loop); a loop that cannot\n"
                          "run on it is not reported");
  Executor.setValueStr("thread|process|coroutine");
  Executor.addCategory(Category);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "concur-lint " CONCUR_LINT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  if (!cl::ParseCommandLineOptions(static_cast<int>(Own.size()), Own.data(), Overview,
                                   &llvm::errs()))
    return ExitUsage;

  if (ListRules) {
    for (const RuleInfo &R : RuleCatalog::builtin().rules())
      llvm::outs() << llvm::formatv("{0,-22} {1,-8} {2}\n", R.id,
                                    severityName(R.defaultSeverity), R.summary);
    return ExitClean;
  }
  if (Inputs.empty())
    return fail("no input files or directories (see --help)");

  std::optional<ConfigLayer> CliRules;
  if (!RulesFlag.empty()) {
    auto Parsed = parseRulesFlag(RulesFlag);
    if (!Parsed)
      return fail(llvm::toString(Parsed.takeError()));
    CliRules = std::move(*Parsed);
  }
  if (Executor.getNumOccurrences() > 0) {
    if (Executor != "thread" && Executor != "process" && Executor != "coroutine")
      return fail("--executor must be thread, process or coroutine, not '" + Executor + "'");
    // The rule's `executor` option, set after every configuration file.
    if (!CliRules) {
      CliRules.emplace();
      CliRules->source = "--executor";
    }
    RuleSetting Setting;
    Setting.glob = "loop-parallelizable";
    Setting.options["executor"] = Executor;
    CliRules->rules.push_back(std::move(Setting));
  }
  if (!ConfigFile.empty() && !llvm::sys::fs::is_regular_file(ConfigFile))
    return fail(ConfigFile + ": error: configuration file not found");
  ConfigResolver Configs(ConfigFile.empty() ? "" : absolutePath(ConfigFile), CliRules);

  InputOpts.buildPath = BuildPath;
  InputResolver Resolver(InputOpts);
  if (llvm::Error E = Resolver.init())
    return fail(llvm::toString(std::move(E)));
  auto Resolved = Resolver.resolve(Inputs);
  if (!Resolved)
    return fail(llvm::toString(Resolved.takeError()));

  std::vector<AnalysisError> Errors;
  for (const InputError &E : Resolved->errors)
    Errors.push_back({E.file, E.file + ": " + E.message});

  // A broken configuration stops the run before any work: it would change what is reported.
  std::vector<std::string> AnalysedFiles;
  for (const CompileJob &Job : Resolved->jobs) {
    if (auto C = Configs.forFile(Job.file); !C)
      return fail(llvm::toString(C.takeError()));
    AnalysedFiles.push_back(Job.file);
    if (!Job.forHeader.empty())
      AnalysedFiles.push_back(Job.forHeader);
  }

  std::vector<TUResult> Results = analyzeAll(Resolved->jobs, Jobs);
  std::vector<TUFacts> Facts;
  for (TUResult &R : Results) {
    if (!R.ok) {
      std::string Message = R.file + ": cannot be analysed:";
      for (const std::string &E : R.errors)
        Message += "\n  " + E;
      Errors.push_back({R.file, Message});
      continue;
    }
    Facts.push_back(std::move(R.facts));
  }

  if (DumpFacts) {
    llvm::json::Array All;
    for (const TUFacts &F : Facts)
      All.push_back(toJSON(F));
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(All))) << "\n";
    return Errors.empty() ? ExitClean : ExitAnalysis;
  }

  Program Prog(std::move(Facts));
  std::vector<std::unique_ptr<Rule>> Rules = createAllRules();
  EngineResult Result = runRules(Prog, Rules, Configs, AnalysedFiles);
  if (!Result.configErrors.empty()) {
    for (const std::string &E : Result.configErrors)
      llvm::errs() << "concur-lint: " << E << "\n";
    return ExitUsage;
  }

  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);

  if (Fix || !ExportFixes.empty()) {
    std::vector<AnalysisError> Stale = dropStaleFixes(Result.findings, Prog);
    Errors.insert(Errors.end(), Stale.begin(), Stale.end());
  }

  if (!ExportFixes.empty()) {
    std::string Yaml = exportFixesYaml(Result.findings,
                                       AnalysedFiles.empty() ? "" : AnalysedFiles.front(), Cwd);
    if (llvm::Error E = writeFileAtomically(absolutePath(ExportFixes), Yaml))
      return fail(llvm::toString(std::move(E)));
  }

  FixOutcome Fixed;
  if (Fix) {
    Fixed = applyFixes(Result.findings, Prog, projectRoot(Cwd.str().str()));
    Errors.insert(Errors.end(), Fixed.refused.begin(), Fixed.refused.end());
  }

  std::string Rendered;
  {
    llvm::raw_string_ostream OS(Rendered);
    ReportData Data{Result.findings, Errors, Prog, Cwd.str().str()};
    switch (Format) {
    case OutputFormat::Text:
      writeText(OS, Data);
      break;
    case OutputFormat::Json:
      writeJson(OS, Data);
      break;
    case OutputFormat::Sarif:
      writeSarif(OS, Data);
      break;
    }
  }
  if (OutputFile.empty()) {
    llvm::outs() << Rendered;
    llvm::outs().flush();
  } else if (llvm::Error E = writeFileAtomically(absolutePath(OutputFile), Rendered)) {
    return fail(llvm::toString(std::move(E)));
  }

  // Errors go to stderr whatever the format, so that nobody misses them.
  for (const AnalysisError &E : Errors)
    llvm::errs() << "concur-lint: error: " << E.message << "\n";

  unsigned Counts[3] = {0, 0, 0};
  for (const Finding &F : Result.findings)
    ++Counts[static_cast<int>(F.severity)];
  if (!Quiet) {
    llvm::errs() << llvm::formatv("concur-lint: {0} file(s) analysed: {1} error(s), "
                                  "{2} warning(s), {3} info",
                                  Resolved->jobs.size(), Counts[2], Counts[1], Counts[0]);
    if (!Errors.empty())
      llvm::errs() << llvm::formatv("; {0} problem(s) (see above)", Errors.size());
    llvm::errs() << "\n";
    if (Fix)
      llvm::errs() << llvm::formatv("concur-lint: applied the fixes of {0} finding(s) to {1} "
                                    "file(s)\n",
                                    Fixed.appliedFindings, Fixed.changedFiles.size());
  }

  if (!Errors.empty())
    return ExitAnalysis;
  int Threshold = FailOnLevel == FailOn::Never ? 3 : static_cast<int>(FailOnLevel.getValue());
  for (int S = Threshold; S < 3; ++S)
    if (Counts[S])
      return ExitFindings;
  return ExitClean;
}
