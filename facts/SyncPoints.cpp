#include "facts/SyncPoints.h"

#include "facts/AstQueries.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

namespace concurlint {

using namespace clang;

namespace {

/// What a C library call does to the object its first argument names.
std::optional<SyncRole> libraryRole(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<SyncRole>>(Name)
      .Case("sem_post", SyncRole::Signal)
      .Case("sem_wait", SyncRole::Wait)
      .Case("pthread_barrier_wait", SyncRole::Barrier)
      // A byte written to a pipe, an eventfd or a socket is read after it was written.
      .Cases("write", "send", "sendto", "sendmsg", "eventfd_write", SyncRole::Signal)
      .Cases("read", "recv", "recvfrom", "recvmsg", "eventfd_read", SyncRole::Wait)
      .Default(std::nullopt);
}

/// What a member of a standard synchronisation class does (`Class` without `std::`).
std::optional<SyncRole> memberRole(llvm::StringRef Class, llvm::StringRef Method) {
  if (Class == "counting_semaphore")
    return llvm::StringSwitch<std::optional<SyncRole>>(Method)
        .Case("release", SyncRole::Signal)
        .Case("acquire", SyncRole::Wait)
        .Default(std::nullopt);
  if (Class == "latch")
    return llvm::StringSwitch<std::optional<SyncRole>>(Method)
        .Case("count_down", SyncRole::Signal)
        .Case("wait", SyncRole::Wait)
        .Case("arrive_and_wait", SyncRole::SignalAndWait)
        .Default(std::nullopt);
  if (Class == "barrier")
    return Method == "arrive_and_wait" ? std::optional(SyncRole::Barrier) : std::nullopt;
  if (Class == "promise")
    return llvm::StringSwitch<std::optional<SyncRole>>(Method)
        .Cases("set_value", "set_exception", "set_value_at_thread_exit",
               "set_exception_at_thread_exit", SyncRole::Signal)
        .Default(std::nullopt);
  // libstdc++ declares wait() in the futures' common base.
  if (Class == "future" || Class == "shared_future" || Class == "__basic_future")
    return Method == "get" || Method == "wait" ? std::optional(SyncRole::Wait) : std::nullopt;
  return std::nullopt;
}

/// The class of a standard library member, without `std::` (and libstdc++'s inline
/// namespaces); empty for anything else.
std::string stdClassOf(const CXXMethodDecl *MD) {
  const CXXRecordDecl *Class = MD ? MD->getParent() : nullptr;
  if (!Class || !Class->getIdentifier() || !Class->isInStdNamespace())
    return "";
  return Class->getName().str();
}

/// The first template argument of a class, as the type written (a promise's and its future's).
std::string firstTemplateArgument(const CXXRecordDecl *Class) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Class);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return "";
  return Spec->getTemplateArgs()[0].getAsType().getCanonicalType().getAsString();
}

}  // namespace

ConditionFact syncCondition(const SyncPoint &P, std::string Text) {
  ConditionFact C;
  C.location = P.location;
  C.text = std::move(Text);
  return C;
}

bool SyncPoints::object(const Expr *E, std::string &Location) const {
  E = E ? strip(E) : nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = strip(U->getSubExpr());
  // The two ends of a pipe or socket pair (`int fds[2]`) are one channel. Any other element of
  // an array is an object of its own, and which one is not known: `sem_post(&done[i])` does not
  // publish to a wait on `done[j]`.
  if (const auto *A = dyn_cast_or_null<ArraySubscriptExpr>(E)) {
    const auto *Pair = Ctx.getAsConstantArrayType(A->getBase()->IgnoreImpCasts()->getType());
    if (!Pair || Pair->getSize() != 2 || !Pair->getElementType()->isIntegerType())
      return false;
    E = strip(A->getBase());
  }
  std::string Field;
  if (const auto *M = dyn_cast_or_null<MemberExpr>(E); M && !M->isArrow()) {
    const auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!FD || !FD->getIdentifier())
      return false;
    Field = "." + FD->getName().str();
    E = strip(M->getBase());
  }
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  if (!V || !V->hasGlobalStorage() || V->getTLSKind() != VarDecl::TLS_None)
    return false;
  std::string Usr = Map.usrOf(V);
  if (Usr.empty())
    return false;
  Location = Usr + Field;
  return true;
}

std::optional<SyncPoints::OnceCall> SyncPoints::once(const Expr *Call) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call ? strip(Call) : nullptr);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || CE->getNumArgs() < 2 || isa<CXXMethodDecl>(FD) ||
      !isLibraryDecl(FD, Ctx.getSourceManager()))
    return std::nullopt;
  if (FD->getName() != "pthread_once" &&
      !(FD->getName() == "call_once" && FD->isInStdNamespace()))
    return std::nullopt;
  auto Text = [&](const Expr *E) {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()),
                                Ctx.getSourceManager(), Ctx.getLangOpts())
        .str();
  };
  OnceCall Once;
  Once.text = Text(CE);
  Once.routine = Text(strip(CE->getArg(1)));
  std::string Flag;
  if (object(CE->getArg(0), Flag))
    Once.location = "sync:" + Flag;
  else  // a member flag: the same routine is run once per object
    Once.location = "sync:once:" + Once.routine;
  return Once;
}

std::optional<SyncPoint> SyncPoints::of(const Expr *Call) const {
  Call = Call ? strip(Call) : nullptr;
  if (std::optional<OnceCall> Once = once(Call))
    return SyncPoint{SyncRole::Wait, Once->location, Once->text};
  std::optional<SyncRole> Role;
  const Expr *Object = nullptr;
  std::string Location;
  if (const auto *M = dyn_cast_or_null<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = M->getMethodDecl();
    std::string Class = stdClassOf(MD);
    if (Class.empty() || !MD->getIdentifier() || !(Role = memberRole(Class, MD->getName())))
      return std::nullopt;
    if (Class == "promise" || Class == "future" || Class == "shared_future" ||
        Class == "__basic_future") {
      // A future is reached from its promise through get_future(), which the facts do not
      // follow: a promise and the futures of its value type are taken for one channel.
      std::string Value = firstTemplateArgument(MD->getParent());
      if (Value.empty())
        return std::nullopt;
      Location = "sync:future<" + Value + ">";
    } else {
      Object = M->getImplicitObjectArgument();
    }
  } else if (const auto *CE = dyn_cast_or_null<CallExpr>(Call)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD) || CE->getNumArgs() == 0 ||
        !(Role = libraryRole(FD->getName())))
      return std::nullopt;
    if (!isLibraryDecl(FD, Ctx.getSourceManager()))
      return std::nullopt;  // the program's own `read()`, not the library's
    Object = CE->getArg(0);
  } else {
    return std::nullopt;
  }
  if (Object) {
    if (!object(Object, Location))
      return std::nullopt;
    Location = (*Role == SyncRole::Barrier ? "phase:" : "sync:") + Location;
  }
  SyncPoint P;
  P.role = *Role;
  P.location = std::move(Location);
  P.text = Lexer::getSourceText(CharSourceRange::getTokenRange(Call->getSourceRange()),
                                Ctx.getSourceManager(), Ctx.getLangOpts())
               .str();
  return P;
}

void SyncPoints::in(const Expr *E, std::vector<SyncPoint> &Out) const {
  E = E ? strip(E) : nullptr;
  if (!E || isa<LambdaExpr>(E))
    return;
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isLogicalOp()) {
    in(B->getLHS(), Out);  // the right side runs on some paths only
    return;
  }
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    in(C->getCond(), Out);
    return;
  }
  // The operands first: `sem_post(&s)` inside `if (sem_wait(&t) == 0 && ...)`.
  for (const Stmt *Child : E->children())
    if (const auto *X = dyn_cast_or_null<Expr>(Child))
      in(X, Out);
  if (std::optional<SyncPoint> P = of(E))
    Out.push_back(std::move(*P));
}

void SyncPoints::barriersIn(const Stmt *S, std::vector<std::string> &Out) const {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    if (std::optional<SyncPoint> P = of(E); P && P->role == SyncRole::Barrier &&
                                            llvm::find(Out, P->location) == Out.end())
      Out.push_back(P->location);
  for (const Stmt *Child : S->children())
    barriersIn(Child, Out);
}

const Expr *SyncPoints::waitPredicate(const Expr *Call) const {
  const auto *M = dyn_cast_or_null<CXXMemberCallExpr>(Call ? strip(Call) : nullptr);
  const CXXMethodDecl *MD = M ? M->getMethodDecl() : nullptr;
  std::string Class = stdClassOf(MD);
  if ((Class != "condition_variable" && Class != "condition_variable_any") ||
      !MD->getIdentifier() || MD->getName() != "wait" || M->getNumArgs() != 2)
    return nullptr;
  const auto *L = dyn_cast<LambdaExpr>(strip(M->getArg(1)));
  const auto *Body = L ? dyn_cast_or_null<CompoundStmt>(L->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret ? Ret->getRetValue() : nullptr;
}

}  // namespace concurlint
