#include "facts/LoopFacts.h"

#include "facts/AstQueries.h"
#include "facts/WriteEffects.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>

namespace concurlint {

using namespace clang;

namespace {

const Expr *bare(const Expr *E) { return E ? E->IgnoreParenImpCasts() : nullptr; }

/// Also through the temporaries and copies that passing by value adds: `f(x)` with a
/// `std::string` parameter copies x, `v.push_back(f(x))` binds f's result to a reference.
const Expr *stripped(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<CXXConstructExpr>(Next);
        C && C->getNumArgs() == 1 && C->getConstructor() &&
        (C->getConstructor()->isCopyOrMoveConstructor()))
      Next = C->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const VarDecl *namedVar(const Expr *E) {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(bare(E)))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// Containers whose operator[] reaches an existing element without changing the container:
/// `v[i] = x` on them writes iteration i's own element. (std::map's inserts.)
bool elementIndexed(QualType T) {
  std::string Name = canonicalTypeName(T);
  return Name == "std::vector" || Name == "std::array" || Name == "std::deque" ||
         Name == "std::span" || Name == "std::basic_string";
}

/// What concur::codec (runtime/include/concur/codec.h) encodes: arithmetic types, enums,
/// strings, and the standard containers, pairs, tuples and optionals of those.
bool codecCarries(QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType().getCanonicalType();
  if (T->isArithmeticType() || T->isEnumeralType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = canonicalName(RD);
  if (Name == "std::basic_string")
    return true;
  static const char *Containers[] = {"std::vector", "std::array", "std::pair", "std::tuple",
                                     "std::optional", "std::map", "std::unordered_map",
                                     "std::set"};
  if (std::find(std::begin(Containers), std::end(Containers), Name) == std::end(Containers))
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
    if (A.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &P : A.pack_elements())
        if (P.getKind() == TemplateArgument::Type && !codecCarries(P.getAsType()))
          return false;
      continue;
    }
    if (A.getKind() != TemplateArgument::Type)
      continue;
    QualType Arg = A.getAsType();
    // Allocators, comparators and hashers are not carried: they are rebuilt.
    if (const auto *ArgRD = Arg->getAsCXXRecordDecl()) {
      std::string ArgName = canonicalName(ArgRD);
      if (ArgName == "std::allocator" || ArgName == "std::less" || ArgName == "std::hash" ||
          ArgName == "std::equal_to")
        continue;
    }
    if (!codecCarries(Arg))
      return false;
  }
  return true;
}

class LoopDescriber {
public:
  LoopDescriber(ASTContext &Ctx, SourceMapper &Map, const Stmt *Loop, LoopFact &L)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Map(Map), Uses(Ctx, Loop), Loop(Loop), L(L) {
    Begin = SM.getFileLoc(Loop->getBeginLoc());
    End = SM.getFileLoc(Loop->getEndLoc());
  }

  void describe() {
    const Stmt *Body = nullptr;
    if (const auto *For = dyn_cast<ForStmt>(Loop)) {
      Body = For->getBody();
      L.kind = indexLoop(For) ? LoopKind::Index : LoopKind::For;
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
      Body = Range->getBody();
      L.kind = LoopKind::Range;
      const VarDecl *V = Range->getLoopVariable();
      L.var = V->getName().str();
      // Up to the colon: the variable's own range would run into its implicit `*__begin`.
      std::string DeclText =
          Map.sourceText(SourceRange(V->getOuterLocStart(), Range->getColonLoc()));
      llvm::StringRef Decl = DeclText;
      L.varDecl = Decl.rtrim().drop_back().rtrim().str();
      if (!Decl.rtrim().ends_with(":"))
        L.varDecl.clear();
      L.first = Map.sourceText(Range->getRangeInit()->getSourceRange());
      if (L.varDecl.empty() || L.first.empty())
        L.kind = LoopKind::For;
      collectBoundVars(Range->getRangeInit());
    }
    if (!Body)
      return;
    L.span = Map.span(Loop->getSourceRange());
    L.body = Map.span(Body->getSourceRange());
    L.bodyIsBlock = isa<CompoundStmt>(Body);
    this->Body = Body;
    walk(Body, /*Loops=*/0, /*Switches=*/0, /*InLambda=*/false);
    // The loop's own bounds must stay what they were: a body that changes `n` or pushes into
    // `v` in `i < v.size()` (or into the range it iterates) makes a loop whose trip count it
    // decides.
    if (L.kind == LoopKind::Index || L.kind == LoopKind::Range)
      for (const LoopAccessFact &A : L.accesses)
        if (BoundVars.contains(A.var) && A.how != LoopUse::Read && A.how != LoopUse::Indexed)
          L.kind = LoopKind::For;
    if (InductionWritten)
      L.kind = LoopKind::For;
    describeMap(Body);
  }

private:
  bool local(const Decl *D) const {
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    return SM.isBeforeInTranslationUnit(Begin, Loc) && SM.isBeforeInTranslationUnit(Loc, End);
  }

  bool indexLoop(const ForStmt *For) {
    const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
    if (!Init || !Init->isSingleDecl())
      return false;
    const auto *V = dyn_cast<VarDecl>(Init->getSingleDecl());
    if (!V || !V->getInit() || !V->getType()->isIntegerType() || V->getType()->isBooleanType())
      return false;
    Induction = V;
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(bare(For->getCond()));
    if (!Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_NE) ||
        namedVar(Cond->getLHS()) != V)
      return false;
    const Expr *Inc = bare(For->getInc());
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc)) {
      if (!U->isIncrementOp() || namedVar(U->getSubExpr()) != V)
        return false;
    } else if (const auto *C = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
      const auto *One = dyn_cast<IntegerLiteral>(bare(C->getRHS()));
      if (C->getOpcode() != BO_AddAssign || namedVar(C->getLHS()) != V || !One ||
          One->getValue() != 1)
        return false;
    } else {
      return false;
    }
    QualType T = V->getType().getUnqualifiedType();
    std::string Type;
    if (TypeSourceInfo *TSI = V->getTypeSourceInfo(); TSI && !isa<AutoType>(T.getTypePtr()))
      Type = Map.sourceText(
          writtenTypeRange(TSI->getTypeLoc(), Ctx.getSourceManager(), Ctx.getLangOpts()));
    if (Type.empty() || Type.find("auto") != std::string::npos || V->getType().isConstQualified())
      Type = T.getAsString(Ctx.getPrintingPolicy());
    if (Type.find("const") != std::string::npos)
      return false;
    L.var = V->getName().str();
    L.varDecl = Type;
    auto Bound = [&](const Expr *E) {
      std::string Text = Map.sourceText(E->getSourceRange());
      if (Text.empty())
        return Text;
      if (!Ctx.hasSameUnqualifiedType(bare(E)->getType(), T))
        Text = "static_cast<" + Type + ">(" + Text + ")";
      return Text;
    };
    const Expr *First = V->getInit();
    L.first = Bound(First);
    L.last = Bound(Cond->getRHS());
    if (L.first.empty() || L.last.empty())
      return false;
    if (const auto *Zero = dyn_cast<IntegerLiteral>(bare(First)))
      L.firstIsZero = Zero->getValue() == 0;
    if (const auto *Size = dyn_cast<CXXMemberCallExpr>(bare(Cond->getRHS())))
      if (Size->getMethodDecl() && Size->getMethodDecl()->getName() == "size" &&
          Size->getNumArgs() == 0)
        if (const VarDecl *Of = namedVar(Size->getImplicitObjectArgument()))
          L.lastSizeOf = Map.usrOf(Of);
    collectBoundVars(Cond->getRHS());
    return true;
  }

  /// `out[i] = f(in[i]);` or `out.push_back(f(x));`: the whole body maps a free function.
  void describeMap(const Stmt *Body) {
    if (const auto *Block = dyn_cast<CompoundStmt>(Body)) {
      if (Block->size() != 1)
        return;
      Body = Block->body_front();
    }
    const auto *E = dyn_cast<Expr>(Body);
    if (!E)
      return;
    E = E->IgnoreImplicit();
    const CallExpr *Call = nullptr;
    const Expr *Item = nullptr;
    if (L.kind == LoopKind::Index) {
      const Expr *Target = nullptr, *Value = nullptr;
      if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Assign) {
        Target = B->getLHS();
        Value = B->getRHS();
      } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
                 Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
        Target = Op->getArg(0);
        Value = Op->getArg(1);
      }
      if (!Target || !subscriptOfInduction(Target))
        return;
      Call = dyn_cast<CallExpr>(stripped(Value));
      if (Call && Call->getNumArgs() == 1) {
        const VarDecl *In = subscriptOfInduction(stripped(Call->getArg(0)));
        // The whole of `in`, from 0 to in.size(): map's input.
        if (!In || !L.firstIsZero || L.lastSizeOf != Map.usrOf(In))
          return;
        L.mapInput = In->getName().str();
        Item = Call->getArg(0);
      }
    } else if (L.kind == LoopKind::Range) {
      const auto *Push = dyn_cast<CXXMemberCallExpr>(E);
      if (!Push || Push->getNumArgs() != 1 || !Push->getMethodDecl() ||
          (Push->getMethodDecl()->getName() != "push_back" &&
           Push->getMethodDecl()->getName() != "emplace_back"))
        return;
      Call = dyn_cast<CallExpr>(stripped(Push->getArg(0)));
      if (Call && Call->getNumArgs() == 1) {
        const VarDecl *X = namedVar(stripped(Call->getArg(0)));
        if (!X || X->getName() != L.var)
          return;
        Item = Call->getArg(0);
      }
    }
    if (!Call || !Item || isa<CXXMemberCallExpr>(Call) || isa<CXXOperatorCallExpr>(Call))
      return;
    const FunctionDecl *F = Call->getDirectCallee();
    if (!F || isa<CXXMethodDecl>(F) || F->getNumParams() != 1 || F->isVariadic() ||
        F->getTemplatedKind() != FunctionDecl::TK_NonTemplate)
      return;
    L.mapFunction = Map.sourceText(Call->getCallee()->IgnoreImplicit()->getSourceRange());
    L.mapFunctionUsr = Map.usrOf(F);
    L.mapCodec = codecCarries(F->getParamDecl(0)->getType()) && codecCarries(F->getReturnType());
  }

  /// `v[i]` with i the induction variable: v.
  const VarDecl *subscriptOfInduction(const Expr *E) const {
    E = bare(E);
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E))
      return namedVar(A->getIdx()) == Induction ? namedVar(A->getBase()) : nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      return namedVar(Op->getArg(1)) == Induction ? namedVar(Op->getArg(0)) : nullptr;
    return nullptr;
  }

  void collectBoundVars(const Stmt *S) {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        BoundVars.insert(Map.usrOf(V));
    if (const auto *M = dyn_cast<MemberExpr>(S);
        M && isa<FieldDecl>(M->getMemberDecl()) &&
        isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
      BoundVars.insert(Map.usrOf(M->getMemberDecl()));
    for (const Stmt *Child : S->children())
      collectBoundVars(Child);
  }

  std::pair<const Stmt *, const Expr *> up(const Expr *E) const { return Uses.up(E); }

  /// A statement of the loop's body itself (not nested in an if or an inner block): the
  /// rewrite turns it into the lambda's `return`.
  bool bodyStatement(const Expr *E) const {
    auto [P, Child] = up(E);
    (void)Child;
    return P && (P == Loop || (P == Body && isa<CompoundStmt>(Body)));
  }

  /// A variable, field or object declared outside the loop, as the body names it.
  struct Outside {
    const ValueDecl *decl = nullptr;  // null for `*this`
    std::string var, name;
    QualType type;
    LoopVarOrigin origin = LoopVarOrigin::Fresh;
  };

  Outside outside(const VarDecl *V, const DeclRefExpr *Ref) {
    Outside O{V, Map.usrOf(V), V->getName().str(), V->getType(), LoopVarOrigin::Fresh};
    QualType T = V->getType();
    bool Alias = T->isReferenceType() || T->isPointerType();
    if (T->isPointerType() && T.isRestrictQualified())
      Alias = false;  // restrict: no other name reaches what it points to
    if (V->hasGlobalStorage())
      O.origin = LoopVarOrigin::Shared;
    else if (isa<ParmVarDecl>(V) || Ref->refersToEnclosingVariableOrCapture())
      O.origin = Alias || Ref->refersToEnclosingVariableOrCapture() ? LoopVarOrigin::OuterAlias
                                                                  : LoopVarOrigin::Fresh;
    else
      O.origin = Alias ? LoopVarOrigin::LocalAlias : LoopVarOrigin::Fresh;
    return O;
  }

  /// What a variable holds, for telling which others may overlap it (LoopAccessFact::type):
  /// the elements of a pointer, an array or a container whose elements sit in one block (a
  /// pointer into a vector's data() reaches them), else the type itself.
  QualType heldQualType(QualType T) const {
    T = T.getNonReferenceType();
    if (const auto *P = T->getAs<PointerType>())
      T = P->getPointeeType();
    else if (const ArrayType *A = Ctx.getAsArrayType(T))
      T = A->getElementType();
    else if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                 T->getAsCXXRecordDecl());
             Spec && elementIndexed(T) && Spec->getTemplateArgs().size() > 0 &&
             Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      T = Spec->getTemplateArgs()[0].getAsType();
    return T.getCanonicalType().getUnqualifiedType();
  }

  void add(const Outside &O, const Expr *At, LoopUse How, bool Written = false,
           ReductionOp Op = ReductionOp::None, const Stmt *Statement = nullptr,
           const Expr *Value = nullptr, const UseEffect *Effect = nullptr) {
    LoopAccessFact A;
    A.var = O.var;
    A.name = O.name;
    A.how = How;
    A.written = Written;
    A.op = Op;
    A.span = Map.span(At->getSourceRange());
    if (Statement)
      A.statement = Map.span(Statement->getSourceRange());
    if (Value)
      A.value = Map.span(Value->getSourceRange());
    A.origin = O.origin;
    QualType Held = heldQualType(O.type);
    A.type = Held.getAsString(Ctx.getPrintingPolicy());
    A.floating = Held->isFloatingType();
    A.pointer = O.type->isPointerType();
    if (Effect && Effect->callee) {
      A.viaCallee = Map.usrOf(Effect->callee);
      A.viaParam = Effect->param;
      A.viaObject = Effect->object;
    }
    L.accesses.push_back(std::move(A));
  }

  /// Whether `S` names `D` (a variable, or a field of `*this`).
  static bool names(const Stmt *S, const ValueDecl *D) {
    if (!S || !D)
      return false;
    if (const auto *R = dyn_cast<DeclRefExpr>(S); R && R->getDecl() == D)
      return true;
    if (const auto *M = dyn_cast<MemberExpr>(S);
        M && M->getMemberDecl() == D && isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
      return true;
    for (const Stmt *Child : S->children())
      if (names(Child, D))
        return true;
    return false;
  }

  /// `v.push_back(e)` / `v.emplace_back(e)` as a statement of its own.
  bool pushed(const Expr *Ref, const Outside &O) {
    auto [P, Child] = up(Ref);
    (void)Child;
    const auto *M = dyn_cast_or_null<MemberExpr>(P);
    if (!M || M->isArrow())
      return false;
    auto [CallStmt, Callee] = up(M);
    (void)Callee;
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(CallStmt);
    if (!Call || !Call->getMethodDecl() || Call->getNumArgs() != 1)
      return false;
    llvm::StringRef Name = Call->getMethodDecl()->getName();
    if ((Name != "push_back" && Name != "emplace_back") || !bodyStatement(Call) ||
        names(Call->getArg(0), O.decl) || O.type->isReferenceType() || O.type->isPointerType())
      return false;
    add(O, Ref, LoopUse::Push, true, ReductionOp::None, Call, Call->getArg(0));
    noteAwait(Call->getArg(0));
    return true;
  }

  /// `x += e`, `x *= e`, `x = std::min(x, e)`, `x = std::max(x, e)`, `x = x && e`,
  /// `x = x || e` as a statement of its own, on a scalar.
  bool reduced(const Expr *Ref, const Outside &O) {
    QualType T = O.type;
    if (!T->isArithmeticType() || T->isReferenceType())
      return false;
    auto [P, Child] = up(Ref);
    const auto *B = dyn_cast_or_null<BinaryOperator>(P);
    if (!B || bare(B->getLHS()) != bare(Child) || !bodyStatement(B))
      return false;
    const Expr *Value = nullptr, *Again = nullptr;
    ReductionOp Op = ReductionOp::None;
    auto Same = [&](const Expr *E) {
      E = bare(E);
      if (const auto *R = dyn_cast<DeclRefExpr>(E))
        return R->getDecl() == O.decl;
      if (const auto *M = dyn_cast<MemberExpr>(E))
        return M->getMemberDecl() == O.decl && isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
      return false;
    };
    if (B->getOpcode() == BO_AddAssign || B->getOpcode() == BO_MulAssign) {
      Op = B->getOpcode() == BO_AddAssign ? ReductionOp::Add : ReductionOp::Multiply;
      Value = B->getRHS();
    } else if (B->getOpcode() == BO_Assign) {
      const Expr *R = bare(B->getRHS());
      if (const auto *Call = dyn_cast<CallExpr>(R); Call && Call->getNumArgs() == 2 &&
                                                     Call->getDirectCallee()) {
        std::string Name = canonicalName(Call->getDirectCallee());
        if ((Name == "std::min" || Name == "std::max") && Same(Call->getArg(0))) {
          Op = Name == "std::min" ? ReductionOp::Min : ReductionOp::Max;
          Value = Call->getArg(1);
          Again = Call->getArg(0);
        }
      } else if (const auto *Logic = dyn_cast<BinaryOperator>(R);
                 Logic && (Logic->getOpcode() == BO_LAnd || Logic->getOpcode() == BO_LOr) &&
                 Same(Logic->getLHS())) {
        Op = Logic->getOpcode() == BO_LAnd ? ReductionOp::And : ReductionOp::Or;
        Value = Logic->getRHS();
        Again = Logic->getLHS();
      }
    }
    if (!Value || names(Value, O.decl))
      return false;
    // The `x` of `x = std::min(x, e)` is recorded with the reduction.
    if (Again)
      Consumed.push_back(bare(Again));
    add(O, Ref, LoopUse::Reduction, true, Op, B, Value);
    noteAwait(Value);
    return true;
  }

  void noteAwait(const Expr *Value) {
    if (const auto *Await = dyn_cast<CoawaitExpr>(bare(Value)))
      L.awaitedType = Await->getOperand()->IgnoreImplicit()->getType().getAsString(
          Ctx.getPrintingPolicy());
  }

  /// `E[i]` with i the induction variable: the element expression, or null.
  const Expr *elementOf(const Expr *E) const {
    if (!Induction)
      return nullptr;
    auto [P, Child] = up(E);
    (void)Child;
    if (const auto *A = dyn_cast_or_null<ArraySubscriptExpr>(P);
        A && bare(A->getBase()) == bare(E) && namedVar(A->getIdx()) == Induction)
      return A;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        bare(Op->getArg(0)) == bare(E) && namedVar(Op->getArg(1)) == Induction)
      return Op;
    return nullptr;
  }

  /// A use of something declared outside the loop: how the body uses it.
  void use(const Expr *Ref, const Outside &O, bool InLambda) {
    for (const Expr *C : Consumed)
      if (C == bare(Ref))
        return;
    if (!InLambda && (pushed(Ref, O) || reduced(Ref, O)))
      return;
    QualType T = O.type.getNonReferenceType();
    // v[i]: iteration i's own element, of an array, a container, or what a pointer points to
    // (the rule decides whether another name may reach the same elements).
    if (const Expr *Element = elementOf(Ref)) {
      UseEffect Effect = Uses.effectOf(Element);
      if (T->isPointerType() || T->isArrayType() || elementIndexed(T))
        add(O, Ref, LoopUse::Indexed, Effect.written, ReductionOp::None, nullptr, nullptr,
            &Effect);
      else
        add(O, Ref, Effect.written ? LoopUse::Write : LoopUse::Read, Effect.written,
            ReductionOp::None, nullptr, nullptr, &Effect);
      return;
    }
    UseEffect Effect = Uses.effectOf(Ref);
    if (!Effect.written)
      add(O, Ref, LoopUse::Read);
    else if (Effect.throughPointer && T->isPointerType())
      add(O, Ref, LoopUse::Alias, true, ReductionOp::None, nullptr, nullptr, &Effect);
    else
      add(O, Ref, LoopUse::Write, true, ReductionOp::None, nullptr, nullptr, &Effect);
  }

  void access(const DeclRefExpr *Ref, bool InLambda) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V)
      return;
    if (V == Induction) {
      if (Uses.effectOf(Ref).written)
        InductionWritten = true;
      return;
    }
    if (local(V))
      return;
    use(Ref, outside(V, Ref), InLambda);
  }

  /// A field of the object the function runs on: shared by every iteration.
  void member(const MemberExpr *M, bool InLambda) {
    if (!isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
      return;
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!Field)
      return;
    use(M, Outside{Field, Map.usrOf(Field), Field->getName().str(), Field->getType(),
                   LoopVarOrigin::Shared},
        InLambda);
  }

  /// `this` other than for one of its fields: a method called on the object, or the object
  /// handed to a function. The callee's summary says whether it writes the object.
  void object(const CXXThisExpr *This) {
    auto [P, Child] = up(This);
    (void)Child;
    if (const auto *M = dyn_cast_or_null<MemberExpr>(P); M && isa<FieldDecl>(M->getMemberDecl()))
      return;  // a field: member()
    UseEffect Effect = Uses.effectOf(This);
    if (!Effect.written || !Effect.throughPointer) {
      return;  // read, or the pointer itself copied
    }
    QualType Class = This->getType()->getPointeeType();
    add(Outside{nullptr, "this", "*this", Class, LoopVarOrigin::Shared}, This, LoopUse::Write,
        true, ReductionOp::None, nullptr, nullptr, &Effect);
  }

  void call(const Expr *E, const FunctionDecl *Callee) {
    LoopCallFact C;
    if (Callee) {
      C.calleeUsr = Map.usrOf(Callee);
      C.callee = canonicalName(Callee);
      C.system = isLibraryDecl(Callee, SM);
    }
    if (const auto *Call = dyn_cast<CallExpr>(E))
      C.virtualCall = virtualDispatch(Call);
    C.span = Map.span(E->getSourceRange());
    if (C.span.valid())
      L.calls.push_back(std::move(C));
  }

  void exit(const Stmt *S, ExitKind How) { L.exits.push_back({Map.span(S->getSourceRange()), How}); }

  void walk(const Stmt *S, unsigned Loops, unsigned Switches, bool InLambda) {
    if (!S)
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      walk(LE->getBody(), 0, 0, true);
      return;
    }
    if (!InLambda) {
      if (isa<BreakStmt>(S) && Loops == 0 && Switches == 0)
        exit(S, ExitKind::Break);
      if (isa<ContinueStmt>(S) && Loops == 0)
        L.continues.push_back(Map.span(S->getSourceRange()));
      if (isa<ReturnStmt>(S))
        exit(S, ExitKind::Return);
      if (isa<CoreturnStmt>(S))
        exit(S, ExitKind::CoReturn);
      if (isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S))
        exit(S, ExitKind::Goto);
      if (isa<CXXThrowExpr>(S))
        exit(S, ExitKind::Throw);
      if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) || isa<CoyieldExpr>(S))
        L.awaits = true;
    }
    // What the program wrote is the operand; the rest (await_ready, await_suspend, …) is the
    // compiler's.
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      walk(Suspend->getOperand(), Loops, Switches, InLambda);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      access(DRE, InLambda);
    if (const auto *M = dyn_cast<MemberExpr>(S))
      member(M, InLambda);
    if (const auto *This = dyn_cast<CXXThisExpr>(S))
      object(This);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      call(Call, Call->getDirectCallee());
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
        Construct && Construct->getConstructor() && !Construct->getConstructor()->isTrivial())
      call(Construct, Construct->getConstructor());
    bool Nested = isa<ForStmt>(S) || isa<CXXForRangeStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S);
    bool Switch = isa<SwitchStmt>(S);
    for (const Stmt *Child : S->children())
      walk(Child, Loops + Nested, Switches + Switch, InLambda);
  }

  ASTContext &Ctx;
  SourceManager &SM;
  SourceMapper &Map;
  UseQuery Uses;
  const Stmt *Loop;
  const Stmt *Body = nullptr;
  LoopFact &L;
  SourceLocation Begin, End;
  const VarDecl *Induction = nullptr;
  bool InductionWritten = false;
  llvm::StringSet<> BoundVars;
  llvm::SmallVector<const Expr *, 2> Consumed;
};

/// How many times a loop runs, as far as its code says (LoopFact::bound, trips).
class LoopBounds {
public:
  explicit LoopBounds(ASTContext &Ctx) : Ctx(Ctx) {}

  std::pair<LoopBound, unsigned> of(const Stmt *Loop) const {
    const Expr *Cond = nullptr;
    const Stmt *Body = nullptr, *Inc = nullptr;
    if (const auto *For = dyn_cast<ForStmt>(Loop)) {
      if (std::optional<unsigned> Trips = countedFor(For))
        return {LoopBound::Constant, *Trips};
      Cond = For->getCond();
      Body = For->getBody();
      Inc = For->getInc();
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
      QualType T = Range->getRangeInit()->getType().getNonReferenceType();
      if (const auto *Array = Ctx.getAsConstantArrayType(T))
        return {LoopBound::Constant, clampTrips(Array->getSize().getZExtValue())};
      if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              T->getAsCXXRecordDecl());
          Spec && canonicalName(Spec) == "std::array" && Spec->getTemplateArgs().size() == 2 &&
          Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
        return {LoopBound::Constant,
                clampTrips(Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue())};
      return {LoopBound::Unknown, 0};
    } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
      Cond = While->getCond();
      Body = While->getBody();
    } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
      Cond = Do->getCond();
      Body = Do->getBody();
    }
    // `do { … } while (0)` (a macro's statement) runs once, `while (0)` never; `while (1)`
    // and `for (;;)` run until something in the body leaves: the data decides.
    if (std::optional<int64_t> Constant = constant(Cond); Constant && *Constant == 0)
      return {LoopBound::Constant, isa<DoStmt>(Loop) ? 1u : 0u};
    // Until an integer the body shifts right or divides runs out of bits.
    llvm::SmallVector<const VarDecl *, 4> Tested;
    collectVars(Cond, Tested);
    for (const VarDecl *V : Tested)
      if (V->getType()->isIntegerType() && (shrinks(Body, V) || shrinks(Inc, V)))
        return {LoopBound::Bits, static_cast<unsigned>(Ctx.getTypeSize(V->getType()))};
    return {LoopBound::Unknown, 0};
  }

private:
  static unsigned clampTrips(uint64_t N) {
    return static_cast<unsigned>(std::min<uint64_t>(N, std::numeric_limits<unsigned>::max()));
  }

  std::optional<int64_t> constant(const Expr *E) const {
    if (!E || E->isValueDependent())
      return std::nullopt;
    Expr::EvalResult R;
    if (!E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt().getExtValue();
  }

  /// `for (i = a; i < b; i += k)` (or `<=`, `!=`, or counting down with `>`, `>=`) with a, b, k
  /// constants and i not written in the body.
  std::optional<unsigned> countedFor(const ForStmt *For) const {
    const VarDecl *V = nullptr;
    std::optional<int64_t> From;
    if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit()); Init && Init->isSingleDecl()) {
      V = dyn_cast<VarDecl>(Init->getSingleDecl());
      if (V)
        From = constant(V->getInit());
    } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(For->getInit());
               Assign && Assign->getOpcode() == BO_Assign) {
      V = namedVar(Assign->getLHS());
      From = constant(Assign->getRHS());
    }
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(bare(For->getCond()));
    if (!V || !From || !Cond || namedVar(Cond->getLHS()) != V)
      return std::nullopt;
    std::optional<int64_t> To = constant(Cond->getRHS());
    std::optional<int64_t> Step;
    const Expr *Inc = bare(For->getInc());
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc); U && namedVar(U->getSubExpr()) == V)
      Step = U->isIncrementOp() ? 1 : -1;
    else if (const auto *C = dyn_cast_or_null<CompoundAssignOperator>(Inc);
             C && namedVar(C->getLHS()) == V) {
      Step = constant(C->getRHS());
      if (Step && C->getOpcode() == BO_SubAssign)
        Step = -*Step;
      else if (C->getOpcode() != BO_AddAssign)
        Step.reset();
    }
    if (!To || !Step || *Step == 0 || writes(For->getBody(), V))
      return std::nullopt;
    int64_t Span = 0;
    switch (Cond->getOpcode()) {
    case BO_LT: case BO_NE: Span = *To - *From; break;
    case BO_LE: Span = *To - *From + 1; break;
    case BO_GT: Span = *From - *To; break;
    case BO_GE: Span = *From - *To + 1; break;
    default: return std::nullopt;
    }
    bool Up = Cond->getOpcode() == BO_LT || Cond->getOpcode() == BO_LE || Cond->getOpcode() == BO_NE;
    if ((*Step > 0) != Up)
      return std::nullopt;
    int64_t Magnitude = *Step > 0 ? *Step : -*Step;
    if (Span <= 0)
      return 0u;
    return clampTrips(static_cast<uint64_t>((Span + Magnitude - 1) / Magnitude));
  }

  static void collectVars(const Stmt *S, llvm::SmallVectorImpl<const VarDecl *> &Out) {
    if (!S)
      return;
    if (const auto *D = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
        Out.push_back(V);
    for (const Stmt *Child : S->children())
      collectVars(Child, Out);
  }

  /// `v >>= k`, `v /= k`, `v = v >> k`, `v = v / k` (k a constant of at least 1 bit, 2) in S.
  bool shrinks(const Stmt *S, const VarDecl *V) const {
    if (!S)
      return false;
    if (const auto *C = dyn_cast<CompoundAssignOperator>(S); C && namedVar(C->getLHS()) == V) {
      std::optional<int64_t> K = constant(C->getRHS());
      if ((C->getOpcode() == BO_ShrAssign && K && *K >= 1) ||
          (C->getOpcode() == BO_DivAssign && K && *K >= 2))
        return true;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && B->getOpcode() == BO_Assign && namedVar(B->getLHS()) == V)
      if (const auto *R = dyn_cast<BinaryOperator>(bare(B->getRHS()));
          R && namedVar(R->getLHS()) == V) {
        std::optional<int64_t> K = constant(R->getRHS());
        if ((R->getOpcode() == BO_Shr && K && *K >= 1) || (R->getOpcode() == BO_Div && K && *K >= 2))
          return true;
      }
    for (const Stmt *Child : S->children())
      if (shrinks(Child, V))
        return true;
    return false;
  }

  /// Whether S assigns or increments V.
  static bool writes(const Stmt *S, const VarDecl *V) {
    if (!S)
      return false;
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
        namedVar(U->getSubExpr()) == V)
      return true;
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && B->isAssignmentOp() && namedVar(B->getLHS()) == V)
      return true;
    for (const Stmt *Child : S->children())
      if (writes(Child, V))
        return true;
    return false;
  }

  ASTContext &Ctx;
};

class LoopFinder : public RecursiveASTVisitor<LoopFinder> {
public:
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }  // a function of its own
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitForStmt(ForStmt *S) { Loops.push_back(S); return true; }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) { Loops.push_back(S); return true; }
  bool VisitWhileStmt(WhileStmt *S) { Loops.push_back(S); return true; }
  bool VisitDoStmt(DoStmt *S) { Loops.push_back(S); return true; }
  std::vector<const Stmt *> Loops;
};

}  // namespace

void LoopScanner::scan(const FunctionDecl *FD, FunctionFact &F) {
  if (!FD->getBody())
    return;
  // A template's loop is one text for every instantiation, which may differ in what they
  // allow: templates are not described (their loops' bounds are, for their callers' cost).
  bool Describe = !FD->isDependentContext() && !FD->getTemplateInstantiationPattern();
  LoopFinder Finder;
  Finder.TraverseStmt(FD->getBody());
  LoopBounds Bounds(Ctx);
  for (const Stmt *Loop : Finder.Loops) {
    Span S = Map.span(Loop->getSourceRange());
    if (!S.valid())
      continue;
    for (LoopFact &L : F.loops)
      if (L.begin == S.offset && L.end == S.offset + S.length) {
        std::tie(L.bound, L.trips) = Bounds.of(Loop);
        // No textual rewrite of a macro's loop.
        if (Describe && (isa<ForStmt>(Loop) || isa<CXXForRangeStmt>(Loop)) &&
            !Loop->getBeginLoc().isMacroID() && !Loop->getEndLoc().isMacroID())
          LoopDescriber(Ctx, Map, Loop, L).describe();
        break;
      }
  }
}

}  // namespace concurlint
