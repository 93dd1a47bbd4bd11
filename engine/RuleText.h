// Wording the rules' messages share, so that every rule names things the same way.
#pragma once

#include "facts/Facts.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <string>

namespace concurlint {

/// A name as the messages quote it: 'counter'.
inline std::string quoted(llvm::StringRef Name) { return "'" + Name.str() + "'"; }

/// The last component of a qualified name: `fetch` of `net::Client::fetch`.
inline llvm::StringRef lastComponent(llvm::StringRef Qualified) {
  size_t Pos = Qualified.rfind("::");
  return Pos == llvm::StringRef::npos ? Qualified : Qualified.substr(Pos + 2);
}

/// "line 12", for a place in the function the message is about.
inline std::string lineOf(const Span &S) { return "line " + std::to_string(S.line); }

/// "stats.cpp:14", for a place that may be in another file.
inline std::string place(const Span &S) {
  return llvm::sys::path::filename(S.file).str() + ":" + std::to_string(S.line);
}

}  // namespace concurlint
