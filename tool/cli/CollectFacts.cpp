#include "tool/cli/CollectFacts.h"

#include "driver/Analyzer.h"
#include "driver/Inputs.h"
#include "driver/RunCodec.h"
#include "driver/ShardFile.h"
#include "transforms/FixApplier.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace concurlint::cli {

namespace {

/// The run cache's key: everything the rules' findings depend on besides the configuration
/// files (checked by FactsCache::lookupRun): each TU's facts, by its entry's key and checksum,
/// in order; the files analysed; the options that configure the rules. Empty when some TU has
/// no entry (it failed, or could not be stored): such a run is not cached.
std::string runKey(const CliOptions &Opts, const std::vector<TUResult> &Results,
                   const std::vector<std::pair<size_t, std::string>> &AnalysedFiles) {
  std::vector<std::string> Parts{"run", "layout=" + std::to_string(RunLayout),
                                 "rules=" + Opts.rulesFlag, "config=" + Opts.configFile,
                                 "executor=" + Opts.executor,
                                 "min-confidence=" + Opts.minConfidence};
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

/// A broken configuration stops the run before any work: it would change what is reported.
std::optional<int> checkConfiguration(ConfigResolver &Configs, const std::string &File) {
  if (auto C = Configs.forFile(File); !C)
    return fail(llvm::toString(C.takeError()));
  return std::nullopt;
}

}  // namespace

std::optional<int> loadShards(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Out) {
  std::vector<ShardUnit> Units;
  std::vector<ShardError> Errors;
  std::vector<std::pair<size_t, std::string>> Files;
  for (const std::string &File : Opts.inputs) {
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
  for (const std::string &File : Out.files)
    if (std::optional<int> Exit = checkConfiguration(Configs, File))
      return Exit;
  return std::nullopt;
}

std::optional<int> collectFacts(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Out,
                                RunCache &RC) {
  InputResolver Resolver(Opts.inputOptions);
  if (llvm::Error E = Resolver.init())
    return fail(llvm::toString(std::move(E)));
  auto Resolved = Resolver.resolve(Opts.inputs);
  if (!Resolved)
    return fail(llvm::toString(Resolved.takeError()));
  std::vector<CompileJob> &AllJobs = Resolved->jobs;
  const std::optional<ShardSpec> &Shard = Opts.shard;

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

  std::vector<CompileJob> Work;
  std::vector<std::pair<size_t, std::string>> SliceFiles;
  for (size_t I : Slice) {
    const CompileJob &Job = AllJobs[I];
    if (std::optional<int> Exit = checkConfiguration(Configs, Job.file))
      return Exit;
    SliceFiles.emplace_back(I, Job.file);
    if (!Job.forHeader.empty())
      SliceFiles.emplace_back(I, Job.forHeader);
    Work.push_back(Job);
  }

  if (!Opts.noCache) {
    std::string Dir = Opts.cacheDir.empty() ? FactsCache::defaultDirectory()
                                            : absolutePath(Opts.cacheDir);
    if (!Dir.empty())
      RC.cache = std::make_unique<FactsCache>(Dir);
  }
  AnalyzeOptions Options;
  Options.cache = RC.cache.get();
  Options.crashOn = Opts.debugCrashOn;
  // The run cache needs the TUs' entries, not their facts, to know whether it applies.
  Options.deferDecode = RC.cache && !Shard && !Opts.dumpFacts && !Opts.listThreads;
  std::unique_ptr<ProgressLine> Progress;
  if (progressWanted(Opts.progress, Opts.quiet)) {
    Progress = std::make_unique<ProgressLine>(llvm::errs(), Work.size());
    Options.observer = Progress.get();
  }
  std::vector<TUResult> Results = analyzeAll(Work, Opts.jobs, Options);
  Options.observer = nullptr;
  Progress.reset();  // erased before anything else is written
  if (Options.deferDecode) {
    RC.key = runKey(Opts, Results, SliceFiles);
    bool AllHit = std::all_of(Results.begin(), Results.end(),
                              [](const TUResult &R) { return R.cached.has_value(); });
    std::string Note;
    if (!RC.key.empty() && AllHit)
      RC.reused = RC.cache->lookupRun(RC.key, &Note);
    if (Opts.verbose && !Note.empty())
      llvm::errs() << "concur-lint: note: run cache miss: " << Note << "\n";
    if (!RC.reused) {
      decodeCached(Results, Work, Opts.jobs, Options);
      RC.key = runKey(Opts, Results, SliceFiles);  // entries rebuilt have new checksums
    }
  }
  // Freed as soon as they are used: the facts move into the program, the results go.
  Work.clear();

  std::vector<ShardUnit> Units;
  std::vector<ShardError> Errors;
  for (size_t K = 0; K < Results.size(); ++K) {
    TUResult &R = Results[K];
    if (Opts.verbose)
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
  if (RC.cache) {
    if (Opts.verbose) {
      FactsCache::Stats S = RC.cache->stats();
      llvm::errs() << llvm::formatv("concur-lint: note: facts cache {0}: {1} hit(s), {2} "
                                    "miss(es), {3} stored, {4} corrupt entr(ies) rebuilt{5}\n",
                                    RC.cache->directory(), S.hits, S.misses, S.stores, S.corrupt,
                                    S.runReused ? "; the run's findings reused" : "");
    }
    if (Opts.cacheMaxSizeMiB)
      RC.cache->prune(uint64_t(Opts.cacheMaxSizeMiB) << 20);
  }

  if (Shard) {
    ShardData Data{*Shard, AllJobs.size(), std::move(SliceFiles), std::move(Units),
                   std::move(Errors)};
    if (llvm::Error E = writeFileAtomically(absolutePath(Opts.factsOut), writeShard(Data)))
      return fail(llvm::toString(std::move(E)));
    for (const ShardError &E : Data.errors)
      llvm::errs() << "concur-lint: error: " << E.error.message << "\n";
    if (!Opts.quiet)
      llvm::errs() << llvm::formatv("concur-lint: shard {0}/{1}: {2} of {3} file(s) analysed, "
                                    "facts written to {4}\n",
                                    Shard->index, Shard->count, Slice.size(), AllJobs.size(),
                                    Opts.factsOut);
    return Data.errors.empty() ? ExitClean : ExitAnalysis;
  }
  Out.jobs = AllJobs.size();
  for (auto &F : SliceFiles)
    Out.files.push_back(std::move(F.second));
  for (ShardUnit &U : Units)
    Out.facts.push_back(std::move(U.facts));
  for (ShardError &E : Errors)
    Out.errors.push_back(std::move(E.error));
  return std::nullopt;
}

}  // namespace concurlint::cli
