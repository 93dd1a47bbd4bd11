// A compact binary encoding of TUFacts, for the facts cache: what a warm run reads for every TU.
// The JSON form (Facts.h's toJSON/fromJSON) stays the readable one (`--dump-facts`, shard
// files); this one exists because decoding JSON through an llvm::json::Value tree was most of a
// warm run's time (docs/performance.md).
//
// Layout: varint-coded (LEB128) unsigned numbers, one byte per bool, and strings interned: a
// string already written is a back-reference to its first occurrence, so the path in every Span
// and the USRs repeated across calls cost a byte or two. Fields are written in declaration
// order; each struct's field list is written once (FactsCodec.cpp) and shared by the encoder
// and the decoder, and is checked against the struct at compile time.
#pragma once

#include "tool/core/Facts.h"
#include "tool/core/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace concurlint {

/// Appends `Facts`' encoding to `Out`. Strings are interned per call.
void encodeFacts(const TUFacts &Facts, std::string &Out);

/// Decodes what encodeFacts() wrote, the whole of `Data`. A truncated, damaged or foreign input
/// is an error saying at which byte it stopped making sense; it never reads past `Data`, and
/// never allocates more than `Data` could describe.
llvm::Expected<TUFacts> decodeFacts(llvm::StringRef Data);

/// A whole run's outcome, for the run cache (FactsCache::lookupRun): the files the analysis
/// read with their hashes (what fixes are checked against) and the findings, fixes included.
struct CachedRun {
  std::vector<FileFact> files;
  std::vector<Finding> findings;
};

void encodeRun(const CachedRun &Run, std::string &Out);
llvm::Expected<CachedRun> decodeRun(llvm::StringRef Data);

}  // namespace concurlint
