#include "tool/cli/CliOptions.h"

#include "engine/Catalog.h"
#include "transforms/FixApplier.h"

#include "clang/Tooling/Execution.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace concurlint::cli {

namespace cl = llvm::cl;

namespace {

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
                                                   "SARIF 2.1.0, for code scanning"),
                                        clEnumValN(OutputFormat::Html, "html",
                                                   "a browsable report in the folder -o names")),
                             cl::init(OutputFormat::Text), cl::cat(Category));
cl::opt<std::string> OutputFile("o", cl::desc("Write the report to this file instead of stdout\n"
                                              "(--format=html: this folder)"),
                                cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply the fix-its that do not conflict (files are\n"
                                  "written atomically; changed or read-only files are left alone)"),
                  cl::cat(Category));
cl::opt<std::string> FormatStyle(
    "format-style",
    cl::desc("With --fix: format the lines the fixes change with clang-format in\n"
             "this style: none (default: as the fix writes them), file (the\n"
             ".clang-format above each file), llvm, google, chromium, mozilla,\n"
             "webkit, gnu, microsoft, or an inline '{key: value, ...}'"),
    cl::value_desc("style"), cl::init("none"), cl::cat(Category));
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
cl::opt<std::string> MinConfidence(
    "min-confidence",
    cl::desc("Report findings of at least this confidence: low (all), medium\n"
             "(default) or high. Applied after the configuration files"),
    cl::value_desc("low|medium|high"), cl::cat(Category));
cl::opt<bool> ListRules("list-rules", cl::desc("List the rules and exit"), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Translation units analysed in parallel (default: all cores)"),
                       cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No summary on stderr"), cl::cat(Category));
cl::opt<ProgressMode> Progress(
    "progress", cl::desc("A one-line progress display on stderr while files are analysed\n"
                         "(default: auto, when stderr is a terminal and not --quiet)"),
    cl::values(clEnumValN(ProgressMode::Auto, "auto", ""),
               clEnumValN(ProgressMode::Always, "always", ""),
               clEnumValN(ProgressMode::Never, "never", "")),
    cl::init(ProgressMode::Auto), cl::cat(Category));
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
cl::opt<bool> Verbose("verbose",
                      cl::desc("Say on stderr why each file missed the facts cache, and how\n"
                               "the calls through function pointers were resolved"),
                      cl::cat(Category));
cl::opt<bool> ListThreads(
    "list-threads",
    cl::desc("List each thread start of the program (where, in which function,\n"
             "running what, found how) instead of reporting; JSON with --format=json"),
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
analysed with -std=c++20 (or -std=c11) -pthread (and -fopenmp when they use '#pragma omp' or
omp.h) and the arguments after '--'. A header is analysed through a TU of the compile database
that includes it, else on its own.

Facts are cached per TU (--cache-dir, --no-cache): an unchanged TU is not parsed again.
'link' runs the rules over the facts of shard files written by --shard runs; the findings
are those of one run over all the files.

Exit status: 0 no finding at or above --fail-on; 1 such findings; 2 usage or configuration
error; 3 a file could not be analysed or fixed (findings for the others are still reported).
)";

}  // namespace

int fail(const llvm::Twine &Message) {
  llvm::errs() << "concur-lint: " << Message << "\n";
  return ExitUsage;
}

std::optional<int> parseCommandLine(int argc, const char **argv, CliOptions &Out) {
  // `concur-lint link FILE...`: the subcommand comes first; the options are the same.
  Out.link = argc > 1 && std::strcmp(argv[1], "link") == 0;
  // Everything after the first `--` goes to the compiler; llvm::cl would take it as inputs.
  std::vector<const char *> Own;
  bool SawDashDash = false;
  for (int I = 0; I < argc; ++I) {
    if (Out.link && I == 1)
      continue;
    if (!SawDashDash && I > 0 && std::strcmp(argv[I], "--") == 0) {
      SawDashDash = true;
      continue;
    }
    if (SawDashDash)
      Out.inputOptions.extraArgs.push_back(argv[I]);
    else
      Own.push_back(argv[I]);
  }

  Executor.setDescription("loop-parallelizable: the executor to rewrite loops onto: thread,\n"
                          "process, coroutine or openmp (#pragma omp parallel for, C and C++;\n"
                          "default: chosen per loop); a loop that cannot run on it is not\n"
                          "reported");
  Executor.setValueStr("thread|process|coroutine|openmp");
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
    return fail(Out.link ? "link: no shard files (see --help)"
                         : "no input files or directories (see --help)");
  if (Out.link && (!ShardFlag.empty() || !FactsOut.empty() || DumpFacts || !BuildPath.empty() ||
                   !Out.inputOptions.extraArgs.empty()))
    return fail("link: --shard, --facts-out, --dump-facts, -p and compiler arguments apply to "
                "the runs that write the shard files");
  if (!ShardFlag.empty()) {
    auto Parsed = parseShardSpec(ShardFlag);
    if (!Parsed)
      return fail(llvm::toString(Parsed.takeError()));
    if (FactsOut.empty())
      return fail("--shard needs --facts-out=FILE (then: concur-lint link FILE...)");
    Out.shard = *Parsed;
    Out.factsOut = FactsOut;
  } else if (!FactsOut.empty()) {
    return fail("--facts-out needs --shard=i/n (--shard=1/1 for all the files)");
  }

  if (!RulesFlag.empty()) {
    auto Parsed = parseRulesFlag(RulesFlag);
    if (!Parsed)
      return fail(llvm::toString(Parsed.takeError()));
    Out.cliRules = std::move(*Parsed);
  }
  if (MinConfidence.getNumOccurrences() > 0) {
    std::optional<Confidence> Min = parseConfidence(MinConfidence);
    if (!Min)
      return fail("--min-confidence must be low, medium or high, not '" + MinConfidence + "'");
    if (!Out.cliRules) {
      Out.cliRules.emplace();
      Out.cliRules->source = "--min-confidence";
    }
    RuleSetting Setting;
    Setting.glob = "*";
    Setting.minConfidence = *Min;
    Out.cliRules->rules.push_back(std::move(Setting));
  }
  if (Executor.getNumOccurrences() > 0) {
    if (Executor != "thread" && Executor != "process" && Executor != "coroutine" &&
        Executor != "openmp")
      return fail("--executor must be thread, process, coroutine or openmp, not '" + Executor +
                  "'");
    // The rule's `executor` option, set after every configuration file.
    if (!Out.cliRules) {
      Out.cliRules.emplace();
      Out.cliRules->source = "--executor";
    }
    RuleSetting Setting;
    Setting.glob = "loop-parallelizable";
    Setting.options["executor"] = Executor;
    Out.cliRules->rules.push_back(std::move(Setting));
  }
  if (ListThreads && (Format == OutputFormat::Html || Format == OutputFormat::Sarif || Fix ||
                      !ExportFixes.empty() || DumpFacts || !ShardFlag.empty()))
    return fail("--list-threads prints text or JSON and runs no rule: it does not combine with "
                "--format=html or sarif, --fix, --export-fixes, --dump-facts or --shard");
  if (Format == OutputFormat::Html && OutputFile.empty())
    return fail("--format=html writes a folder of pages: name it with -o DIR");
  if (llvm::Error E = checkFormatStyle(FormatStyle))
    return fail(llvm::toString(std::move(E)));
  if (!ConfigFile.empty() && !llvm::sys::fs::is_regular_file(ConfigFile))
    return fail(ConfigFile + ": error: configuration file not found");

  Out.inputs = Inputs;
  Out.inputOptions.buildPath = BuildPath;
  Out.format = Format;
  Out.outputFile = OutputFile;
  Out.fix = Fix;
  Out.formatStyle = FormatStyle;
  Out.exportFixes = ExportFixes;
  Out.configFile = ConfigFile.empty() ? "" : absolutePath(ConfigFile);
  Out.rulesFlag = RulesFlag;
  Out.executor = Executor;
  Out.minConfidence = MinConfidence;
  Out.jobs = Jobs;
  Out.quiet = Quiet;
  Out.progress = Progress;
  Out.failOn = FailOnLevel;
  Out.cacheDir = CacheDir;
  Out.noCache = NoCache;
  Out.cacheMaxSizeMiB = CacheMaxSize;
  Out.verbose = Verbose;
  Out.debugCrashOn = DebugCrashOn;
  Out.dumpFacts = DumpFacts;
  Out.listThreads = ListThreads;
  return std::nullopt;
}

}  // namespace concurlint::cli
