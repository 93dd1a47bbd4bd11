// Mutexes locked by hand on the paths of a function (lock-manual): the ways out that leave one
// locked, the relocks, and the std::lock_guard fix when it is exact.
#include "facts/AstQueries.h"
#include "facts/PathSupport.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <deque>
#include <set>

namespace concurlint::paths {

bool FunctionPaths::isFinal(const Stmt *S) {
  const Stmt *Body = FD->getBody();
  while (true) {
    const Stmt *P = Parents.getParent(S);
    if (!P)
      return false;
    if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      if (CS->body_empty() || CS->body_back() != S)
        return false;
      if (CS == Body)
        return true;
    } else if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (If->getThen() != S && If->getElse() != S)
        return false;
    } else if (!isa<AttributedStmt>(P) && !isa<LabelStmt>(P)) {
      return false;
    }
    S = P;
  }
}

void FunctionPaths::manualLocks() {
  llvm::DenseMap<const Stmt *, Position> Where;
  for (const CFGBlock *B : *Graph) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto S = E.getAs<CFGStmt>())
        Where.try_emplace(S->getStmt(), Position{B, I});
      ++I;
    }
  }
  std::vector<std::pair<const Expr *, const ManualLock *>> Sites;
  for (const auto &[E, L] : Index.Locks)
    if (L.op == ManualOp::Lock && Index.UnlockedKeys.contains(L.key))
      Sites.push_back({E, &L});
  std::sort(Sites.begin(), Sites.end(), [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first->getBeginLoc(), B.first->getBeginLoc());
  });
  llvm::StringMap<bool> HeldOnEntry;
  for (const auto &[E, L] : Sites) {
    auto Held = HeldOnEntry.try_emplace(L->key, false);
    if (Held.second)
      Held.first->second = unlockedFirst(L->key);
    if (Held.first->second)
      continue;  // locks again what the function released for a while: the caller's lock
    auto It = Where.find(E);
    if (It != Where.end())
      followLock(E, *L, It->second);
  }
}

bool FunctionPaths::unlockedFirst(llvm::StringRef Key) {
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  std::vector<const CFGBlock *> Work{&Graph->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    bool Stop = false;
    for (const CFGElement &E : *B) {
      auto S = E.getAs<CFGStmt>();
      const auto *Ex = S ? dyn_cast<Expr>(S->getStmt()) : nullptr;
      auto Op = Ex ? Index.Locks.find(Ex) : Index.Locks.end();
      if (Op == Index.Locks.end() || Op->second.key != Key)
        continue;
      if (Op->second.op == ManualOp::Unlock)
        return true;
      Stop = true;
      break;
    }
    if (Stop)
      continue;
    for (const CFGBlock *Succ : B->succs())
      if (Succ && Seen.insert(Succ).second)
        Work.push_back(Succ);
  }
  return false;
}

void FunctionPaths::followLock(const Expr *LockCall, const ManualLock &L, Position From) {
  ManualLockFact M;
  M.lock = L.lock;
  M.lock.acquired = spanOf(LockCall);
  M.api = L.api;
  bool NormalEnd = false;
  struct Item {
    const CFGBlock *block;
    unsigned element;
    std::optional<ExitFact> via;  // the first jump taken on the way
  };
  std::set<std::pair<unsigned, bool>> Seen;
  std::deque<Item> Work{{From.block, From.element + 1, std::nullopt}};
  std::vector<const Expr *> Unlocks;
  while (!Work.empty()) {
    Item W = Work.front();
    Work.pop_front();
    bool Ended = false;
    for (unsigned I = W.element; I < W.block->size() && !Ended; ++I) {
      auto S = (*W.block)[I].getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      if (const auto *E = dyn_cast<Expr>(St)) {
        auto Op = Index.Locks.find(E);
        if (Op != Index.Locks.end() && Op->second.key == L.key) {
          if (Op->second.op == ManualOp::Unlock) {
            if (std::find(Unlocks.begin(), Unlocks.end(), E) == Unlocks.end())
              Unlocks.push_back(E);
          } else if (!L.recursive) {
            ExitFact Again{spanOf(E), ExitKind::LockAgain};
            addExit(M.relocks, W.via ? *W.via : Again);
          }
          Ended = true;
          break;
        }
      }
      if (isa<ReturnStmt>(St)) {
        if (W.via)
          addExit(M.leaks, *W.via);
        else if (isFinal(St))
          NormalEnd = true;
        else
          addExit(M.leaks, exitAt(St));
        Ended = true;
      } else if (isa<CXXThrowExpr>(St) && !W.via) {
        W.via = exitAt(St);
      }
    }
    if (Ended || W.block->hasNoReturnElement())
      continue;
    if (const Stmt *T = W.block->getTerminatorStmt();
        T && !W.via && (isa<BreakStmt>(T) || isa<ContinueStmt>(T) || isa<GotoStmt>(T)))
      W.via = exitAt(T);
    for (const CFGBlock *Succ : W.block->succs()) {
      if (!Succ)
        continue;
      if (Succ == &Graph->getExit()) {
        if (W.via)
          addExit(M.leaks, *W.via);
        else
          NormalEnd = true;
        continue;
      }
      if (Seen.insert({Succ->getBlockID(), W.via.has_value()}).second)
        Work.push_back({Succ, 0, W.via});
    }
  }
  if (NormalEnd || Unlocks.empty())
    return;  // acquires the mutex for its caller, or never releases it here
  for (const Expr *U : Unlocks)
    M.unlocks.push_back(spanOf(U));
  if (M.api == LockApiKind::Member && LO.CPlusPlus) {
    const CXXRecordDecl *Mutex = mutexClassOf(L);
    if (Mutex)
      M.mutexClass = Map.usrOf(Mutex);
    if (std::optional<GuardChoice> Guard = chooseGuard(L, Mutex)) {
      M.guardType = Guard->type;
      if (M.relocks.empty() && Unlocks.size() == 1)
        guardFix(LockCall, L, *Guard, Unlocks.front(), M);
    }
  }
  F.manualLocks.push_back(std::move(M));
}

const CompoundStmt *FunctionPaths::blockOf(const Expr *Call, unsigned &Index) {
  const Stmt *S = Call;
  const Stmt *P = Parents.getParent(S);
  while (P && (isa<ExprWithCleanups>(P) || isa<ParenExpr>(P))) {
    S = P;
    P = Parents.getParent(P);
  }
  const auto *CS = dyn_cast_or_null<CompoundStmt>(P);
  if (!CS)
    return nullptr;
  Index = 0;
  for (const Stmt *Child : CS->body()) {
    if (Child == S)
      return CS;
    ++Index;
  }
  return nullptr;
}

std::optional<std::pair<unsigned, unsigned>> FunctionPaths::statementBytes(const Expr *Call) {
  SourceLocation B = Call->getBeginLoc(), E = Call->getEndLoc();
  if (B.isMacroID() || E.isMacroID())
    return std::nullopt;
  SourceLocation AfterSemi =
      Lexer::findLocationAfterToken(E, tok::semi, SM, LO, /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isInvalid())
    return std::nullopt;
  return std::make_pair(SM.getFileOffset(B), SM.getFileOffset(AfterSemi));
}

bool FunctionPaths::declaresUsedLater(const CompoundStmt *CS, unsigned From, unsigned To) {
  llvm::SmallPtrSet<const Decl *, 8> Declared;
  for (unsigned I = From; I < To; ++I)
    if (const auto *DS = dyn_cast<DeclStmt>(CS->body_begin()[I]))
      for (const Decl *D : DS->decls())
        Declared.insert(D);
  if (Declared.empty())
    return false;
  std::function<bool(const Stmt *)> Uses = [&](const Stmt *S) {
    if (!S)
      return false;
    if (const auto *D = dyn_cast<DeclRefExpr>(S); D && Declared.contains(D->getDecl()))
      return true;
    for (const Stmt *C : S->children())
      if (Uses(C))
        return true;
    return false;
  };
  for (unsigned I = To; I < CS->size(); ++I)
    if (Uses(CS->body_begin()[I]))
      return true;
  return false;
}

bool FunctionPaths::hasLabels(const Stmt *S) {
  if (!S)
    return false;
  if (isa<LabelStmt>(S) || isa<SwitchCase>(S))
    return true;
  if (isa<SwitchStmt>(S))
    return false;  // its cases are its own
  for (const Stmt *C : S->children())
    if (hasLabels(C))
      return true;
  return false;
}

std::string FunctionPaths::guardName(llvm::StringRef BodyText) {
  for (const char *Candidate : {"guard", "lock", "held", "guard_", "mutex_guard"}) {
    llvm::StringRef C(Candidate);
    size_t Pos = 0;
    bool Used = false;
    while ((Pos = BodyText.find(C, Pos)) != llvm::StringRef::npos) {
      auto IsIdent = [](char Ch) { return std::isalnum(static_cast<unsigned char>(Ch)) || Ch == '_'; };
      bool Before = Pos > 0 && IsIdent(BodyText[Pos - 1]);
      bool After = Pos + C.size() < BodyText.size() && IsIdent(BodyText[Pos + C.size()]);
      if (!Before && !After) {
        Used = true;
        break;
      }
      Pos += C.size();
    }
    if (!Used)
      return C.str();
  }
  return {};
}

namespace {

/// Whether the class (or a base) declares member functions of both names.
bool hasMethods(const CXXRecordDecl *RD, llvm::StringRef A, llvm::StringRef B) {
  bool HasA = false, HasB = false;
  auto Scan = [&](const CXXRecordDecl *R) {
    for (const CXXMethodDecl *M : R->methods())
      if (M->getIdentifier()) {
        HasA |= M->getName() == A;
        HasB |= M->getName() == B;
      }
    return true;
  };
  Scan(RD);
  RD->forallBases(Scan);
  return HasA && HasB;
}

/// `D`'s name as code inside `Where` may write it: qualified, less the namespaces `Where` is in.
std::string spelledFrom(const NamedDecl *D, const DeclContext *Where) {
  std::string Name = D->getQualifiedNameAsString();
  for (const DeclContext *C = Where; C; C = C->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(C); NS && !NS->isAnonymousNamespace()) {
      std::string Prefix = NS->getQualifiedNameAsString() + "::";
      if (llvm::StringRef(Name).starts_with(Prefix))
        return Name.substr(Prefix.size());
    }
  return Name;
}

}  // namespace

const CXXRecordDecl *FunctionPaths::mutexClassOf(const ManualLock &L) {
  if (!L.mutex)
    return nullptr;
  QualType T = bare(L.mutex)->getType();
  if (L.throughPointer && T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *Mutex = T->getAsCXXRecordDecl();
  return Mutex && Mutex->hasDefinition() ? Mutex : nullptr;
}

std::optional<FunctionPaths::GuardChoice> FunctionPaths::chooseGuard(const ManualLock &L,
                                                                     const CXXRecordDecl *Mutex) {
  if (!Mutex)
    return std::nullopt;
  bool Shared = L.lock.shared;
  if (std::optional<ProjectGuard> Own = Guards.forMutex(Mutex, Shared))
    return GuardChoice{spelledFrom(Own->guard, FD->getDeclContext()), "", false, Own->byPointer,
                       Own->guard};
  if (!Shared && L.method == "lock" && hasMethods(Mutex, "lock", "unlock"))
    return GuardChoice{"std::lock_guard", "<mutex>", true, false};
  if (Shared && L.method == "lock_shared" && hasMethods(Mutex, "lock_shared", "unlock_shared"))
    return GuardChoice{"std::shared_lock", "<shared_mutex>", true, false};
  return std::nullopt;
}

void FunctionPaths::guardFix(const Expr *LockCall, const ManualLock &L, const GuardChoice &Guard,
                             const Expr *UnlockCall, ManualLockFact &M) {
  // The project's guard must be declared before the lock: a class defined further down the
  // file is not yet known there.
  if (Guard.project &&
      !SM.isBeforeInTranslationUnit(Guard.project->getLocation(), LockCall->getBeginLoc()))
    return;
  unsigned LockIndex = 0, UnlockIndex = 0;
  const CompoundStmt *CS = blockOf(LockCall, LockIndex);
  if (!CS || blockOf(UnlockCall, UnlockIndex) != CS || UnlockIndex <= LockIndex)
    return;
  for (unsigned I = LockIndex + 1; I < UnlockIndex; ++I)
    if (hasLabels(CS->body_begin()[I]))
      return;
  bool Last = UnlockIndex + 1 == CS->size();
  if (!Last && declaresUsedLater(CS, LockIndex + 1, UnlockIndex))
    return;
  auto LockBytes = statementBytes(LockCall), UnlockBytes = statementBytes(UnlockCall);
  if (!LockBytes || !UnlockBytes || !L.mutex)
    return;
  // Leaks must leave from inside the region: the guard releases the mutex there.
  for (const ExitFact &E : M.leaks)
    if (E.at.offset < LockBytes->second || E.at.offset >= UnlockBytes->first)
      return;
  const Expr *MutexExpr = L.mutex;
  std::string MutexText = Map.sourceText(bare(MutexExpr)->getSourceRange());
  std::string BodyText = Map.sourceText(FD->getBody()->getSourceRange());
  if (MutexText.empty() || BodyText.empty())
    return;
  std::string Name = guardName(BodyText);
  if (Name.empty())
    return;
  M.guardHeader = Guard.header;
  // The constructor's argument: the mutex, or its address for a guard that takes a pointer.
  if (!isa<DeclRefExpr, MemberExpr, ArraySubscriptExpr>(bare(MutexExpr)))
    MutexText = "(" + MutexText + ")";
  std::string Object = Guard.byPointer ? (L.throughPointer ? "" : "&") + MutexText
                                       : (L.throughPointer ? "*" : "") + MutexText;
  std::string Type = Guard.type;
  if (Guard.standard && !LO.CPlusPlus17) {
    QualType T = bare(MutexExpr)->getType();
    if (L.throughPointer && T->isPointerType())
      T = T->getPointeeType();
    Type += "<" + T.getUnqualifiedType().getCanonicalType().getAsString(Ctx.getPrintingPolicy()) + ">";
  }
  std::string Decl = Type + " " + Name + "(" + Object + ");";

  FileID FID = SM.getFileID(LockCall->getBeginLoc());
  llvm::StringRef Buffer = SM.getBufferData(FID);
  Span Anchor = spanOf(LockCall);
  SourceLocation AnchorLoc = LockCall->getBeginLoc();
  auto LineStart = [&](unsigned Off) {
    while (Off > 0 && Buffer[Off - 1] != '\n')
      --Off;
    return Off;
  };
  auto AloneOnLine = [&](unsigned B, unsigned E) {
    unsigned S = LineStart(B);
    if (!Buffer.slice(S, B).trim(" \t").empty())
      return false;
    size_t NL = Buffer.find('\n', E);
    llvm::StringRef Rest =
        Buffer.slice(E, NL == llvm::StringRef::npos ? Buffer.size() : NL).trim(" \t\r");
    return Rest.empty() || Rest.starts_with("//");  // a trailing comment moves with it
  };
  auto [LB, LE] = *LockBytes;
  auto [UB, UE] = *UnlockBytes;
  if (Last) {
    M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), Decl});
    if (AloneOnLine(UB, UE)) {
      unsigned S = LineStart(UB);
      size_t NL = Buffer.find('\n', UE);
      unsigned End = NL == llvm::StringRef::npos ? Buffer.size() : NL + 1;
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, S, End), ""});
    } else {
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), ""});
    }
    return;
  }
  if (AloneOnLine(LB, LE) && AloneOnLine(UB, UE)) {
    std::string Indent = Buffer.slice(LineStart(LB), LB).str();
    M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), "{\n" + Indent + "  " + Decl});
    // Indent the statements in between by one level.
    size_t Line = Buffer.find('\n', LE);
    while (Line != llvm::StringRef::npos && Line + 1 < LineStart(UB)) {
      unsigned Begin = Line + 1;
      size_t Next = Buffer.find('\n', Begin);
      if (!Buffer.slice(Begin, Next == llvm::StringRef::npos ? Buffer.size() : Next).trim(" \t\r").empty())
        M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, Begin, Begin), "  "});
      Line = Next;
    }
    M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), "}"});
  } else {
    M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), "{ " + Decl});
    M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), "}"});
  }
}

}  // namespace concurlint::paths
