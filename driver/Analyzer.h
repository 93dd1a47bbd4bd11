// Parses translation units in parallel and extracts their facts.
#pragma once

#include "facts/Facts.h"
#include "driver/FactsCache.h"
#include "driver/Inputs.h"

#include "llvm/ADT/StringMap.h"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {

struct TUResult {
  std::string file;
  bool ok = false;                  // parsed without errors: its facts can be trusted
  TUFacts facts;
  std::vector<std::string> errors;  // "file:line:col: message" from the compiler
  bool cancelled = false;           // stopped on request: no facts, no errors
  bool crashed = false;             // the analysis crashed (contained): `errors` says how
  bool fromCache = false;           // the facts came from the facts cache, without a parse
  std::string cacheKey;             // its key in the facts cache; empty without a cache
  std::string cacheChecksum;        // its entry's checksum: found, or just stored
  /// AnalyzeOptions::deferDecode: the cache entry found, whose facts decodeCached() decodes.
  std::optional<FactsCache::Entry> cached;
  std::vector<std::string> notes;   // arguments left out, why the cache missed (--verbose)
};

/// Told of each TU as a run goes (the CLI's progress line). Called from the worker threads,
/// concurrently: implementations synchronise themselves.
class AnalysisObserver {
public:
  virtual ~AnalysisObserver() = default;
  virtual void started(const CompileJob &Job) = 0;
  virtual void finished(const TUResult &Result) = 0;
};

/// What an editor adds to a run: its unsaved buffers, and a way to abandon the run.
struct AnalyzeOptions {
  /// Contents that replace the files on disk (absolute paths), headers or the main file.
  const llvm::StringMap<std::string> *overlay = nullptr;
  /// Set by another thread to stop the parse at its next top-level declaration.
  const std::atomic<bool> *cancel = nullptr;
  /// Where facts are looked up before parsing and stored after a clean parse; none: no cache.
  FactsCache *cache = nullptr;
  /// Test only (--debug-crash-on): crash on purpose while analysing a file whose path contains
  /// this, to prove that a crash is contained to its TU.
  std::string crashOn;
  /// A cache hit keeps its entry undecoded (TUResult::cached): the run cache may make the facts
  /// unnecessary. decodeCached() decodes them.
  bool deferDecode = false;
  /// Told when each TU of analyzeAll() starts and ends; none: nobody is told.
  AnalysisObserver *observer = nullptr;
  /// Parse even when the cache has the TU (its entry was found corrupt); the result is stored.
  bool skipLookup = false;
};

/// Runs the facts extraction over every job, `Jobs` at a time (0: all cores). Results come back
/// in the order of `Work`, whatever order the threads finish in. A crash while analysing one TU
/// (in clang or in the extractors) is contained: that TU's result is `crashed`, the others go on.
std::vector<TUResult> analyzeAll(const std::vector<CompileJob> &Work, unsigned Jobs,
                                 const AnalyzeOptions &Options = {});

/// Decodes the facts of the results that hold a cache entry (deferDecode), `Jobs` at a time; a
/// TU whose entry does not decode is analysed again (and its entry rebuilt).
void decodeCached(std::vector<TUResult> &Results, const std::vector<CompileJob> &Work,
                  unsigned Jobs, const AnalyzeOptions &Options);

/// One TU, on the calling thread.
TUResult analyzeOne(const CompileJob &Job, const AnalyzeOptions &Options = {});

}  // namespace concurlint
