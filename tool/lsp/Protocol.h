// The pieces of LSP 3.17 that are plain data: URIs, positions in UTF-16 code units, text edits.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace concurlint::lsp {

/// JSON-RPC and LSP error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

/// `file:///a%20b/c.cpp` -> `/a b/c.cpp`. Other schemes, relative or malformed URIs: nullopt.
std::optional<std::string> uriToPath(llvm::StringRef Uri);

/// A position as LSP counts it: 0-based line, 0-based column in UTF-16 code units.
struct Position {
  unsigned line = 0, character = 0;
  friend bool operator==(const Position &, const Position &) = default;
};

/// The byte offset of `P` in `Text`. A character past the end of its line means the end of the
/// line, a line past the end of the text the end of the text (as LSP asks). Malformed UTF-8
/// counts one code unit per byte.
size_t offsetAt(llvm::StringRef Text, Position P);

/// The position of byte `Offset` in `Text` (clamped to the text).
Position positionAt(llvm::StringRef Text, size_t Offset);

llvm::json::Value toJSON(const Position &P);
/// {"start": …, "end": …} for the bytes [Begin, End) of Text.
llvm::json::Value rangeJSON(llvm::StringRef Text, size_t Begin, size_t End);

/// Parses {"line": n, "character": n}; false when it is not one.
bool parsePosition(const llvm::json::Value *V, Position &Out);

/// Applies one TextDocumentContentChangeEvent: {"range", "text"} edits part of the text, a
/// lone {"text"} replaces it. An error for a malformed change (the text is then unchanged).
llvm::Error applyContentChange(std::string &Text, const llvm::json::Value &Change);

}  // namespace concurlint::lsp
