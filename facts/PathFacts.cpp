#include "facts/PathFacts.h"

#include "facts/AstQueries.h"
#include "facts/PathSupport.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace concurlint {
namespace paths {

const Expr *bare(const Expr *E) { return E ? E->IgnoreUnlessSpelledInSource()->IgnoreParens() : E; }

const VarDecl *namedVar(const Expr *E) {
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(bare(E)))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

llvm::StringRef calleeName(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
}

bool isStdMove(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() && FD->getName() == "move" && FD->isInStdNamespace() &&
         CE->getNumArgs() == 1;
}

HandleKind handleKind(QualType T) {
  if (T->isReferenceType() || T->isPointerType())
    return HandleKind::None;
  if (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    return handleKind(AT->getElementType()) == HandleKind::Thread ? HandleKind::Container
                                                                  : HandleKind::None;
  std::string Name = canonicalTypeName(T);
  if (Name == "std::thread")
    return HandleKind::Thread;
  static const llvm::StringSet<> Sequences = {"std::vector", "std::deque", "std::list",
                                              "std::forward_list", "std::array"};
  if (!Sequences.contains(Name))
    return HandleKind::None;
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        handleKind(Spec->getTemplateArgs()[0].getAsType()) == HandleKind::Thread)
      return HandleKind::Container;
  return HandleKind::None;
}

void FunctionPaths::run() {
  Stmt *Body = FD->getBody();
  if (isa<CoroutineBodyStmt>(Body))
    return;  // a coroutine's CFG does not follow its suspensions; coro-* rules cover it
  Index.TraverseStmt(Body);
  pthreads();
  for (const auto &H : Index.Handles)
    if (!Index.Escaped.contains(H.var))
      Tracked.push_back(H);
  bool Locks = false;
  for (const auto &[E, L] : Index.Locks)
    Locks |= L.op == ManualOp::Lock && Index.UnlockedKeys.contains(L.key);
  if (Tracked.empty() && !Locks)
    return;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddEHEdges = false;
  Options.setAllAlwaysAdd();
  Graph = CFG::buildCFG(FD, Body, &Ctx, Options);
  if (!Graph)
    return;
  if (!Tracked.empty())
    threads();
  if (Locks)
    manualLocks();
}

Span FunctionPaths::spanOf(const Stmt *S) { return Map.span(S->getSourceRange()); }

Span FunctionPaths::spanAt(SourceLocation L) { return Map.span(SourceRange(L, L)); }

Span FunctionPaths::byteSpan(const Span &Anchor, SourceLocation AnchorLoc, unsigned Begin, unsigned End) {
  FileID FID = SM.getFileID(SM.getFileLoc(AnchorLoc));
  Span S;
  S.file = Anchor.file;
  S.offset = Begin;
  S.length = End - Begin;
  S.line = SM.getLineNumber(FID, Begin);
  S.column = SM.getColumnNumber(FID, Begin);
  S.endLine = SM.getLineNumber(FID, End);
  S.endColumn = SM.getColumnNumber(FID, End);
  return S;
}

ExitFact FunctionPaths::exitAt(const Stmt *S) {
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return {spanAt(CS->getRBracLoc()), ExitKind::ScopeEnd};
  if (isa<ReturnStmt>(S))
    return {spanOf(S), ExitKind::Return};
  if (isa<BreakStmt>(S))
    return {spanOf(S), ExitKind::Break};
  if (isa<ContinueStmt>(S))
    return {spanOf(S), ExitKind::Continue};
  if (isa<GotoStmt>(S))
    return {spanOf(S), ExitKind::Goto};
  if (isa<CXXThrowExpr>(S))
    return {spanOf(S), ExitKind::Throw};
  return {spanAt(S->getEndLoc()), ExitKind::ScopeEnd};
}

void FunctionPaths::addExit(std::vector<ExitFact> &Out, ExitFact E) {
  for (const ExitFact &Old : Out)
    if (Old.at.offset == E.at.offset && Old.at.file == E.at.file && Old.how == E.how)
      return;
  Out.push_back(std::move(E));
}

std::pair<unsigned, unsigned> FunctionPaths::scopeOf(const Stmt *S) {
  for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
    if (isa<CompoundStmt>(P) || isa<ForStmt>(P) || isa<CXXForRangeStmt>(P) || isa<IfStmt>(P) ||
        isa<WhileStmt>(P) || isa<SwitchStmt>(P)) {
      Span Sp = spanOf(P);
      return {Sp.offset, Sp.offset + Sp.length};
    }
  Span Sp = spanOf(FD->getBody());
  return {Sp.offset, Sp.offset + Sp.length};
}

}  // namespace paths

PathScanner::PathScanner(clang::ASTContext &Ctx, SourceMapper &Map, const LockApi &Locks)
    : Ctx(Ctx), Map(Map), Locks(Locks), Guards(Ctx, Locks) {}

std::vector<GuardClassFact> PathScanner::guardClasses() {
  std::vector<GuardClassFact> Out;
  for (const auto &[Key, Guard] : Guards.all())
    Out.push_back({Map.usrOf(Key.first), Key.second, Guard.guard->getQualifiedNameAsString(),
                   Guard.byPointer,
                   Map.span(clang::SourceRange(Guard.guard->getLocation(),
                                               Guard.guard->getLocation()))});
  // Keyed by pointers above: sorted for facts that do not change from run to run.
  std::sort(Out.begin(), Out.end(), [](const GuardClassFact &A, const GuardClassFact &B) {
    return std::tie(A.name, A.mutexClass, A.shared) < std::tie(B.name, B.mutexClass, B.shared);
  });
  return Out;
}

void PathScanner::scan(const clang::FunctionDecl *FD, FunctionFact &F) {
  using namespace clang;
  if (!FD->getBody() || (!isa<CompoundStmt>(FD->getBody()) && !isa<CoroutineBodyStmt>(FD->getBody())))
    return;
  // A template's pattern has no CFG worth building; its instantiations are scanned instead.
  if (FD->isDependentContext())
    return;
  paths::FunctionPaths Paths(Ctx, Map, Locks, Guards, FD, F);
  Paths.run();
}

}  // namespace concurlint
