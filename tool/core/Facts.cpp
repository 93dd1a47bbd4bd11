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

bool locationsOverlap(llvm::StringRef A, llvm::StringRef B) {
  if (A == B)
    return true;
  if (A.ends_with("#") || B.ends_with("#")) {
    llvm::StringRef ObjA = A.ends_with("#") ? A.drop_back() : A;
    llvm::StringRef ObjB = B.ends_with("#") ? B.drop_back() : B;
    return ObjA == ObjB;
  }
  llvm::StringRef Short = A.size() < B.size() ? A : B, Long = A.size() < B.size() ? B : A;
  return Long.starts_with(Short) && (Long[Short.size()] == '[' || Long[Short.size()] == '.');
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

Value toJSON(const LockFact &L) {
  return Object{{"id", L.id},
                {"name", L.name},
                {"shared", L.shared},
                {"acquired", L.acquired},
                {"guard", L.guard}};
}

bool fromJSON(const Value &V, LockFact &L, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("id", L.id) && O.map("name", L.name) && O.map("shared", L.shared) &&
         O.map("acquired", L.acquired) && O.map("guard", L.guard);
}

Value toJSON(const ForkFact &F) {
  return Object{{"fork", F.fork},
                {"child_begin", F.childBegin},
                {"child_end", F.childEnd},
                {"parent_from", F.parentFrom}};
}

bool fromJSON(const Value &V, ForkFact &F, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("fork", F.fork) && mapUnsigned(O, "child_begin", F.childBegin, P) &&
         mapUnsigned(O, "child_end", F.childEnd, P) &&
         mapUnsigned(O, "parent_from", F.parentFrom, P);
}

Value toJSON(const SuspendFact &S) {
  return Object{{"span", S.span}, {"keyword", S.keyword}, {"locks", S.locks}};
}

bool fromJSON(const Value &V, SuspendFact &S, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("span", S.span) && O.map("keyword", S.keyword) && O.map("locks", S.locks);
}

Value toJSON(const AwaitFact &A) {
  return Object{{"span", A.span},
                {"call", A.call},
                {"callee", A.callee},
                {"callee_usr", A.calleeUsr},
                {"follows", A.follows},
                {"reads", A.reads},
                {"writes", A.writes},
                {"statement", A.statement},
                {"form", A.form},
                {"declared", A.declared},
                {"awaited_type", A.awaitedType},
                {"result_void", A.resultVoid}};
}

bool fromJSON(const Value &V, AwaitFact &A, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("span", A.span) && O.map("call", A.call) && O.map("callee", A.callee) &&
         O.map("callee_usr", A.calleeUsr) && O.map("follows", A.follows) &&
         O.map("reads", A.reads) && O.map("writes", A.writes) &&
         O.map("statement", A.statement) && O.map("form", A.form) &&
         O.map("declared", A.declared) && O.map("awaited_type", A.awaitedType) &&
         O.map("result_void", A.resultVoid);
}

Value toJSON(const AccessFact &A) {
  return Object{{"var", A.var},       {"location", A.location}, {"path", A.path},
                {"write", A.write},   {"atomic", A.atomic},     {"form", A.form},
                {"locks", A.locks},   {"span", A.span},         {"statement", A.statement},
                {"in_macro", A.inMacro}, {"rewrite", A.rewrite},
                {"rewrite_text", A.rewriteText}, {"chain", A.chain}};
}

bool fromJSON(const Value &V, AccessFact &A, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("var", A.var) && O.map("location", A.location) && O.map("path", A.path) &&
         O.map("write", A.write) && O.map("atomic", A.atomic) && O.map("form", A.form) &&
         O.map("locks", A.locks) && O.map("span", A.span) && O.map("statement", A.statement) &&
         O.map("in_macro", A.inMacro) && O.map("rewrite", A.rewrite) &&
         O.map("rewrite_text", A.rewriteText) && mapUnsigned(O, "chain", A.chain, P);
}

Value toJSON(const LoopAccessFact &A) {
  return Object{{"var", A.var},       {"name", A.name},   {"how", A.how},
                {"written", A.written}, {"op", A.op},     {"span", A.span},
                {"statement", A.statement}, {"value", A.value}};
}

bool fromJSON(const Value &V, LoopAccessFact &A, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("var", A.var) && O.map("name", A.name) && O.map("how", A.how) &&
         O.map("written", A.written) && O.map("op", A.op) && O.map("span", A.span) &&
         O.map("statement", A.statement) && O.map("value", A.value);
}

Value toJSON(const LoopCallFact &C) {
  return Object{{"callee_usr", C.calleeUsr}, {"callee", C.callee}, {"system", C.system},
                {"span", C.span}};
}

bool fromJSON(const Value &V, LoopCallFact &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("callee_usr", C.calleeUsr) && O.map("callee", C.callee) &&
         O.map("system", C.system) && O.map("span", C.span);
}

Value toJSON(const LoopFact &L) {
  Object O{{"begin", L.begin}, {"end", L.end}};
  if (L.kind.empty())
    return O;
  O.insert({"kind", L.kind});
  O.insert({"span", L.span});
  O.insert({"body", L.body});
  O.insert({"body_is_block", L.bodyIsBlock});
  O.insert({"var", L.var});
  O.insert({"var_decl", L.varDecl});
  O.insert({"first", L.first});
  O.insert({"last", L.last});
  O.insert({"first_is_zero", L.firstIsZero});
  O.insert({"last_size_of", L.lastSizeOf});
  O.insert({"accesses", L.accesses});
  O.insert({"exits", L.exits});
  O.insert({"continues", L.continues});
  O.insert({"calls", L.calls});
  O.insert({"awaits", L.awaits});
  O.insert({"map_function", L.mapFunction});
  O.insert({"map_function_usr", L.mapFunctionUsr});
  O.insert({"map_input", L.mapInput});
  O.insert({"map_codec", L.mapCodec});
  O.insert({"awaited_type", L.awaitedType});
  return O;
}

bool fromJSON(const Value &V, LoopFact &L, Path P) {
  ObjectMapper O(V, P);
  if (!O || !mapUnsigned(O, "begin", L.begin, P) || !mapUnsigned(O, "end", L.end, P))
    return false;
  if (!V.getAsObject()->get("kind"))
    return true;  // a while or do loop: offsets only
  return O.map("kind", L.kind) && O.map("span", L.span) && O.map("body", L.body) &&
         O.map("body_is_block", L.bodyIsBlock) && O.map("var", L.var) &&
         O.map("var_decl", L.varDecl) && O.map("first", L.first) && O.map("last", L.last) &&
         O.map("first_is_zero", L.firstIsZero) && O.map("last_size_of", L.lastSizeOf) &&
         O.map("accesses", L.accesses) && O.map("exits", L.exits) &&
         O.map("continues", L.continues) && O.map("calls", L.calls) &&
         O.map("awaits", L.awaits) && O.map("map_function", L.mapFunction) &&
         O.map("map_function_usr", L.mapFunctionUsr) && O.map("map_input", L.mapInput) &&
         O.map("map_codec", L.mapCodec) && O.map("awaited_type", L.awaitedType);
}

Value toJSON(const ScopeExitFact &S) {
  return Object{{"id", S.id}, {"type", S.type}, {"offset", S.offset}};
}

bool fromJSON(const Value &V, ScopeExitFact &S, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("id", S.id) && O.map("type", S.type) && mapUnsigned(O, "offset", S.offset, P);
}

Value toJSON(const ChainFact &C) { return Object{{"callee", C.callee}, {"parent", C.parent}}; }

bool fromJSON(const Value &V, ChainFact &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("callee", C.callee) && mapUnsigned(O, "parent", C.parent, P);
}

Value toJSON(const ExitFact &E) { return Object{{"at", E.at}, {"how", E.how}}; }

bool fromJSON(const Value &V, ExitFact &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("at", E.at) && O.map("how", E.how);
}

Value toJSON(const EditFact &E) { return Object{{"at", E.at}, {"text", E.text}}; }

bool fromJSON(const Value &V, EditFact &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("at", E.at) && O.map("text", E.text);
}

Value toJSON(const ThreadHandleFact &T) {
  return Object{{"name", T.name},         {"kind", T.kind},         {"decl", T.decl},
                {"started", T.started},   {"leaks", T.leaks},       {"entry_usr", T.entryUsr},
                {"released", T.released}, {"jthread_fix", T.jthreadFix}};
}

bool fromJSON(const Value &V, ThreadHandleFact &T, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", T.name) && O.map("kind", T.kind) && O.map("decl", T.decl) &&
         O.map("started", T.started) && O.map("leaks", T.leaks) &&
         O.map("entry_usr", T.entryUsr) && O.map("released", T.released) &&
         O.map("jthread_fix", T.jthreadFix);
}

Value toJSON(const ManualLockFact &M) {
  return Object{{"lock", M.lock},       {"api", M.api},           {"unlocks", M.unlocks},
                {"leaks", M.leaks},     {"relocks", M.relocks},   {"guard_fix", M.guardFix},
                {"guard_header", M.guardHeader}};
}

bool fromJSON(const Value &V, ManualLockFact &M, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("lock", M.lock) && O.map("api", M.api) && O.map("unlocks", M.unlocks) &&
         O.map("leaks", M.leaks) && O.map("relocks", M.relocks) &&
         O.map("guard_fix", M.guardFix) && O.map("guard_header", M.guardHeader);
}

Value toJSON(const VarDeclFact &D) {
  return Object{{"type", D.type},
                {"declaration", D.declaration},
                {"definition", D.definition},
                {"alone", D.alone},
                {"in_macro", D.inMacro}};
}

bool fromJSON(const Value &V, VarDeclFact &D, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("type", D.type) && O.map("declaration", D.declaration) &&
         O.map("definition", D.definition) && O.map("alone", D.alone) &&
         O.map("in_macro", D.inMacro);
}

Value toJSON(const GlobalFact &G) {
  return Object{{"usr", G.usr},
                {"name", G.name},
                {"spelling", G.spelling},
                {"type", G.type},
                {"type_spelling", G.typeSpelling},
                {"integral", G.integral},
                {"atomic_type", G.atomicType},
                {"thread_local", G.threadLocal},
                {"constant", G.constant},
                {"function_local", G.functionLocal},
                {"member", G.member},
                {"c", G.c},
                {"decls", G.decls}};
}

bool fromJSON(const Value &V, GlobalFact &G, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("usr", G.usr) && O.map("name", G.name) && O.map("spelling", G.spelling) &&
         O.map("type", G.type) && O.map("type_spelling", G.typeSpelling) &&
         O.map("integral", G.integral) && O.map("atomic_type", G.atomicType) &&
         O.map("thread_local", G.threadLocal) && O.map("constant", G.constant) &&
         O.map("function_local", G.functionLocal) && O.map("member", G.member) && O.map("c", G.c) &&
         O.map("decls", G.decls);
}

Value toJSON(const CallFact &C) {
  return Object{{"callee_usr", C.calleeUsr},
                {"callee", C.callee},
                {"object_type", C.objectType},
                {"member", C.isMember},
                {"construction", C.isConstruction},
                {"result_discarded", C.resultDiscarded},
                {"system", C.system},
                {"in_macro", C.inMacro},
                {"in_handler", C.inHandler},
                {"span", C.span},
                {"args", C.args},
                {"object_id", C.objectId},
                {"object_element_type", C.objectElementType},
                {"result_id", C.resultId},
                {"arg_ids", C.argIds},
                {"arg_entries", C.argEntries},
                {"arg_globals", C.argGlobals},
                {"locks", C.locks},
                {"chain", C.chain}};
}

bool fromJSON(const Value &V, CallFact &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("callee_usr", C.calleeUsr) && O.map("callee", C.callee) &&
         O.map("object_type", C.objectType) && O.map("member", C.isMember) &&
         O.map("construction", C.isConstruction) &&
         O.map("result_discarded", C.resultDiscarded) && O.map("system", C.system) &&
         O.map("in_macro", C.inMacro) && O.map("in_handler", C.inHandler) &&
         O.map("span", C.span) && O.map("args", C.args) && O.map("object_id", C.objectId) &&
         O.map("object_element_type", C.objectElementType) && O.map("result_id", C.resultId) &&
         O.map("arg_ids", C.argIds) && O.map("arg_entries", C.argEntries) &&
         O.map("arg_globals", C.argGlobals) && O.map("locks", C.locks) &&
         mapUnsigned(O, "chain", C.chain, P);
}

Value toJSON(const FunctionFact &F) {
  return Object{{"usr", F.usr},
                {"name", F.name},
                {"span", F.span},
                {"coroutine", F.isCoroutine},
                {"coroutine_type", F.coroutineType},
                {"calls", F.calls},
                {"accesses", F.accesses},
                {"loops", F.loops},
                {"scope_exits", F.scopeExits},
                {"suspends", F.suspends},
                {"awaits", F.awaits},
                {"forks", F.forks},
                {"thread_handles", F.threadHandles},
                {"manual_locks", F.manualLocks},
                {"call_chain", F.callChain},
                {"exit_chain", F.exitChain},
                {"exit_locks", F.exitLocks},
                {"releases", F.releases},
                {"body_end", F.bodyEnd}};
}

bool fromJSON(const Value &V, FunctionFact &F, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("usr", F.usr) && O.map("name", F.name) && O.map("span", F.span) &&
         O.map("coroutine", F.isCoroutine) && O.map("coroutine_type", F.coroutineType) &&
         O.map("calls", F.calls) && O.map("accesses", F.accesses) && O.map("loops", F.loops) &&
         O.map("scope_exits", F.scopeExits) && O.map("suspends", F.suspends) &&
         O.map("awaits", F.awaits) && O.map("forks", F.forks) &&
         O.map("thread_handles", F.threadHandles) && O.map("manual_locks", F.manualLocks) &&
         O.map("call_chain", F.callChain) && mapUnsigned(O, "exit_chain", F.exitChain, P) &&
         O.map("exit_locks", F.exitLocks) && O.map("releases", F.releases) &&
         mapUnsigned(O, "body_end", F.bodyEnd, P);
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
                {"functions", T.functions},
                {"globals", T.globals}};
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
         O.map("functions", T.functions) && O.map("globals", T.globals);
}

}  // namespace concurlint
