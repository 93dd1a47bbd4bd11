// The thread facts of a function body: which globals it reads and writes, with the locks held
// at each access and each call; the loops (to order thread starts and joins); and, for each
// call, what a thread analysis needs to know about its arguments and result (which function an
// argument names, which thread handle or global it is).
#pragma once

#include "tool/core/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <string>
#include <vector>

namespace concurlint {

/// Qualified name without template arguments, inline or anonymous namespaces.
std::string canonicalName(const clang::NamedDecl *D);
/// The canonical name of a type's class (through references and pointers), or "".
std::string canonicalTypeName(clang::QualType T);
/// Whether `S` (or any expression under it) names the variable `V`.
bool refersTo(const clang::Stmt *S, const clang::VarDecl *V);

/// What the scanner needs from the facts builder: positions and names.
class SourceMapper {
public:
  virtual ~SourceMapper() = default;
  virtual Span span(clang::SourceRange R) = 0;
  virtual std::string usrOf(const clang::Decl *D) = 0;
  /// The code of a range as written, mapped out of macros; "" when it cannot be.
  virtual std::string sourceText(clang::SourceRange R) = 0;
};

class ThreadScanner {
public:
  ThreadScanner(clang::ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals);
  ~ThreadScanner();

  /// Walks the body of `FD` (already named in `F`): accesses, loops, scope exits, body end,
  /// and the locks held at each call (kept for describeCall).
  void scan(const clang::FunctionDecl *FD, FunctionFact &F);

  /// Records a global's declaration even where this TU never accesses it (the TU that only
  /// defines `long processed = 0;`): a fix changing its type must change every declaration.
  void noteVariable(const clang::VarDecl *V);

  /// Fills the thread fields of the CallFact made for `Call` (a CallExpr or CXXConstructExpr
  /// of the function last scanned).
  void describeCall(const clang::Expr *Call, CallFact &C);

  /// A mutex locked or unlocked by hand: not through an RAII guard object, not a try-lock,
  /// one mutex at a time (std::lock(a, b) is left out).
  enum class ManualOp { None, Lock, Unlock };
  struct ManualLock {
    ManualOp op = ManualOp::None;
    LockFact lock;           // which mutex (`acquired` is not set)
    std::string key;         // matches the lock and unlock of one mutex within a function
    std::string api;         // "member", "pthread", "c11"
    std::string method;      // the member function's name: "lock", "lock_shared", "Lock"
    bool recursive = false;  // locking it twice on one thread is allowed (or may be)
    const clang::Expr *mutex = nullptr;  // the mutex object as written (member API)
    bool throughPointer = false;         // `mu->lock()`
  };
  ManualLock manualLockOp(const clang::Expr *E);

  class Impl;  // public so that the walker's helpers can name it

private:
  std::unique_ptr<Impl> P;
};

}  // namespace concurlint
