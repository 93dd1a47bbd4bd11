#include "facts/LoopFacts.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

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

/// Member functions that read a container or hand out one of its elements without changing it
/// (chosen non-const only because the object is not const).
bool elementAccessor(llvm::StringRef Name) {
  return Name == "at" || Name == "front" || Name == "back" || Name == "operator[]";
}
bool readOnlyMember(llvm::StringRef Name) {
  return Name == "size" || Name == "empty" || Name == "begin" || Name == "end" ||
         Name == "cbegin" || Name == "cend" || Name == "data" || Name == "find" ||
         Name == "count" || Name == "contains" || Name == "c_str" || Name == "substr" ||
         Name == "length" || Name == "capacity";
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
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Map(Map), Parents(const_cast<Stmt *>(Loop)),
        Loop(Loop), L(L) {
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
    }
    if (!Body)
      return;
    L.span = Map.span(Loop->getSourceRange());
    L.body = Map.span(Body->getSourceRange());
    L.bodyIsBlock = isa<CompoundStmt>(Body);
    this->Body = Body;
    walk(Body, /*Loops=*/0, /*Switches=*/0, /*InLambda=*/false);
    // The loop's own bounds must stay what they were: a body that changes `n` or pushes into
    // `v` in `i < v.size()` makes a loop whose trip count it decides.
    if (L.kind == LoopKind::Index)
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
      Type = Map.sourceText(TSI->getTypeLoc().getSourceRange());
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
    for (const Stmt *Child : S->children())
      collectBoundVars(Child);
  }

  const Stmt *parent(const Stmt *S) const { return Parents.getParent(const_cast<Stmt *>(S)); }

  /// The parent, skipping parentheses and implicit conversions, and the child under it.
  std::pair<const Stmt *, const Expr *> up(const Expr *E) const {
    const Stmt *P = parent(E);
    while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) || isa<FullExpr>(P) ||
                 isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P))) {
      E = cast<Expr>(P);
      P = parent(P);
    }
    return {P, E};
  }

  /// A statement of the loop's body itself (not nested in an if or an inner block): the
  /// rewrite turns it into the lambda's `return`.
  bool bodyStatement(const Expr *E) const {
    auto [P, Child] = up(E);
    (void)Child;
    return P && (P == Loop || (P == Body && isa<CompoundStmt>(Body)));
  }

  /// Whether the object `E` denotes (or, through a pointer, what it points to) may be changed
  /// by what encloses it. `ThroughPointer` says the change reaches memory outside the
  /// variable (`*p = …`, `p->f = …`, `p[j] = …`).
  bool modified(const Expr *E, bool &ThroughPointer) const {
    ThroughPointer = false;
    for (;;) {
      auto [P, Child] = up(E);
      if (!P)
        return false;
      if (const auto *M = dyn_cast<MemberExpr>(P); M && M->getBase()->IgnoreParenImpCasts() ==
                                                          Child->IgnoreParenImpCasts()) {
        if (M->isArrow())
          ThroughPointer = true;
        if (isa<CXXMethodDecl>(M->getMemberDecl())) {
          const auto *Method = cast<CXXMethodDecl>(M->getMemberDecl());
          auto [Call, Callee] = up(M);
          (void)Callee;
          if (Method->isConst() || readOnlyMember(Method->getName()))
            return false;
          if (elementAccessor(Method->getName()) && Call && isa<CXXMemberCallExpr>(Call)) {
            E = cast<Expr>(Call);
            continue;
          }
          return true;
        }
        E = M;
        continue;
      }
      if (const auto *A = dyn_cast<ArraySubscriptExpr>(P)) {
        if (A->getBase()->IgnoreParenImpCasts() != Child->IgnoreParenImpCasts())
          return false;  // used as an index
        if (A->getBase()->IgnoreParenImpCasts()->getType()->isPointerType())
          ThroughPointer = true;
        E = A;
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
        if (Op->getNumArgs() == 0 || bare(Op->getArg(0)) != bare(Child))
          return argumentWritable(Op, Child, ThroughPointer);
        if (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
            Op->getOperator() == OO_Arrow) {
          E = Op;
          continue;
        }
        const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
        return !Method || !Method->isConst();
      }
      if (const auto *U = dyn_cast<UnaryOperator>(P)) {
        if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
          return true;
        if (U->getOpcode() == UO_Deref) {
          ThroughPointer = true;
          E = U;
          continue;
        }
        return false;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(P))
        return B->isAssignmentOp() && bare(B->getLHS()) == bare(Child);
      if (const auto *Call = dyn_cast<CallExpr>(P))
        return argumentWritable(Call, Child, ThroughPointer);
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
        const CXXConstructorDecl *Ctor = Construct->getConstructor();
        for (unsigned I = 0; I < Construct->getNumArgs() && Ctor; ++I)
          if (bare(Construct->getArg(I)) == bare(Child) && I < Ctor->getNumParams()) {
            QualType Param = Ctor->getParamDecl(I)->getType();
            if (writesThroughPointer(Construct->getArg(I), Param)) {
              ThroughPointer = true;
              return true;
            }
            return writableParam(Param);
          }
        return false;
      }
      if (const auto *DS = dyn_cast<DeclStmt>(P)) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit() &&
                                                     bare(V->getInit()) == bare(Child))
            return writableParam(V->getType());
        return false;
      }
      if (isa<LambdaExpr>(P))
        return true;  // captured by reference into a lambda the body keeps
      return false;
    }
  }

  static bool writableParam(QualType T) {
    if (T->isReferenceType())
      return !T.getNonReferenceType().isConstQualified();
    return false;
  }

  /// A pointer handed to a parameter that points to non-const: the pointer is copied, but what
  /// it points to is shared with every iteration, and the callee may write it
  /// (`put_varint(dst, v)` appending to `*dst`).
  static bool writesThroughPointer(const Expr *Arg, QualType Param) {
    if (!Arg->getType()->isPointerType() || !Param->isPointerType())
      return false;
    QualType Pointee = Param->getPointeeType();
    return !Pointee.isConstQualified() && !Pointee->isFunctionType();
  }

  bool argumentWritable(const CallExpr *Call, const Expr *Child, bool &ThroughPointer) const {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (bare(Call->getArg(I)) != bare(Child))
        continue;
      if (I < Shift)
        return !cast<CXXMethodDecl>(Callee)->isConst();
      if (I - Shift >= Callee->getNumParams())
        return false;  // variadic: by value
      QualType Param = Callee->getParamDecl(I - Shift)->getType();
      if (writesThroughPointer(Call->getArg(I), Param)) {
        ThroughPointer = true;
        return true;
      }
      return writableParam(Param);
    }
    return false;
  }

  void add(const VarDecl *V, const Expr *At, LoopUse How, bool Written = false,
           ReductionOp Op = ReductionOp::None, const Stmt *Statement = nullptr,
           const Expr *Value = nullptr) {
    LoopAccessFact A;
    A.var = Map.usrOf(V);
    A.name = V->getName().str();
    A.how = How;
    A.written = Written;
    A.op = Op;
    A.span = Map.span(At->getSourceRange());
    if (Statement)
      A.statement = Map.span(Statement->getSourceRange());
    if (Value)
      A.value = Map.span(Value->getSourceRange());
    L.accesses.push_back(std::move(A));
  }

  /// `v.push_back(e)` / `v.emplace_back(e)` as a statement of its own.
  bool pushed(const DeclRefExpr *Ref, const VarDecl *V) {
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
        refersTo(Call->getArg(0), V) || V->getType()->isReferenceType() ||
        V->getType()->isPointerType())
      return false;
    add(V, Ref, LoopUse::Push, true, ReductionOp::None, Call, Call->getArg(0));
    noteAwait(Call->getArg(0));
    return true;
  }

  /// `x += e`, `x *= e`, `x = std::min(x, e)`, `x = std::max(x, e)`, `x = x && e`,
  /// `x = x || e` as a statement of its own, on a scalar.
  bool reduced(const DeclRefExpr *Ref, const VarDecl *V) {
    QualType T = V->getType();
    if (!T->isArithmeticType() || T->isReferenceType())
      return false;
    auto [P, Child] = up(Ref);
    const auto *B = dyn_cast_or_null<BinaryOperator>(P);
    if (!B || bare(B->getLHS()) != bare(Child) || !bodyStatement(B))
      return false;
    const Expr *Value = nullptr;
    ReductionOp Op = ReductionOp::None;
    if (B->getOpcode() == BO_AddAssign || B->getOpcode() == BO_MulAssign) {
      Op = B->getOpcode() == BO_AddAssign ? ReductionOp::Add : ReductionOp::Multiply;
      Value = B->getRHS();
    } else if (B->getOpcode() == BO_Assign) {
      const Expr *R = bare(B->getRHS());
      if (const auto *Call = dyn_cast<CallExpr>(R); Call && Call->getNumArgs() == 2 &&
                                                     Call->getDirectCallee()) {
        std::string Name = canonicalName(Call->getDirectCallee());
        if ((Name == "std::min" || Name == "std::max") && namedVar(Call->getArg(0)) == V) {
          Op = Name == "std::min" ? ReductionOp::Min : ReductionOp::Max;
          Value = Call->getArg(1);
        }
      } else if (const auto *Logic = dyn_cast<BinaryOperator>(R);
                 Logic && (Logic->getOpcode() == BO_LAnd || Logic->getOpcode() == BO_LOr) &&
                 namedVar(Logic->getLHS()) == V) {
        Op = Logic->getOpcode() == BO_LAnd ? ReductionOp::And : ReductionOp::Or;
        Value = Logic->getRHS();
      }
      if (Value && !refersTo(Value, V))
        Consumed.push_back(R);
    }
    if (!Value || refersTo(Value, V))
      return false;
    add(V, Ref, LoopUse::Reduction, true, Op, B, Value);
    noteAwait(Value);
    return true;
  }

  void noteAwait(const Expr *Value) {
    if (const auto *Await = dyn_cast<CoawaitExpr>(bare(Value)))
      L.awaitedType = Await->getOperand()->IgnoreImplicit()->getType().getAsString(
          Ctx.getPrintingPolicy());
  }

  void access(const DeclRefExpr *Ref, bool InLambda) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V)
      return;
    if (V == Induction) {
      bool Pointer;
      if (modified(Ref, Pointer))
        InductionWritten = true;
      return;
    }
    if (local(V))
      return;
    for (const Expr *C : Consumed)
      if (refersTo(C, V) && contains(C, Ref))
        return;  // the `x` of `x = std::min(x, e)`, recorded with the reduction
    if (!InLambda && (pushed(Ref, V) || reduced(Ref, V)))
      return;
    QualType T = V->getType().getNonReferenceType();
    auto [P, Child] = up(Ref);
    (void)Child;
    // v[i]: iteration i's own element.
    const Expr *Element = nullptr;
    if (const auto *A = dyn_cast_or_null<ArraySubscriptExpr>(P);
        A && Induction && bare(A->getBase()) == Ref && namedVar(A->getIdx()) == Induction)
      Element = A;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
        Op && Induction && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        bare(Op->getArg(0)) == Ref && namedVar(Op->getArg(1)) == Induction)
      Element = Op;
    bool Pointer = false;
    if (Element) {
      bool Written = modified(Element, Pointer);
      if (T->isPointerType())
        add(V, Ref, Written ? LoopUse::Alias : LoopUse::Read, Written);
      else if (T->isArrayType() || elementIndexed(T))
        add(V, Ref, LoopUse::Indexed, Written);
      else
        add(V, Ref, Written ? LoopUse::Write : LoopUse::Read, Written);
      return;
    }
    bool Written = modified(Ref, Pointer);
    if (!Written)
      add(V, Ref, LoopUse::Read);
    else if (Pointer && T->isPointerType())
      add(V, Ref, LoopUse::Alias, true);
    else
      add(V, Ref, LoopUse::Write, true);
  }

  static bool contains(const Stmt *Outer, const Stmt *Inner) {
    if (Outer == Inner)
      return true;
    for (const Stmt *Child : Outer->children())
      if (Child && contains(Child, Inner))
        return true;
    return false;
  }

  void member(const MemberExpr *M) {
    // A field of the object the function runs on: shared by every iteration.
    if (!isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
      return;
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!Field)
      return;
    bool Pointer;
    bool Written = modified(M, Pointer);
    LoopAccessFact A;
    A.var = Map.usrOf(Field);
    A.name = Field->getName().str();
    A.how = Written ? LoopUse::Write : LoopUse::Read;
    A.written = Written;
    A.span = Map.span(M->getSourceRange());
    L.accesses.push_back(std::move(A));
  }

  void call(const Expr *E, const FunctionDecl *Callee) {
    LoopCallFact C;
    if (Callee) {
      C.calleeUsr = Map.usrOf(Callee);
      C.callee = canonicalName(Callee);
      // Library functions, and what the compiler writes (a class's implicit operator=).
      C.system = SM.isInSystemHeader(SM.getFileLoc(Callee->getLocation())) ||
                 Callee->isImplicit() || Callee->getBuiltinID() != 0;
    }
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
      member(M);
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
  ParentMap Parents;
  const Stmt *Loop;
  const Stmt *Body = nullptr;
  LoopFact &L;
  SourceLocation Begin, End;
  const VarDecl *Induction = nullptr;
  bool InductionWritten = false;
  llvm::StringSet<> BoundVars;
  llvm::SmallVector<const Expr *, 2> Consumed;
};

class LoopFinder : public RecursiveASTVisitor<LoopFinder> {
public:
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }  // a function of its own
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitForStmt(ForStmt *S) { Loops.push_back(S); return true; }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) { Loops.push_back(S); return true; }
  std::vector<const Stmt *> Loops;
};

}  // namespace

void LoopScanner::scan(const FunctionDecl *FD, FunctionFact &F) {
  // A template's loop is one text for every instantiation, which may differ in what they
  // allow: templates are left out.
  if (FD->isDependentContext() || !FD->getBody() || FD->getTemplateInstantiationPattern())
    return;
  LoopFinder Finder;
  Finder.TraverseStmt(FD->getBody());
  for (const Stmt *Loop : Finder.Loops) {
    if (Loop->getBeginLoc().isMacroID() || Loop->getEndLoc().isMacroID())
      continue;  // no textual rewrite of a macro's loop
    Span S = Map.span(Loop->getSourceRange());
    if (!S.valid())
      continue;
    for (LoopFact &L : F.loops)
      if (L.begin == S.offset && L.end == S.offset + S.length) {
        LoopDescriber(Ctx, Map, Loop, L).describe();
        break;
      }
  }
}

}  // namespace concurlint
