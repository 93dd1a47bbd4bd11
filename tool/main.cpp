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
#include "tool/core/FactsCache.h"
#include "tool/core/Inputs.h"
#include "tool/core/Program.h"
#include "tool/core/Report.h"
#include "tool/core/ShardFile.h"
#include "transforms/ExportFixes.h"
#include "transforms/FixApplier.h"

#include "clang/Tooling/Execution.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
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

cl::list<std::string> Inputs(cl::Positional,
                             cl::desc("<files or directories> (link: <shard files>)"),
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
cl::opt<std::string> CacheDir(
    "cache-dir", cl::desc("Facts cache directory (default: $XDG_CACHE_HOME/concur-lint,\n"
                          "else ~/.cache/concur-lint)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Neither read nor write the facts cache"),
                      cl::cat(Category));
cl::opt<unsigned> CacheMaxSize(
    "cache-max-size",
    cl::desc("Remove the least recently used cache entries when the cache\n"
             "exceeds this many MiB (default: 1024; 0: no limit)"),
    cl::value_desc("MiB"), cl::init(1024), cl::cat(Category));
cl::opt<std::string> ShardFlag(
    "shard", cl::desc("Analyse only the i-th of n slices of the files (1 <= i <= n);\n"
                      "needs --facts-out. Then: concur-lint link FILE..."),
    cl::value_desc("i/n"), cl::cat(Category));
cl::opt<std::string> FactsOut(
    "facts-out", cl::desc("With --shard: write the slice's facts to this file instead of\n"
                          "reporting"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Verbose("verbose", cl::desc("Say on stderr why each file missed the facts cache"),
                      cl::cat(Category));
cl::opt<std::string> DebugCrashOn(
    "debug-crash-on",
    cl::desc("Testing only: crash while analysing files whose path contains this"),
    cl::Hidden, cl::cat(Category));
cl::opt<bool> DumpFacts("dump-facts",
                        cl::desc("Print the facts extracted from each file as JSON and exit"),
                        cl::Hidden, cl::cat(Category));

const char *Overview = R"(finds concurrency mistakes in C and C++

  concur-lint [options] <files or directories...> [-- <compiler arguments>]
  concur-lint [options] --shard=i/n --facts-out=FILE <files or directories...>
  concur-lint link [options] <shard files...>

Directories expand to the translation units the compile database lists under them, or, when
it lists none, to the .c .cc .cpp .cxx files under them. Files without a compile command are
analysed with -std=c++20 (or -std=c11) -pthread and the arguments after '--'. A header is
analysed through a TU of the compile database that includes it, else on its own.

Facts are cached per TU (--cache-dir, --no-cache): an unchanged TU is not parsed again.
'link' runs the rules over the facts of shard files written by --shard runs; the findings
are those of one run over all the files.

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

/// What the analysis (or the shard files) hands to the rules and the report.
struct Analysed {
  std::vector<TUFacts> facts;          // in the order of the run's TUs
  std::vector<AnalysisError> errors;
  std::vector<std::string> files;      // analysed files and the headers they stand for
  size_t jobs = 0;                     // TUs
};

/// `link`: the union of the shard files, units in the order of the whole run's TUs.
int loadShards(Analysed &Out) {
  std::vector<ShardUnit> Units;
  std::vector<ShardError> Errors;
  std::vector<std::pair<size_t, std::string>> Files;
  for (const std::string &File : Inputs) {
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false);
    if (!Buffer)
      return fail(File + ": error: cannot read the shard file: " + Buffer.getError().message());
    llvm::Expected<ShardData> Data = parseShard((*Buffer)->getBuffer(), File);
    if (!Data)
      return fail(llvm::toString(Data.takeError()));
    Out.jobs = std::max(Out.jobs, Data->totalJobs);
    for (auto &F : Data->analysedFiles)
      Files.push_back(std::move(F));
    for (ShardUnit &U : Data->units)
      Units.push_back(std::move(U));
    for (ShardError &E : Data->errors)
      Errors.push_back(std::move(E));
  }
  std::stable_sort(Units.begin(), Units.end(),
                   [](const ShardUnit &A, const ShardUnit &B) { return A.index < B.index; });
  // As a single run lists them: errors about the inputs, then the TUs' in their order.
  std::stable_sort(Errors.begin(), Errors.end(), [](const ShardError &A, const ShardError &B) {
    return std::make_pair(!A.input, A.index) < std::make_pair(!B.input, B.index);
  });
  std::stable_sort(Files.begin(), Files.end(),
                   [](const auto &A, const auto &B) { return A.first < B.first; });
  for (ShardUnit &U : Units)
    Out.facts.push_back(std::move(U.facts));
  for (ShardError &E : Errors)
    Out.errors.push_back(std::move(E.error));
  for (auto &F : Files)
    Out.files.push_back(std::move(F.second));
  return ExitClean;
}

/// The run cache's key: everything the rules' findings depend on besides the configuration
/// files (checked by FactsCache::lookupRun): each TU's facts, by its entry's key and checksum,
/// in order; the files analysed; the options that configure the rules. Empty when some TU has
/// no entry (it failed, or could not be stored): such a run is not cached.
std::string runKey(const std::vector<TUResult> &Results,
                   const std::vector<std::pair<size_t, std::string>> &AnalysedFiles) {
  std::vector<std::string> Parts{"run", "rules=" + RulesFlag,
                                 "config=" + (ConfigFile.empty() ? "" : absolutePath(ConfigFile)),
                                 "executor=" + Executor};
  for (const TUResult &R : Results) {
    if (R.cacheChecksum.empty())
      return "";
    Parts.insert(Parts.end(), {R.file, R.cacheKey, R.cacheChecksum});
  }
  Parts.push_back("files");
  for (const auto &[Index, File] : AnalysedFiles)
    Parts.insert(Parts.end(), {std::to_string(Index), File});
  return FactsCache::hashKey(Parts);
}

}  // namespace

int main(int argc, const char **argv) {
  // `concur-lint link FILE...`: the subcommand comes first; the options are the same.
  bool Link = argc > 1 && std::strcmp(argv[1], "link") == 0;
  // Everything after the first `--` goes to the compiler; llvm::cl would take it as inputs.
  std::vector<const char *> Own;
  InputOptions InputOpts;
  bool SawDashDash = false;
  for (int I = 0; I < argc; ++I) {
    if (Link && I == 1)
      continue;
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
    return fail(Link ? "link: no shard files (see --help)"
                     : "no input files or directories (see --help)");
  if (Link && (!ShardFlag.empty() || !FactsOut.empty() || DumpFacts || !BuildPath.empty() ||
               !InputOpts.extraArgs.empty()))
    return fail("link: --shard, --facts-out, --dump-facts, -p and compiler arguments apply to "
                "the runs that write the shard files");
  std::optional<ShardSpec> Shard;
  if (!ShardFlag.empty()) {
    auto Parsed = parseShardSpec(ShardFlag);
    if (!Parsed)
      return fail(llvm::toString(Parsed.takeError()));
    if (FactsOut.empty())
      return fail("--shard needs --facts-out=FILE (then: concur-lint link FILE...)");
    Shard = *Parsed;
  } else if (!FactsOut.empty()) {
    return fail("--facts-out needs --shard=i/n (--shard=1/1 for all the files)");
  }

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

  Analysed Run;
  std::unique_ptr<FactsCache> Cache;
  std::string RunKey;               // the run cache's key; empty when it does not apply
  std::optional<CachedRun> Reused;  // the findings of this run, from the run cache
  if (Link) {
    if (int Status = loadShards(Run))
      return Status;
    // A broken configuration stops the run before any work: it would change what is reported.
    for (const std::string &File : Run.files)
      if (auto C = Configs.forFile(File); !C)
        return fail(llvm::toString(C.takeError()));
  } else {
    InputOpts.buildPath = BuildPath;
    InputResolver Resolver(InputOpts);
    if (llvm::Error E = Resolver.init())
      return fail(llvm::toString(std::move(E)));
    auto Resolved = Resolver.resolve(Inputs);
    if (!Resolved)
      return fail(llvm::toString(Resolved.takeError()));
    std::vector<CompileJob> &AllJobs = Resolved->jobs;

    // The slice of this shard; errors about the inputs are reported by the first shard only.
    std::vector<size_t> Slice;
    if (Shard) {
      std::vector<std::string> Files;
      for (const CompileJob &Job : AllJobs)
        Files.push_back(Job.file);
      Slice = shardSlice(Files, *Shard);
    } else {
      for (size_t I = 0; I < AllJobs.size(); ++I)
        Slice.push_back(I);
    }
    std::vector<ShardError> InputErrors;
    if (!Shard || Shard->index == 1)
      for (const InputError &E : Resolved->errors)
        InputErrors.push_back({0, /*input=*/true, {E.file, E.file + ": " + E.message}});

    // A broken configuration stops the run before any work: it would change what is reported.
    std::vector<CompileJob> Work;
    std::vector<std::pair<size_t, std::string>> SliceFiles;
    for (size_t I : Slice) {
      const CompileJob &Job = AllJobs[I];
      if (auto C = Configs.forFile(Job.file); !C)
        return fail(llvm::toString(C.takeError()));
      SliceFiles.emplace_back(I, Job.file);
      if (!Job.forHeader.empty())
        SliceFiles.emplace_back(I, Job.forHeader);
      Work.push_back(Job);
    }

    if (!NoCache) {
      std::string Dir = CacheDir.empty() ? FactsCache::defaultDirectory() : absolutePath(CacheDir);
      if (!Dir.empty())
        Cache = std::make_unique<FactsCache>(Dir);
    }
    AnalyzeOptions Options;
    Options.cache = Cache.get();
    Options.crashOn = DebugCrashOn;
    // The run cache needs the TUs' entries, not their facts, to know whether it applies.
    Options.deferDecode = Cache && !Shard && !DumpFacts;
    std::vector<TUResult> Results = analyzeAll(Work, Jobs, Options);
    if (Options.deferDecode) {
      RunKey = runKey(Results, SliceFiles);
      bool AllHit = std::all_of(Results.begin(), Results.end(),
                                [](const TUResult &R) { return R.cached.has_value(); });
      std::string Note;
      if (!RunKey.empty() && AllHit)
        Reused = Cache->lookupRun(RunKey, &Note);
      if (Verbose && !Note.empty())
        llvm::errs() << "concur-lint: note: run cache miss: " << Note << "\n";
      if (!Reused) {
        decodeCached(Results, Work, Jobs, Options);
        RunKey = runKey(Results, SliceFiles);  // entries rebuilt have new checksums
      }
    }
    // Freed as soon as they are used: the facts move into the program, the results go.
    Work.clear();

    std::vector<ShardUnit> Units;
    std::vector<ShardError> Errors;
    for (size_t K = 0; K < Results.size(); ++K) {
      TUResult &R = Results[K];
      if (Verbose)
        for (const std::string &N : R.notes)
          llvm::errs() << "concur-lint: note: " << N << "\n";
      if (!R.ok) {
        std::string Message = R.file + (R.crashed ? ": analysis crashed:" : ": cannot be analysed:");
        for (const std::string &E : R.errors)
          Message += "\n  " + E;
        Errors.push_back({Slice[K], /*input=*/false, {R.file, Message}});
        continue;
      }
      Units.push_back({Slice[K], std::move(R.facts)});
    }
    Results.clear();
    Errors.insert(Errors.begin(), InputErrors.begin(), InputErrors.end());
    if (Cache) {
      if (Verbose) {
        FactsCache::Stats S = Cache->stats();
        llvm::errs() << llvm::formatv("concur-lint: note: facts cache {0}: {1} hit(s), {2} "
                                      "miss(es), {3} stored, {4} corrupt entr(ies) rebuilt{5}\n",
                                      Cache->directory(), S.hits, S.misses, S.stores, S.corrupt,
                                      S.runReused ? "; the run's findings reused" : "");
      }
      if (CacheMaxSize)
        Cache->prune(uint64_t(CacheMaxSize) << 20);
    }

    if (Shard) {
      ShardData Data{*Shard, AllJobs.size(), std::move(SliceFiles), std::move(Units),
                     std::move(Errors)};
      if (llvm::Error E = writeFileAtomically(absolutePath(FactsOut), writeShard(Data)))
        return fail(llvm::toString(std::move(E)));
      for (const ShardError &E : Data.errors)
        llvm::errs() << "concur-lint: error: " << E.error.message << "\n";
      if (!Quiet)
        llvm::errs() << llvm::formatv("concur-lint: shard {0}/{1}: {2} of {3} file(s) analysed, "
                                      "facts written to {4}\n",
                                      Shard->index, Shard->count, Slice.size(), AllJobs.size(),
                                      FactsOut);
      return Data.errors.empty() ? ExitClean : ExitAnalysis;
    }
    Run.jobs = AllJobs.size();
    for (auto &F : SliceFiles)
      Run.files.push_back(std::move(F.second));
    for (ShardUnit &U : Units)
      Run.facts.push_back(std::move(U.facts));
    for (ShardError &E : Errors)
      Run.errors.push_back(std::move(E.error));
  }
  std::vector<AnalysisError> &Errors = Run.errors;
  const std::vector<std::string> &AnalysedFiles = Run.files;

  if (DumpFacts) {
    llvm::json::Array All;
    All.reserve(Run.facts.size());  // a growing Array copies its elements
    for (const TUFacts &F : Run.facts)
      All.push_back(toJSON(F));
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(All))) << "\n";
    return Errors.empty() ? ExitClean : ExitAnalysis;
  }

  EngineResult Result;
  std::vector<TUFacts> Units;
  if (Reused) {
    // The findings of this very run, stored by an earlier one; the files' hashes are what fixes
    // are checked against.
    Units.emplace_back().files = std::move(Reused->files);
    Result.findings = std::move(Reused->findings);
  } else {
    Units = std::move(Run.facts);
  }
  Program Prog(std::move(Units));
  if (!Reused) {
    std::vector<std::unique_ptr<Rule>> Rules = createAllRules();
    Result = runRules(Prog, Rules, Configs, AnalysedFiles);
    if (!Result.configErrors.empty()) {
      for (const std::string &E : Result.configErrors)
        llvm::errs() << "concur-lint: " << E << "\n";
      return ExitUsage;
    }
    if (!RunKey.empty()) {
      CachedRun Stored;
      for (const TUFacts &U : Prog.units())
        Stored.files.insert(Stored.files.end(), U.files.begin(), U.files.end());
      Stored.findings = Result.findings;
      std::string Note;
      Cache->storeRun(RunKey, Stored, Configs.probed(), &Note);
      if (Verbose && !Note.empty())
        llvm::errs() << "concur-lint: note: " << Note << "\n";
    }
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
                                  Run.jobs, Counts[2], Counts[1], Counts[0]);
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
