#include "facts/CallFacts.h"

#include "facts/AstQueries.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

std::string CallDescriber::identity(const Expr *E) {
  if (!E)
    return {};
  E = strip(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    return identity(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
      if (const Expr *Range = Walk.rangeOf(V))
        return identity(Range);
      // A parameter is named as its place (`USR#N`): a wrapper that starts or joins the thread
      // whose handle it was given is recognised by it (engine/ThreadStarts.h).
      if (const auto *P = dyn_cast<ParmVarDecl>(V))
        return Values.paramPlace(P);
      return Map.usrOf(V);
    }
    return {};
  }
  if (const Expr *Moved = movedFrom(E))  // std::move(t)
    return identity(Moved);
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return Map.usrOf(M->getMemberDecl());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return identity(AS->getBase());
  // An element, or the object a smart pointer holds (`w->start()` on a unique_ptr).
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getNumArgs() > 0 &&
      (OC->getOperator() == OO_Subscript || OC->getOperator() == OO_Arrow ||
       (OC->getOperator() == OO_Star && OC->getNumArgs() == 1)))
    return identity(OC->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))  // threads.back(), v.at(i)
    if (MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
        isElementAccessor(MC->getMethodDecl()->getName()))
      return identity(MC->getImplicitObjectArgument());
  return {};
}

std::string CallDescriber::entry(const Expr *E, int Depth) {
  if (!E || Depth > 4)
    return {};
  // A function, a lambda, a functor made here, std::bind of a function: a function value.
  if (std::string Function = Values.function(E); !Function.empty())
    return Function;
  // What is left: a variable initialised with one, std::bind of such a variable, an object
  // whose class has operator().
  E = strip(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = strip(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
      if (V->getInit() && !V->hasGlobalStorage())
        if (std::string FromInit = entry(V->getInit(), Depth + 1); !FromInit.empty())
          return FromInit;
      return callOperator(V->getType());
    }
    return {};
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {  // std::bind(f, ...)
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->getIdentifier() && FD->getName() == "bind" && CE->getNumArgs() > 0)
      return entry(CE->getArg(0), Depth + 1);
    return {};
  }
  if (isa<CXXConstructExpr>(E) || isa<InitListExpr>(E))
    return callOperator(E->getType());
  return {};
}

std::string CallDescriber::callOperator(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return {};
  if (RD->isLambda())
    return Map.usrOf(RD->getLambdaCallOperator());
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getOverloadedOperator() == OO_Call)
      return Map.usrOf(M->getDefinition() ? M->getDefinition() : M);
  return {};
}

ObjectOrigin CallDescriber::objectOrigin(const Expr *Object, CallFact &C) {
  unsigned &Param = C.objectParam;
  std::string &Slot = C.objectSlot;
  std::string Part;  // the fields from the root (`this`, a variable) down to the object
  const FieldDecl *Nearest = nullptr;  // the field of `this` itself
  // Pointers followed on the way (`->`, `*`, a smart pointer) and whether an element was
  // taken: a variable names the object only through its own fields.
  unsigned Indirections = 0;
  bool Element = false;
  const Expr *Index = nullptr;  // the outermost subscript met (the last)
  const Expr *E = Object;
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParenCasts();  // `static_cast<Poller *>(self)->poll()` too
    if (const auto *This = dyn_cast<CXXThisExpr>(E)) {
      if (!Part.empty()) {  // a member object: a part of the object `this` is
        C.objectRoot = Accesses.thisObject(This, dyn_cast<CXXRecordDecl>(Nearest->getParent()));
        if (C.objectRoot.empty())
          return ObjectOrigin::Owned;
        C.objectPart = std::move(Part);
      }
      return ObjectOrigin::This;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E)) {  // a member, or what a member points to
      if (!isa<FieldDecl>(M->getMemberDecl()))
        return ObjectOrigin::Owned;
      Nearest = cast<FieldDecl>(M->getMemberDecl());
      Part = "." + Nearest->getNameAsString() + Part;
      Indirections += M->isArrow();
      E = M->getBase();
    } else if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref) {
      ++Indirections;
      E = U->getSubExpr();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      Element = true;
      Index = AS->getIdx();
      E = AS->getBase();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
               OC && OC->getNumArgs() > 0 &&
               (OC->getOperator() == OO_Subscript || OC->getOperator() == OO_Arrow ||
                OC->getOperator() == OO_Star)) {
      Element |= OC->getOperator() == OO_Subscript;
      if (OC->getOperator() == OO_Subscript && OC->getNumArgs() > 1)
        Index = OC->getArg(1);
      Indirections += OC->getOperator() != OO_Subscript;
      E = OC->getArg(0);  // an element, or what a smart pointer holds
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
               MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
               (isElementAccessor(MC->getMethodDecl()->getName()) ||
                MC->getMethodDecl()->getName() == "get")) {
      if (MC->getMethodDecl()->getName() == "get") {
        ++Indirections;
      } else {
        Element = true;
        Index = MC->getNumArgs() ? MC->getArg(0) : nullptr;
      }
      E = MC->getImplicitObjectArgument();  // `v.at(i)`, `p.get()`
    } else if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(D->getDecl());
      if (!V)
        return ObjectOrigin::Owned;
      // The object is a variable, or a member object of one: its methods run on that one
      // object, not on every object of the class (see RaceSharedGlobal's SharedSelf).
      auto Named = [&](std::string Root) {
        C.objectRoot = std::move(Root);
        C.objectPart = std::move(Part);
        return ObjectOrigin::Shared;
      };
      if (Accesses.isTracked(V)) {
        if (!Accesses.namesSharedObject(D, V))
          return ObjectOrigin::Owned;
        if (V->getType()->isRecordType() && Indirections == 0 && !Element)
          return Named(Map.usrOf(V));
        // An element at an index claimed from an atomic counter (`statuses[i] = s` with `i =
        // next.fetch_add(1)`): no other claim's element.
        if (Element && Indirections == 0)
          if (std::string Claim = Accesses.slotOf(Index);
              llvm::StringRef(Claim).starts_with("claim:"))
            Slot = std::move(Claim);
        return ObjectOrigin::Shared;
      }
      if (const auto *P = dyn_cast<ParmVarDecl>(V);
          P && (P->getType()->isPointerType() || P->getType()->isReferenceType() ||
                !pointeeOf(P->getType()).isNull())) {
        Param = P->getFunctionScopeIndex();
        return ObjectOrigin::Param;
      }
      bool Pointer = false;
      std::string Alias = Accesses.aliasTarget(V, Pointer);
      if (Alias.empty())
        return ObjectOrigin::Owned;
      llvm::StringRef Rest = Alias;
      if (Rest.consume_front("param:"))
        return Rest.getAsInteger(10, Param) ? ObjectOrigin::Owned : ObjectOrigin::Param;
      if (D->refersToEnclosingVariableOrCapture() && Accesses.pointeeShared(V))
        Slot = Accesses.objectSlot(V);
      if (Slot.empty() && !Element && Indirections <= (Pointer ? 1u : 0u))
        return Named(std::move(Alias));
      return ObjectOrigin::Shared;
    } else {
      return ObjectOrigin::Owned;
    }
  }
  return ObjectOrigin::Owned;
}

CallDescriber::PassedObject CallDescriber::passed(const Expr *Arg, const ParmVarDecl *Param) {
  const Expr *E = strip(Arg);
  // A smart pointer passed by value (copied or moved): a handle on the same object.
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor() &&
      !pointeeOf(CE->getType()).isNull())
    E = strip(CE->getArg(0));
  if (const Expr *Moved = movedFrom(E); Moved && !pointeeOf(E->getType()).isNull())
    E = strip(Moved);
  bool Wrapped = false;
  if (const auto *CE = dyn_cast<CallExpr>(E))  // std::ref(g)
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->getIdentifier() && (FD->getName() == "ref" || FD->getName() == "cref") &&
        CE->getNumArgs() == 1) {
      E = strip(CE->getArg(0));
      Wrapped = true;
    }
  // The object a method runs on, handed on: `std::thread(&W::run, this)`, `helper(*this)`.
  const Expr *Self = E;
  if (const auto *U = dyn_cast<UnaryOperator>(Self); U && U->getOpcode() == UO_Deref)
    Self = strip(U->getSubExpr());
  if (const auto *This = dyn_cast<CXXThisExpr>(Self);
      This && (Self == E || Wrapped || (Param && Param->getType()->isReferenceType())))
    return {Accesses.thisObject(This, This->getType()->getPointeeCXXRecordDecl()), "", ""};
  bool AddressOf = false;
  std::string Part;
  const Expr *Index = nullptr;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf) {
    E = strip(U->getSubExpr());
    AddressOf = true;
  } else if (const auto *B = dyn_cast<BinaryOperator>(E);
             B && B->getOpcode() == BO_Add && B->getType()->isPointerType() &&
             B->getLHS()->IgnoreParenImpCasts()->getType()->isArrayType()) {
    E = B->getLHS()->IgnoreParenImpCasts();  // `args + i`: the element
    Index = B->getRHS();
    Part = "[]";
    AddressOf = true;
  }
  // The field or element passed: `&s.f`, `&args[i]`, `&args[i].f`, `&shards[i]` of a vector.
  for (int Depth = 0; Depth < 8; ++Depth) {
    if (const Expr *Container = AddressOf ? stdContainerOfElement(E, &Index) : nullptr) {
      Part = "[]" + Part;
      E = Container->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E);
        M && !M->isArrow() && isa<FieldDecl>(M->getMemberDecl())) {
      Part = "." + M->getMemberDecl()->getNameAsString() + Part;
      E = M->getBase()->IgnoreParenImpCasts();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E);
               AS && AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType()) {
      Part = "[]" + Part;
      Index = AS->getIdx();  // the outermost array's subscript is the last one met
      E = AS->getBase()->IgnoreParenImpCasts();
    } else {
      break;
    }
  }
  const auto *D = dyn_cast<DeclRefExpr>(E);
  if (!D)
    return {};
  const auto *V = dyn_cast<VarDecl>(D->getDecl());
  if (!V)
    return {};
  bool ByReference = Param && Param->getType()->isReferenceType();
  if (Accesses.isTracked(V) && Accesses.namesSharedObject(D, V) &&
      (AddressOf || ByReference || Wrapped))
    return {Map.usrOf(V), Part, Accesses.slotOf(Index)};
  if (!Part.empty())
    return {};
  bool Pointer = false;
  std::string Alias = Accesses.aliasTarget(V, Pointer);
  if (!Alias.empty() && (Pointer || ByReference || AddressOf))
    return {Alias, "", Accesses.pointeeShared(V) ? Accesses.objectSlot(V) : ""};
  return {};
}

std::string CallDescriber::result(const Expr *Call) {
  const Expr *Cur = Call;
  for (int Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(*Cur);
    if (Parents.empty())
      return {};
    if (const auto *V = Parents[0].get<VarDecl>())
      return Map.usrOf(V);
    if (const auto *Init = Parents[0].get<CXXCtorInitializer>())  // `thread_(&W::run, this)`
      return Init->getMember() ? Map.usrOf(Init->getMember()) : std::string();
    const Expr *P = Parents[0].get<Expr>();
    if (!P)
      return {};
    if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->getOpcode() == BO_Assign)
      return identity(BO->getLHS());
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      return identity(OC->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
      // threads.push_back(std::thread(f)), futures.emplace_back(std::async(...))
      if (MC->getImplicitObjectArgument() && strip(MC->getImplicitObjectArgument()) != strip(Cur))
        return identity(MC->getImplicitObjectArgument());
      return {};
    }
    if (isa<CallExpr>(P))
      return {};
    Cur = P;
  }
  return {};
}

void CallDescriber::describe(const Expr *E, CallFact &C) { describeArguments(E, C, 0); }

bool CallDescriber::describeOnceRun(const CallExpr *Call, CallFact &C) {
  std::optional<SyncPoints::OnceCall> Once = Sync.once(Call);
  if (!Once)
    return false;
  C.calleeUsr = entry(Call->getArg(1));
  if (C.calleeUsr.empty())
    return false;
  C.callee = Once->routine;
  describeArguments(Call, C, 2);
  LockFact Flag;
  Flag.id = "once:" + Once->location;
  Flag.name = Once->text;
  Flag.acquired = C.span;
  C.locks.push_back(std::move(Flag));
  addCondition(C.signalsAfter,
               syncCondition(SyncPoint{SyncRole::Signal, Once->location, Once->text},
                             "the return of " + Once->text));
  return true;
}

void CallDescriber::describeArguments(const Expr *E, CallFact &C, unsigned FirstArg) {
  if (const std::vector<LockFact> *Locks = Walk.locksAt(E))
    C.locks = *Locks;
  if (std::optional<unsigned> Chain = Walk.chainAt(E))
    C.chain = *Chain;
  if (const std::vector<ConditionFact> *Conditions = Walk.conditionsAt(E))
    C.conditions = *Conditions;
  C.crashes = Walk.crashesAt(E);
  if (const std::vector<ConditionFact> *Signals = Walk.signalsAfter(E))
    C.signalsAfter = *Signals;
  const FunctionDecl *Callee = nullptr;
  llvm::SmallVector<const Expr *, 6> Args;
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    Callee = CE->getDirectCallee();
    unsigned First = 0;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      if (const Expr *Obj = MC->getImplicitObjectArgument()) {
        C.objectId = identity(Obj);
        C.objectElementType = elementType(Obj->getType());
        C.object = objectOrigin(Obj, C);
      }
    } else if (isa<CXXOperatorCallExpr>(CE) && Callee && isa<CXXMethodDecl>(Callee) &&
               CE->getNumArgs() > 0) {
      C.objectId = identity(CE->getArg(0));
      C.object = objectOrigin(CE->getArg(0), C);
      First = 1;
    }
    for (unsigned A = First + FirstArg; A < CE->getNumArgs(); ++A) {
      if (isa<CXXDefaultArgExpr>(CE->getArg(A)))
        break;
      Args.push_back(CE->getArg(A));
    }
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    Callee = CE->getConstructor();
    for (const Expr *A : CE->arguments()) {
      if (isa<CXXDefaultArgExpr>(A))
        break;
      Args.push_back(A);
    }
  }
  C.resultId = result(E);
  for (unsigned A = 0; A < Args.size(); ++A) {
    const ParmVarDecl *Param = Callee && FirstArg == 0 && A < Callee->getNumParams()
                                   ? Callee->getParamDecl(A)
                                   : nullptr;
    C.argIds.push_back(identity(Args[A]));
    C.argEntries.push_back(entry(Args[A]));
    PassedObject Passed = passed(Args[A], Param);
    // A value that differs per iteration (`(void *)i` in a start loop): the thread's own.
    if (Passed.var.empty() && Passed.slot.empty())
      if (std::string Slot = Accesses.slotOf(Args[A]);
          !llvm::StringRef(Slot).starts_with("param:"))
        Passed.slot = std::move(Slot);
    C.argGlobals.push_back(std::move(Passed.var));
    C.argParts.push_back(std::move(Passed.part));
    C.argSlots.push_back(std::move(Passed.slot));
    // What a wrapper hands on (its own parameter: `pthread_create(t, 0, entry, arg)` in
    // `start_worker(t, entry, arg)`), and where a function value passed here is kept.
    std::string Source;
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(Args[A])); D && isa<ParmVarDecl>(D->getDecl()))
      Source = Values.paramPlace(cast<ParmVarDecl>(D->getDecl()));
    else if (FunctionValues::callable(Args[A]->getType()))
      Source = Values.place(Args[A]);
    C.argSources.push_back(std::move(Source));
    C.argLocks.push_back(Locks.argumentLock(Args[A]));
    C.argConstants.push_back(constantArgument(Args[A], Ctx));
  }
  auto Empty = [](const std::vector<std::string> &V) {
    return std::all_of(V.begin(), V.end(), [](const std::string &S) { return S.empty(); });
  };
  if (Empty(C.argIds))
    C.argIds.clear();
  if (Empty(C.argEntries))
    C.argEntries.clear();
  if (Empty(C.argGlobals))
    C.argGlobals.clear();
  if (Empty(C.argParts))
    C.argParts.clear();
  if (Empty(C.argSlots))
    C.argSlots.clear();
  if (Empty(C.argSources))
    C.argSources.clear();
  if (Empty(C.argLocks))
    C.argLocks.clear();
  if (Empty(C.argConstants))
    C.argConstants.clear();
}

}  // namespace concurlint
