// The run cache's entries (FactsCache::lookupRun): a whole run's outcome in the facts cache's
// binary encoding (facts/Codec.h).
#pragma once

#include "engine/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace concurlint {

/// The layout of a run entry beyond the facts' format (TUFacts::FormatVersion): part of the run
/// cache's key, so that an entry of another layout is a miss, not damage. 2: Finding::chains.
constexpr int RunLayout = 2;

/// A whole run's outcome: the files the analysis read with their hashes (what fixes are checked
/// against) and the findings, fixes included.
struct CachedRun {
  std::vector<FileFact> files;
  std::vector<Finding> findings;
};

void encodeRun(const CachedRun &Run, std::string &Out);
/// Decodes what encodeRun() wrote; damage is an error, as with decodeFacts().
llvm::Expected<CachedRun> decodeRun(llvm::StringRef Data);

}  // namespace concurlint
