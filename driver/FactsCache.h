// The facts cache: the facts of a TU, stored on disk under a key made of the tool's build and
// the TU's compile command, with the list of files its parse read and their content hashes.
// A lookup re-hashes those files (no preprocessing, no parse): when every hash still matches,
// the stored facts are the facts a parse would extract. A changed header thus invalidates
// exactly the TUs that read it (docs/usage.md, "The facts cache").
#pragma once

#include "driver/RunCodec.h"
#include "facts/Facts.h"
#include "facts/FactsCodec.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {

/// A file a parse read, as an absolute path, and the hash of its content (contentHash()).
struct CachedInput {
  std::string path;
  std::string hash;
};

class FactsCache {
public:
  /// `Directory`: where the entries live (created on the first store). `MemoizeHashes`: hash
  /// each file at most once per FactsCache object (a command-line run, during which files are
  /// taken not to change); a long-lived server passes false and re-hashes on every lookup.
  explicit FactsCache(std::string Directory, bool MemoizeHashes = true);

  /// $XDG_CACHE_HOME/concur-lint, else ~/.cache/concur-lint; empty when neither is known.
  static std::string defaultDirectory();

  /// Identifies this build of the tool: version, facts format, LLVM version and the build id
  /// of the executable (which changes with any change to the extractors or built-in catalogs).
  static const std::string &toolKey();

  /// A key from parts: the tool key and each part (length-prefixed), hashed (BLAKE3, hex).
  static std::string hashKey(llvm::ArrayRef<std::string> Parts);

  /// The entry's key: the tool key, the compile command as run (arguments and directory) and
  /// the main file.
  static std::string keyFor(const std::vector<std::string> &Args, llvm::StringRef Directory,
                            llvm::StringRef File);

  /// A TU's entry whose inputs all have the same content now, not yet decoded. `checksum`
  /// identifies its content (the run cache keys on it).
  struct Entry {
    std::string file;      // the entry's path
    std::string checksum;  // of its payload
    llvm::StringRef body;  // the encoded facts, in `buffer`
    std::unique_ptr<llvm::MemoryBuffer> buffer;
  };

  /// The entry when every file the stored parse read has the same content now (files in
  /// `Overlay`, an editor's unsaved buffers, are compared by their overlay text). A corrupt,
  /// truncated or foreign entry is a miss; `Note` then says why (for --verbose).
  std::optional<Entry> find(llvm::StringRef Key, const llvm::StringMap<std::string> *Overlay,
                            std::string *Note = nullptr);
  /// The facts of an entry find() returned; none if they do not decode (a corrupt entry).
  std::optional<TUFacts> decode(const Entry &E, std::string *Note = nullptr);
  /// find() then decode(): the stored facts, or none.
  std::optional<TUFacts> lookup(llvm::StringRef Key, const llvm::StringMap<std::string> *Overlay,
                                std::string *Note = nullptr);

  /// Writes the entry atomically (a temporary file in the cache directory, then a rename), so
  /// that concurrent runs sharing the cache never see a partial entry. Failing to write is not
  /// an error of the run: the reason goes to `Note`. Returns the entry's checksum (as find()
  /// would give it), empty when it was not written.
  std::string store(llvm::StringRef Key, const TUFacts &Facts,
                    const std::vector<CachedInput> &Inputs, std::string *Note = nullptr);

  /// The run cache: a whole run's findings, keyed (hashKey) by everything the rules see — each
  /// TU's entry key and checksum, the files analysed, the --rules and --config given — and
  /// valid while the configuration files it looked for (`ConfigFiles`, present or not) are as
  /// they were. A run whose TUs all hit then skips decoding, linking and the rules.
  std::optional<CachedRun> lookupRun(llvm::StringRef Key, std::string *Note = nullptr);
  void storeRun(llvm::StringRef Key, const CachedRun &Run,
                const std::vector<std::string> &ConfigFiles, std::string *Note = nullptr);

  /// Removes the least recently used entries (by modification time, which a hit refreshes)
  /// until the entries take at most `MaxBytes`. Returns how many were removed.
  unsigned prune(uint64_t MaxBytes);

  const std::string &directory() const { return Directory; }

  struct Stats {
    unsigned hits = 0, misses = 0, stores = 0, corrupt = 0;
    bool runReused = false;  // lookupRun() found this run's findings
  };
  Stats stats() const;

  /// The file format's first line. An entry is "<magic>\n<xxh3 of the payload>\n<payload>",
  /// the payload being text lines "tool <toolKey()>", "key <key>", "inputs <N>" and N lines
  /// "<hash> <path>", then the facts in the binary encoding of FactsCodec.h.
  static constexpr llvm::StringLiteral Magic = "concur-lint-facts-cache 2";

  /// Recorded for an input that is not a regular file (a configuration file looked for).
  static constexpr llvm::StringLiteral AbsentHash = "-";

private:
  std::optional<std::string> currentHash(const std::string &Path,
                                         const llvm::StringMap<std::string> *Overlay);
  std::string entryPath(llvm::StringRef Key, llvm::StringRef Extension) const;
  std::optional<Entry> read(llvm::StringRef File, llvm::StringRef Key,
                            const llvm::StringMap<std::string> *Overlay, std::string *Note,
                            bool &IsCorrupt);
  /// Returns the checksum written, empty on failure.
  std::string write(llvm::StringRef File, llvm::StringRef Key,
                    const std::vector<CachedInput> &Inputs, llvm::StringRef Body,
                    std::string *Note);

  std::string Directory;
  bool MemoizeHashes;
  std::mutex HashMutex;
  llvm::StringMap<std::optional<std::string>> Hashes;  // path -> hash, or none if unreadable
  std::atomic<unsigned> Hits{0}, Misses{0}, Stores{0}, Corrupt{0};
  std::atomic<bool> RunReused{false};
};

}  // namespace concurlint
