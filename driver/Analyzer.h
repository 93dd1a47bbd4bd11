// Parses translation units in parallel and extracts their facts.
#pragma once

#include "facts/Facts.h"
#include "driver/FactsCache.h"
#include "driver/Inputs.h"

#include "llvm/ADT/StringMap.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
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
  /// With AnalyzeOptions::preambles: how the headers before the main file's first declaration
  /// were read. None: parsed with the rest (no preamble: nothing to precompile, or it failed).
  enum class Preamble { None, Built, Reused } preamble = Preamble::None;
};

/// The precompiled preambles of an editor's TUs (concur-lsp): the headers included before the
/// first declaration of a main file, parsed once into an in-memory PCH (clang's
/// PrecompiledPreamble, as clangd does) and reused by the next analyses of that file while the
/// preamble's lines, the headers it read (on disk or in the overlay) and the compile command
/// are unchanged. Only the rest of the main file is parsed again after an edit. Thread-safe.
class PreambleStore {
public:
  /// Keeps the preambles of the `Capacity` files analysed most recently (each holds its headers'
  /// AST: megabytes).
  explicit PreambleStore(unsigned Capacity = 8) : Capacity(Capacity ? Capacity : 1) {}
  /// Forgets the preamble of a main file (its document was closed).
  void forget(const std::string &MainFile);
  size_t size() const;

  struct Entry;  // driver/Analyzer.cpp
  std::shared_ptr<const Entry> find(const std::string &MainFile);
  void put(const std::string &MainFile, std::shared_ptr<const Entry> E);

private:
  unsigned Capacity;
  mutable std::mutex Mutex;
  uint64_t Clock = 0;
  std::map<std::string, std::pair<uint64_t, std::shared_ptr<const Entry>>> Entries;
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
  /// The editor's path (concur-lsp): the headers of the main file's preamble come from a
  /// precompiled preamble kept here, built when missing or out of date. The facts are those of
  /// a whole parse. None (the CLI): every TU is parsed whole.
  PreambleStore *preambles = nullptr;
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
