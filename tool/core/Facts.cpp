#include "tool/core/Facts.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <limits>

namespace concurlint {

using llvm::json::Object;
using llvm::json::ObjectMapper;
using llvm::json::Path;
using llvm::json::Value;

std::string contentHash(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true, /*Width=*/16);
}

Value toJSON(const Span &S) {
  return Object{{"file", S.file},       {"line", S.line},
                {"column", S.column},   {"end_line", S.endLine},
                {"end_column", S.endColumn}, {"offset", S.offset},
                {"length", S.length}};
}

// llvm::json reads signed integers only; positions are unsigned.
static bool mapUnsigned(ObjectMapper &O, llvm::StringLiteral Key, unsigned &Out, Path P) {
  int64_t Value = 0;
  if (!O.map(Key, Value))
    return false;
  if (Value < 0 || Value > std::numeric_limits<unsigned>::max()) {
    P.field(Key).report("expected an unsigned 32-bit integer");
    return false;
  }
  Out = static_cast<unsigned>(Value);
  return true;
}

bool fromJSON(const Value &V, Span &S, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", S.file) && mapUnsigned(O, "line", S.line, P) &&
         mapUnsigned(O, "column", S.column, P) && mapUnsigned(O, "end_line", S.endLine, P) &&
         mapUnsigned(O, "end_column", S.endColumn, P) && mapUnsigned(O, "offset", S.offset, P) &&
         mapUnsigned(O, "length", S.length, P);
}

Value toJSON(const CallFact &C) {
  return Object{{"callee_usr", C.calleeUsr},
                {"callee", C.callee},
                {"object_type", C.objectType},
                {"member", C.isMember},
                {"construction", C.isConstruction},
                {"result_discarded", C.resultDiscarded},
                {"in_macro", C.inMacro},
                {"span", C.span},
                {"args", C.args}};
}

bool fromJSON(const Value &V, CallFact &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("callee_usr", C.calleeUsr) && O.map("callee", C.callee) &&
         O.map("object_type", C.objectType) && O.map("member", C.isMember) &&
         O.map("construction", C.isConstruction) &&
         O.map("result_discarded", C.resultDiscarded) && O.map("in_macro", C.inMacro) &&
         O.map("span", C.span) && O.map("args", C.args);
}

Value toJSON(const FunctionFact &F) {
  return Object{{"usr", F.usr},
                {"name", F.name},
                {"span", F.span},
                {"coroutine", F.isCoroutine},
                {"coroutine_type", F.coroutineType},
                {"calls", F.calls}};
}

bool fromJSON(const Value &V, FunctionFact &F, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("usr", F.usr) && O.map("name", F.name) && O.map("span", F.span) &&
         O.map("coroutine", F.isCoroutine) && O.map("coroutine_type", F.coroutineType) &&
         O.map("calls", F.calls);
}

Value toJSON(const FileFact &F) { return Object{{"path", F.path}, {"hash", F.hash}}; }

bool fromJSON(const Value &V, FileFact &F, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("path", F.path) && O.map("hash", F.hash);
}

Value toJSON(const TUFacts &T) {
  return Object{{"format", TUFacts::FormatVersion},
                {"main_file", T.mainFile},
                {"files", T.files},
                {"functions", T.functions}};
}

bool fromJSON(const Value &V, TUFacts &T, Path P) {
  ObjectMapper O(V, P);
  int Format = 0;
  if (!O || !O.map("format", Format))
    return false;
  if (Format != TUFacts::FormatVersion) {
    P.field("format").report("unsupported facts format version");
    return false;
  }
  return O.map("main_file", T.mainFile) && O.map("files", T.files) &&
         O.map("functions", T.functions);
}

}  // namespace concurlint
