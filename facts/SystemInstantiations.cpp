#include "facts/SystemInstantiations.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Sema/Sema.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace concurlint {
namespace {

using namespace clang;

/// Whether an instantiation can make the program's templates be instantiated: whether its
/// template arguments name a program class that is itself an instantiation (or a generic lambda,
/// or has a member template), by value, through pointers (`delete p` runs its destructor) or
/// through its fields and bases (their implicit constructors and destructors), or a program
/// template. A plain program class (`std::vector<Output>`, `std::deque<Writer *>`) reaches
/// only functions that the TU defines anyway, and the facts of system code are left out.
class ProgramTemplates {
public:
  explicit ProgramTemplates(const SourceManager &SM) : SM(SM) {}

  bool reachedFrom(const FunctionDecl *FD) {
    for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
      const auto *D = dyn_cast<Decl>(DC);
      if (!D || isa<TranslationUnitDecl>(D))
        break;
      if (isa<NamespaceDecl>(D) || isa<LinkageSpecDecl>(D))
        continue;
      if (ofProgram(D))
        return true;  // a program class or function nested in the system code
      if (const auto *F = dyn_cast<FunctionDecl>(D)) {
        if (const TemplateArgumentList *Args = F->getTemplateSpecializationArgs())
          if (reachedFrom(Args->asArray()))
            return true;
      } else if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(D)) {
        if (reachedFrom(S->getTemplateArgs().asArray()))
          return true;
      }
    }
    return false;
  }

private:
  bool ofProgram(const Decl *D) {
    SourceLocation Loc = D->getLocation();
    if (Loc.isInvalid())
      return false;  // the compiler's own implicit declarations
    return !SM.isInSystemHeader(SM.getFileLoc(Loc));
  }

  bool reachedFrom(llvm::ArrayRef<TemplateArgument> Args) {
    for (const TemplateArgument &A : Args)
      if (reachedFrom(A))
        return true;
    return false;
  }

  bool reachedFrom(const TemplateArgument &A) {
    switch (A.getKind()) {
    case TemplateArgument::Type:
      return reachedFrom(A.getAsType());
    case TemplateArgument::Declaration: {
      const ValueDecl *D = A.getAsDecl();
      if (const auto *F = dyn_cast<FunctionDecl>(D); F && ofProgram(F) && F->isTemplateInstantiation())
        return true;
      return reachedFrom(D->getType());
    }
    case TemplateArgument::Template:
    case TemplateArgument::TemplateExpansion:
      if (const TemplateDecl *T = A.getAsTemplateOrTemplatePattern().getAsTemplateDecl())
        return ofProgram(T);
      return true;
    case TemplateArgument::Pack:
      return reachedFrom(A.pack_elements());
    case TemplateArgument::Null:
    case TemplateArgument::Integral:
    case TemplateArgument::NullPtr:
      return false;
    case TemplateArgument::StructuralValue:
      return reachedFrom(A.getStructuralValueType());
    case TemplateArgument::Expression:
      return true;  // not expected once instantiated: kept, to be safe
    }
    return true;
  }

  bool reachedFrom(QualType T) {
    if (T.isNull())
      return false;
    const Type *Ty = T.getCanonicalType().getTypePtr();
    if (const auto *P = dyn_cast<PointerType>(Ty))
      return reachedFrom(P->getPointeeType());
    if (const auto *R = dyn_cast<ReferenceType>(Ty))
      return reachedFrom(R->getPointeeType());
    if (const auto *M = dyn_cast<MemberPointerType>(Ty))
      return reachedFrom(M->getPointeeType()) || reachedFrom(QualType(M->getClass(), 0));
    if (const auto *A = dyn_cast<ArrayType>(Ty))
      return reachedFrom(A->getElementType());
    if (const auto *V = dyn_cast<VectorType>(Ty))
      return reachedFrom(V->getElementType());
    if (const auto *C = dyn_cast<ComplexType>(Ty))
      return reachedFrom(C->getElementType());
    if (const auto *A = dyn_cast<AtomicType>(Ty))
      return reachedFrom(A->getValueType());
    if (const auto *F = dyn_cast<FunctionProtoType>(Ty)) {
      if (reachedFrom(F->getReturnType()))
        return true;
      for (QualType P : F->getParamTypes())
        if (reachedFrom(P))
          return true;
      return false;
    }
    if (const auto *F = dyn_cast<FunctionType>(Ty))
      return reachedFrom(F->getReturnType());
    if (isa<BuiltinType>(Ty) || isa<EnumType>(Ty))
      return false;
    if (const auto *R = dyn_cast<RecordType>(Ty))
      return reachedFrom(R->getDecl());
    return true;  // anything else (dependent, unusual): kept, to be safe
  }

  bool reachedFrom(const RecordDecl *RD) {
    if (!RD->getDefinition())
      return ofProgram(RD);  // a program class not yet defined: what it will hold is unknown
    RD = RD->getDefinition();
    if (auto It = Records.find(RD); It != Records.end())
      return It->second;
    Records[RD] = false;  // a class that contains itself (through pointers) is decided once
    bool Reached = recordReached(RD);
    Records[RD] = Reached;
    return Reached;
  }

  bool recordReached(const RecordDecl *RD) {
    const auto *CXX = dyn_cast<CXXRecordDecl>(RD);
    if (ofProgram(RD) && CXX) {
      if (CXX->getTemplateInstantiationPattern() || CXX->isTemplated())
        return true;
      for (const Decl *Member : CXX->decls())
        if (isa<FunctionTemplateDecl>(Member))
          return true;  // a member template (a generic lambda's call operator)
    }
    // A system class over program classes (std::pair<int, Job<int>>), or one nested in them.
    if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (reachedFrom(S->getTemplateArgs().asArray()))
        return true;
    for (const DeclContext *DC = RD->getParent(); DC; DC = DC->getParent())
      if (const auto *Outer = dyn_cast<RecordDecl>(DC)) {
        if (reachedFrom(Outer))
          return true;
      } else if (const auto *F = dyn_cast<FunctionDecl>(DC)) {
        if (ofProgram(F) && (F->isTemplateInstantiation() || F->isTemplated()))
          return true;
        if (const TemplateArgumentList *Args = F->getTemplateSpecializationArgs())
          if (reachedFrom(Args->asArray()))
            return true;
      }
    if (!ofProgram(RD))
      return false;
    // A plain program class: its implicit members construct and destroy its bases and fields.
    if (CXX && CXX->hasDefinition())
      for (const CXXBaseSpecifier &B : CXX->bases())
        if (reachedFrom(B.getType()))
          return true;
    for (const FieldDecl *F : RD->fields())
      if (!F->getType()->isPointerType() && reachedFrom(F->getType()))
        return true;
    return false;
  }

  const SourceManager &SM;
  llvm::DenseMap<const RecordDecl *, bool> Records;
};

}  // namespace

void dropSystemOnlyInstantiations(Sema &S, DeclGroupRef Parsed) {
  if (S.PendingInstantiations.empty() || Parsed.isNull() || !S.CodeSynthesisContexts.empty())
    return;
  const Decl *First = *Parsed.begin();
  if (First->isFromASTFile() || !First->getLexicalDeclContext()->isFileContext())
    return;
  if (const auto *FD = dyn_cast<FunctionDecl>(First); FD && FD->isTemplateInstantiation())
    return;
  if (const auto *VD = dyn_cast<VarDecl>(First);
      VD && isTemplateInstantiation(VD->getTemplateSpecializationKind()))
    return;
  const SourceManager &SM = S.getSourceManager();
  ProgramTemplates Program(SM);
  std::deque<Sema::PendingImplicitInstantiation> Kept;
  llvm::SmallPtrSet<const Decl *, 16> Dropped;
  for (const Sema::PendingImplicitInstantiation &P : S.PendingInstantiations) {
    const auto *FD = dyn_cast<FunctionDecl>(P.first);
    const FunctionDecl *Pattern = FD ? FD->getTemplateInstantiationPattern() : nullptr;
    SourceLocation Loc = Pattern ? Pattern->getLocation() : SourceLocation();
    if (FD && Loc.isValid() && SM.isInSystemHeader(SM.getFileLoc(Loc)) &&
        !Program.reachedFrom(FD)) {
      // Never defined now: not an error of the program's ("used but not defined", which a
      // function of a lambda's type would get), as the check at the end of the TU would say.
      Dropped.insert(FD->getCanonicalDecl());
      continue;
    }
    Kept.push_back(P);
  }
  S.PendingInstantiations.swap(Kept);
  if (!Dropped.empty())
    S.UndefinedButUsed.remove_if(
        [&](const std::pair<NamedDecl *, SourceLocation> &U) { return Dropped.count(U.first); });
}

}  // namespace concurlint
