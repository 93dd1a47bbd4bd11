// Shard files: the facts of one slice of a project's TUs (`--shard=i/n --facts-out=FILE`), for
// `concur-lint link FILE...` to run the whole-program rules over the union (docs/usage.md,
// "Sharding").
#pragma once

#include "facts/Facts.h"
#include "engine/Finding.h"

#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace concurlint {

/// Which slice of the TUs a run analyses: `index` in 1..`count`.
struct ShardSpec {
  unsigned index = 1, count = 1;
};

/// Parses "i/n" (1 <= i <= n).
llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text);

/// The positions (in `Files`' order) of the files of shard `S`: the files are sorted by path and
/// dealt round-robin, so every machine computes the same slices from the same inputs, and
/// neighbouring files (often alike in cost) go to different shards.
std::vector<size_t> shardSlice(const std::vector<std::string> &Files, ShardSpec S);

/// One TU's facts with its position in the whole run's list of TUs: linking puts the units
/// back in that order, so the program (and every finding) is the one a single run builds.
struct ShardUnit {
  size_t index = 0;
  TUFacts facts;
};

struct ShardError {
  size_t index = 0;    // the TU's position; 0 for an error about the inputs
  bool input = false;  // about the inputs (a file without a compile command...), not a TU
  AnalysisError error;
};

struct ShardData {
  ShardSpec shard;
  size_t totalJobs = 0;                    // TUs in the whole run
  /// The slice's files (and the headers they stand for), with their TU's position.
  std::vector<std::pair<size_t, std::string>> analysedFiles;
  std::vector<ShardUnit> units;
  std::vector<ShardError> errors;
};

/// The file's content: a first line of JSON naming the tool, its version, the facts format, the
/// slice, its files, errors and units (each with the size of its facts), and a checksum; then
/// the units' facts in FactsCodec's binary encoding, one after the other.
std::string writeShard(const ShardData &Data);

/// Reads a shard file's text. Errors name `FileName` and say what is wrong (not a shard file,
/// another tool version or facts format, a malformed field).
llvm::Expected<ShardData> parseShard(llvm::StringRef Text, llvm::StringRef FileName);

}  // namespace concurlint
