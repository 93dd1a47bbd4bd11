// A compact binary encoding of TUFacts, for the facts cache: what a warm run reads for every TU.
// The JSON form (Facts.h's toJSON/fromJSON) stays the readable one (`--dump-facts`, shard
// files); this one exists because decoding JSON through an llvm::json::Value tree was most of a
// warm run's time (docs/performance.md).
//
// The encoding is facts/Codec.h's, over the field lists of facts/FactFields.h.
#pragma once

#include "facts/Facts.h"

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

}  // namespace concurlint
