// Questions about the clang AST that every scanner of facts/ asks: canonical names of declarations
// and types, what an expression is once its wrappers are gone, and which classes are standard
// containers, atomics or synchronisation objects.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint {

/// Qualified name without template arguments, inline or anonymous namespaces, so that catalog
/// entries read the same on libstdc++ (`std::__cxx11::`) and libc++ (`std::__1::`), and
/// `std::future<int>::get` is `std::future::get`.
std::string canonicalName(const clang::NamedDecl *D);
/// The canonical name of a type's class (through references and pointers), or "".
std::string canonicalTypeName(clang::QualType T);
/// A class's canonical name with its first template argument's class: "std::vector<std::thread>".
std::string typeWithElement(clang::QualType T);
/// The canonical name of a class template's first type argument ("std::thread" for a
/// std::vector<std::thread>), or "".
std::string elementType(clang::QualType T);

/// Whether `S` (or any expression under it) names the variable `V`.
bool refersTo(const clang::Stmt *S, const clang::VarDecl *V);
/// `E` without parentheses, implicit and explicit casts, temporaries and cleanups.
const clang::Expr *strip(const clang::Expr *E);
/// The argument of `std::move(x)` or `std::forward<T>(x)`, or null.
const clang::Expr *movedFrom(const clang::Expr *E);

/// The value of an argument that is an integer constant, in decimal; "0" for a null pointer
/// constant (as `if (p)` tests it); "" otherwise. ChainFact and CallFact write their
/// argConstants with it.
std::string constantArgument(const clang::Expr *Arg, clang::ASTContext &Ctx);

/// A memory order as written (C11, GCC builtins and std::memory_order share the numbering:
/// relaxed 0, consume 1, acquire 2, release 3, acq_rel 4, seq_cst 5); seq_cst when absent.
int memoryOrderOf(const clang::Expr *Order, const clang::ASTContext &Ctx);

/// The value of a condition that is a constant (`1`, `true`, `0`), if it is one.
std::optional<bool> constantTruth(const clang::Expr *Cond, const clang::ASTContext &Ctx);

/// std::atomic, std::atomic_flag (and libstdc++'s bases of them), C's _Atomic.
bool isAtomicType(clang::QualType T);
/// What a raw pointer or a standard owning smart pointer (`std::shared_ptr`, `std::unique_ptr`
/// of one object) points to: a copy of either is another handle on the same object. Null for
/// any other type (references included).
clang::QualType pointeeOf(clang::QualType T);
/// Objects made to be shared: atomics, mutexes (anything with lock() and unlock()), condition
/// variables and the C library's synchronisation types.
bool isSyncType(clang::QualType T);
/// A class (or one of its bases) with lock() and unlock() (or Lock() and Unlock()).
bool classIsLockable(const clang::CXXRecordDecl *RD);

/// A library declaration (in a system header), a builtin, or what the compiler writes (a class's
/// implicit operator=): CallFact::system.
bool isLibraryDecl(const clang::Decl *D, const clang::SourceManager &SM);

/// Whether `FD` is defined in a whole parse of the TU: its body is there, or a precompiled
/// preamble skipped it (a system header's function), or its instantiation was left pending
/// (dropSystemOnlyInstantiations). The facts are then the same with and without a preamble.
bool definedInWholeParse(const clang::FunctionDecl *FD);

/// The TU's top-level declarations that the facts read: the traversal scope when one is set
/// (FactsConsumer's: those outside system headers but C prototypes, found without loading a
/// precompiled preamble's others), else all of them. What iterates the TU's declarations asks
/// this, not TranslationUnitDecl::decls(), which would load every declaration of the preamble.
std::vector<clang::Decl *> topLevelDeclsInScope(const clang::ASTContext &Ctx);

/// The characters of a token range as written, out of macros (Lexer::makeFileCharRange),
/// invalid when the range is only part of a macro's expansion. Also for the last macro
/// expansion of a precompiled preamble, whose end clang does not find: it takes the last of the
/// source locations loaded from a PCH to run on to the end of them all
/// (SourceManager::isOffsetInFileID), so a header's `fputs(s, stderr)` read from a preamble
/// would lose the text of `stderr` that a whole parse has.
clang::CharSourceRange fileCharRange(clang::SourceRange R, const clang::SourceManager &SM,
                                     const clang::LangOptions &LO);

/// The range of a declared type as written. A builtin type of several keywords (`unsigned int`,
/// `long double`) read from a precompiled preamble (concur-lsp) keeps only the location of its
/// first keyword (clang's AST serialization stores no more): its last keyword is found again
/// with the lexer, so that the range is the one the parser gave.
clang::SourceRange writtenTypeRange(clang::TypeLoc TL, const clang::SourceManager &SM,
                                    const clang::LangOptions &LO);

/// A call that dispatches to a virtual method: not qualified (`Base::f()`), the method and its
/// class not final. Any overrider may run.
bool virtualDispatch(const clang::CallExpr *Call);

/// The standard containers (and std::span), by canonical name.
bool isStdContainer(llvm::StringRef Name);
/// `v[i]` on a standard container: the container expression (and the subscript in `Index`);
/// null for anything else.
const clang::Expr *stdContainerOfElement(const clang::Expr *E,
                                         const clang::Expr **Index = nullptr);
/// A standard map or set (whose operator[] inserts).
bool isAssociative(llvm::StringRef Name);
/// Members of a standard container that, for data races, are "const" ([container.requirements.
/// dataraces]): they touch elements, not the container object.
bool isElementAccessor(llvm::StringRef Member);
/// Members of a standard container that read the container object only, never its elements.
bool readsObjectOnly(llvm::StringRef Member);

}  // namespace concurlint
