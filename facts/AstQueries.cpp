#include "facts/AstQueries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

namespace concurlint {

using namespace clang;

std::string canonicalName(const NamedDecl *D) {
  llvm::SmallVector<std::string, 6> Parts;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D); RD && RD->isLambda())
    Parts.push_back("(lambda)");
  else if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    Parts.push_back(Ctor->getParent()->getName().str());  // not "lock_guard<std::mutex>"
  else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    Parts.push_back("~" + Dtor->getParent()->getName().str());
  else
    Parts.push_back(D->getDeclName().getAsString());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      const auto *CRD = dyn_cast<CXXRecordDecl>(RD);
      if (CRD && CRD->isLambda())
        Parts.push_back("(lambda)");
      else if (RD->getIdentifier())
        Parts.push_back(RD->getName().str());
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      Parts.push_back(FD->getDeclName().getAsString());
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Name.empty())
      Name += "::";
    Name += *It;
  }
  return Name;
}

std::string canonicalTypeName(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return canonicalName(RD);
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
      return canonicalName(TD);
  return {};
}

bool definedInWholeParse(const clang::FunctionDecl *FD) {
  if (FD->hasBody() || FD->instantiationIsPending())
    return true;
  for (const clang::FunctionDecl *R : FD->redecls())
    if (R->hasSkippedBody())
      return true;
  return false;
}

CharSourceRange fileCharRange(SourceRange R, const SourceManager &SM, const LangOptions &LO) {
  CharSourceRange Range = Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
  SourceLocation Begin = R.getBegin(), End = R.getEnd();
  if (Range.isValid() || !Begin.isMacroID() || !End.isMacroID() ||
      !SM.isLoadedSourceLocation(End))
    return Range;
  // The whole of one expansion (not of a macro's argument), its end measured as a whole parse
  // measures it: its last token ends one before the next expansion begins.
  FileID Expansion = SM.getFileID(End);
  auto [BeginFile, BeginOffset] = SM.getDecomposedLoc(Begin);
  unsigned EndOffset = SM.getDecomposedLoc(End).second;
  const SrcMgr::ExpansionInfo &Info = SM.getSLocEntry(Expansion).getExpansion();
  if (BeginFile != Expansion || BeginOffset != 0 || Info.isMacroArgExpansion() ||
      EndOffset + Lexer::MeasureTokenLength(SM.getSpellingLoc(End), SM, LO) + 1 !=
          SM.getFileIDSize(Expansion))
    return Range;
  return Lexer::makeFileCharRange(
      CharSourceRange(SourceRange(Info.getExpansionLocStart(), Info.getExpansionLocEnd()),
                      Info.isExpansionTokenRange()),
      SM, LO);
}

std::vector<Decl *> topLevelDeclsInScope(const ASTContext &Ctx) {
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  if (Scope.size() == 1 && isa<TranslationUnitDecl>(Scope.front())) {
    Scope.clear();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      Scope.push_back(D);
  }
  return Scope;
}

bool isLibraryDecl(const Decl *D, const SourceManager &SM) {
  if (D->isImplicit())
    return true;
  if (const auto *FD = dyn_cast<FunctionDecl>(D); FD && FD->getBuiltinID() != 0)
    return true;
  return SM.isInSystemHeader(SM.getFileLoc(D->getLocation()));
}

bool virtualDispatch(const CallExpr *Call) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts());
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || !Method->isVirtual() || Method->hasAttr<FinalAttr>() ||
      Method->getParent()->hasAttr<FinalAttr>())
    return false;
  if (isa<CXXOperatorCallExpr>(Call))
    return true;
  return Member && !Member->hasQualifier();
}

bool refersTo(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *D = dyn_cast<DeclRefExpr>(S); D && D->getDecl() == V)
    return true;
  for (const Stmt *Child : S->children())
    if (refersTo(Child, V))
      return true;
  return false;
}

std::string typeWithElement(QualType T) {
  std::string Name = canonicalTypeName(T);
  T = T.getNonReferenceType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
      std::string Element = canonicalTypeName(Spec->getTemplateArgs()[0].getAsType());
      if (!Element.empty())
        return Name + "<" + Element + ">";
    }
  return Name;
}

std::string elementType(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return canonicalTypeName(Spec->getTemplateArgs()[0].getAsType());
  return {};
}

bool isSyncType(QualType T) {
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())  // pthread_mutex_t locks[16]
    T = AT->getElementType();
  if (isAtomicType(T))
    return true;
  static const llvm::StringSet<> Named = {
      "pthread_mutex_t", "pthread_cond_t", "pthread_rwlock_t", "pthread_spinlock_t",
      "pthread_once_t", "pthread_barrier_t", "mtx_t", "cnd_t", "once_flag", "sem_t"};
  // Through typedefs: libuv's uv_mutex_t is a pthread_mutex_t.
  for (QualType U = T;;) {
    if (Named.contains(U.getUnqualifiedType().getAsString()))
      return true;
    const auto *TT = U->getAs<TypedefType>();
    if (!TT)
      break;
    U = TT->desugar();
  }
  std::string Name = canonicalTypeName(T);
  if (Name == "std::condition_variable" || Name == "std::condition_variable_any" ||
      Name == "std::once_flag" || Name == "std::latch" || Name == "std::barrier" ||
      Name == "std::counting_semaphore")
    return true;
  return classIsLockable(T->getAsCXXRecordDecl());
}

bool classIsLockable(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  bool Lock = false, Unlock = false;
  auto Scan = [&](const CXXRecordDecl *R) {
    for (const CXXMethodDecl *M : R->methods()) {
      if (!M->getIdentifier())
        continue;
      llvm::StringRef N = M->getName();
      Lock |= N == "lock" || N == "Lock";
      Unlock |= N == "unlock" || N == "Unlock";
    }
    return true;
  };
  Scan(RD);
  RD->forallBases(Scan);
  return Lock && Unlock;
}

std::string constantArgument(const Expr *Arg, ASTContext &Ctx) {
  if (!Arg || Arg->isValueDependent() || Arg->isTypeDependent())
    return {};
  if (Arg->getType()->isPointerType() &&
      Arg->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return "0";
  Expr::EvalResult R;
  if (!Arg->getType()->isIntegralOrEnumerationType() || !Arg->EvaluateAsInt(R, Ctx))
    return {};
  return llvm::toString(R.Val.getInt(), 10);
}

std::optional<bool> constantTruth(const Expr *Cond, const ASTContext &Ctx) {
  bool Value = false;
  if (!Cond || Cond->isValueDependent() || !Cond->EvaluateAsBooleanCondition(Value, Ctx))
    return std::nullopt;
  return Value;
}

int memoryOrderOf(const Expr *Order, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!Order || isa<CXXDefaultArgExpr>(Order) || Order->isValueDependent() ||
      !Order->EvaluateAsInt(R, Ctx))
    return 5;
  return static_cast<int>(R.Val.getInt().getExtValue());
}

bool isAtomicType(QualType T) {
  T = T.getCanonicalType();
  if (T->isAtomicType())
    return true;
  std::string Name = canonicalTypeName(T);
  return Name == "std::atomic" || Name == "std::atomic_flag" || Name == "std::__atomic_base" ||
         Name == "std::__atomic_flag_base";
}

bool isElementAccessor(llvm::StringRef Member) {
  static const llvm::StringSet<> Accessors = {
      "at", "front", "back", "data", "begin", "end", "rbegin", "rend", "cbegin", "cend",
      "find", "lower_bound", "upper_bound", "equal_range", "operator[]"};
  return Accessors.contains(Member);
}

bool readsObjectOnly(llvm::StringRef Member) {
  static const llvm::StringSet<> Readers = {"size", "empty", "capacity", "max_size",
                                            "length", "bucket_count", "load_factor"};
  return Readers.contains(Member);
}

const Expr *stdContainerOfElement(const Expr *E, const Expr **Index) {
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
  if (!OC || OC->getOperator() != OO_Subscript || OC->getNumArgs() != 2 ||
      !isStdContainer(canonicalTypeName(OC->getArg(0)->getType())))
    return nullptr;
  if (Index)
    *Index = OC->getArg(1);
  return OC->getArg(0);
}

QualType pointeeOf(QualType T) {
  if (T.isNull())
    return {};
  if (T->isPointerType())
    return T->getPointeeType();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      (Spec->getName() != "shared_ptr" && Spec->getName() != "unique_ptr") ||
      Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  QualType Pointee = Spec->getTemplateArgs()[0].getAsType();
  return Pointee->isArrayType() ? QualType() : Pointee;
}

bool isStdContainer(llvm::StringRef Name) {
  static const llvm::StringSet<> Containers = {
      "std::vector", "std::deque", "std::array", "std::list", "std::forward_list",
      "std::basic_string", "std::map", "std::multimap", "std::set", "std::multiset",
      "std::unordered_map", "std::unordered_multimap", "std::unordered_set",
      "std::unordered_multiset", "std::span"};
  return Containers.contains(Name);
}

bool isAssociative(llvm::StringRef Name) {
  return Name.contains("map") || Name.contains("set");
}

const Expr *movedFrom(const Expr *E) {
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!CE || CE->getNumArgs() != 1)
    return nullptr;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier() || (FD->getName() != "move" && FD->getName() != "forward") ||
      !FD->isInStdNamespace())
    return nullptr;
  return CE->getArg(0);
}

const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else
      return E;
  }
}

clang::SourceRange writtenTypeRange(clang::TypeLoc TL, const clang::SourceManager &SM,
                                    const clang::LangOptions &LO) {
  clang::SourceRange R = TL.getSourceRange();
  auto Builtin = TL.getUnqualifiedLoc().getAs<clang::BuiltinTypeLoc>();
  if (!Builtin || !Builtin.needsExtraLocalData())
    return R;  // one keyword at most (`int`, `bool`), or not a builtin type
  clang::SourceLocation Begin = Builtin.getBuiltinLoc(), End = R.getEnd();
  if (Begin.isInvalid() || Begin.isMacroID() || End.isInvalid() || End.isMacroID() ||
      SM.getFileID(Begin) != SM.getFileID(End))
    return R;
  // The keywords of a builtin type, and the other declaration specifiers that may sit between
  // them (`unsigned const int`, `long static long`): the type ends at its last keyword.
  static const llvm::StringSet<> TypeWords = {
      "unsigned", "signed", "__signed", "__signed__", "short", "long", "int", "char", "float",
      "double", "__int128", "_Complex", "__complex__", "_Float16", "__float128", "__bf16",
      "__ibm128"};
  static const llvm::StringSet<> OtherWords = {
      "const", "volatile", "static", "extern", "inline", "__inline", "__inline__",
      "thread_local", "_Thread_local", "__thread", "register", "constexpr", "constinit",
      "mutable", "typedef", "__extension__", "friend"};
  clang::SourceLocation At = Begin, Last = Begin;
  for (int Words = 0; Words < 16; ++Words) {
    clang::Token T;
    if (clang::Lexer::getRawToken(At, T, SM, LO, /*IgnoreWhiteSpace=*/true) ||
        !T.is(clang::tok::raw_identifier))
      break;
    llvm::StringRef Word = T.getRawIdentifier();
    if (TypeWords.contains(Word))
      Last = T.getLocation();
    else if (!OtherWords.contains(Word))
      break;
    At = T.getEndLoc();
  }
  if (SM.getFileID(Last) == SM.getFileID(End) &&
      SM.getFileOffset(Last) > SM.getFileOffset(End))
    R.setEnd(Last);
  return R;
}

}  // namespace concurlint
