#include "facts/FactsExtractor.h"
#include "facts/AwaitFacts.h"
#include "facts/LoopFacts.h"
#include "facts/SystemInstantiations.h"
#include "facts/WriteEffects.h"
#include "facts/PathFacts.h"
#include "facts/ThreadFacts.h"
#include "facts/AstQueries.h"
#include "facts/BodyVisitor.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExternalASTSource.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Sema/SemaConsumer.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

namespace {

/// The class of the object as written: `fut.wait()` is called on a std::future even though
/// `wait` is declared in libstdc++'s base class (the implicit derived-to-base cast is skipped).
std::string objectClass(const Expr *Object) {
  return canonicalTypeName(Object->IgnoreParenImpCasts()->getType());
}

/// A file's path as the facts write it: its real path (links resolved), else its name made
/// absolute against the compile command's directory (the file manager's), without dots.
std::string factsPathOf(FileEntryRef File, FileManager &Files) {
  if (StringRef Real = File.getFileEntry().tryGetRealPathName(); !Real.empty())
    return Real.str();
  llvm::SmallString<256> Abs(File.getName());
  Files.makeAbsolutePath(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return Abs.str().str();
}

/// Prints the file of an unnamed class (`(lambda at FILE:3:9)`, part of type names in the
/// facts) as the facts name files: absolute, without dots, symbolic links resolved. As the
/// compiler writes it, it depends on how the file was reached (`../runtime/x.h` in a whole
/// parse, `/src/examples/../runtime/x.h` through a precompiled preamble).
class FactsPathPrinter : public PrintingCallbacks {
public:
  explicit FactsPathPrinter(FileManager &Files) : Files(Files) {}
  std::string remapPath(StringRef Path) const override {
    if (OptionalFileEntryRef FE = Files.getOptionalFileRef(Path))
      return factsPathOf(*FE, Files);
    llvm::SmallString<256> Abs(Path);
    Files.makeAbsolutePath(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return Abs.str().str();
  }

  /// `Text` with the file of each unnamed class it names (`(lambda at FILE:3:9)`) printed by
  /// remapPath: what clang's USRs of declarations inside a lambda or over its type hold.
  std::string remapTagLocations(std::string Text) const {
    size_t At = 0;
    while ((At = Text.find(" at ", At)) != std::string::npos) {
      size_t Open = Text.rfind('(', At), Close = Text.find(')', At);
      if (Open == std::string::npos || Close == std::string::npos ||
          Text.find(')', Open) < At) {
        At += 4;
        continue;
      }
      llvm::StringRef Where = llvm::StringRef(Text).slice(At + 4, Close);  // FILE:LINE:COLUMN
      size_t Column = Where.rfind(':');
      size_t Line = Column == llvm::StringRef::npos ? Column : Where.rfind(':', Column);
      if (Line == llvm::StringRef::npos || Line == 0) {
        At += 4;
        continue;
      }
      std::string Path = remapPath(Where.take_front(Line));
      Text.replace(At + 4, Line, Path);
      At += 4 + Path.size();
    }
    return Text;
  }

private:
  FileManager &Files;
};

class FactsBuilder : public SourceMapper {
public:
  FactsBuilder(ASTContext &Ctx, TUFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), FilePaths(SM.getFileManager()), LO(Ctx.getLangOpts()), Out(Out),
        Locks(*this), Values(Ctx, *this, Out.flows), Threads(Ctx, *this, Locks, Out.globals, Values), Paths(Ctx, *this, Locks), Awaits(Ctx, *this), Loops(Ctx, *this), Effects(Ctx, *this) {}

  std::string filePath(FileID FID) {
    auto It = PathCache.find(FID);
    if (It != PathCache.end())
      return It->second;
    std::string Path;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID))
      Path = factsPathOf(*FE, SM.getFileManager());
    PathCache[FID] = Path;
    return Path;
  }

  /// The span of a source range, mapped out of macros to where the user wrote it.
  Span span(SourceRange R) override {
    Span S;
    CharSourceRange Range = fileCharRange(R, SM, LO);
    SourceLocation B, E;
    if (Range.isValid()) {
      B = Range.getBegin();
      E = Range.getEnd();
    } else {
      B = SM.getFileLoc(R.getBegin());
      E = Lexer::getLocForEndOfToken(B, 0, SM, LO);
      if (E.isInvalid())
        E = B;
    }
    auto [FID, BeginOffset] = SM.getDecomposedLoc(B);
    auto [EndFID, EndOffset] = SM.getDecomposedLoc(E);
    S.file = filePath(FID);
    S.line = SM.getLineNumber(FID, BeginOffset);
    S.column = SM.getColumnNumber(FID, BeginOffset);
    if (EndFID != FID || EndOffset < BeginOffset)
      EndOffset = BeginOffset;
    S.endLine = SM.getLineNumber(FID, EndOffset);
    S.endColumn = SM.getColumnNumber(FID, EndOffset);
    S.offset = BeginOffset;
    S.length = EndOffset - BeginOffset;
    return S;
  }

  std::string sourceText(SourceRange R) override {
    CharSourceRange Range = fileCharRange(R, SM, LO);
    if (Range.isInvalid())
      return {};
    return Lexer::getSourceText(Range, SM, LO).str();
  }

  std::string usrOf(const Decl *D) override {
    auto [It, New] = UsrCache.try_emplace(D);
    if (New) {
      llvm::SmallString<128> Buf;
      if (!index::generateUSRForDecl(D, Buf))
        It->second = Buf.str().contains(" at ") ? FilePaths.remapTagLocations(Buf.str().str())
                                                : Buf.str().str();
    }
    return It->second;
  }

  void addFunction(const FunctionDecl *FD, const LambdaExpr *Lambda);
  void addFiles();
  void addGuardClasses() { Out.guardClasses = Paths.guardClasses(); }

  ASTContext &Ctx;
  SourceManager &SM;
  FactsPathPrinter FilePaths;
  const LangOptions &LO;
  TUFacts &Out;
  llvm::DenseMap<FileID, std::string> PathCache;
  llvm::DenseMap<const Decl *, std::string> UsrCache;
  llvm::DenseSet<const FunctionDecl *> Seen;
  LockApi Locks;
  FunctionValues Values;
  ThreadScanner Threads;
  PathScanner Paths;
  AwaitScanner Awaits;
  LoopScanner Loops;
  ParamEffectScanner Effects;
};

/// Walks one function body and records the calls that run as part of it. Lambda bodies and
/// local classes are left out: they are functions of their own.
class BodyWalker : public BodyVisitor<BodyWalker> {
public:
  BodyWalker(FactsBuilder &B, FunctionFact &F) : B(B), F(F) {}

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool Continue = RecursiveASTVisitor::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return Continue;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseClassTemplateSpecializationDecl(ClassTemplateSpecializationDecl *) { return true; }

  // The arms of ifs and conditional expressions (CallFact::branches).
  bool TraverseIfStmt(IfStmt *S) {
    if (!S)
      return true;
    if (!WalkUpFromIfStmt(S))
      return false;
    for (Stmt *Always : {S->getInit(), static_cast<Stmt *>(S->getConditionVariableDeclStmt()),
                         static_cast<Stmt *>(S->getCond())})
      if (Always && !TraverseStmt(Always))
        return false;
    return arms(S->getThen(), S->getElse());
  }
  bool TraverseConditionalOperator(ConditionalOperator *E) {
    if (!E)
      return true;
    if (!WalkUpFromConditionalOperator(E) || !TraverseStmt(E->getCond()))
      return false;
    return arms(E->getTrueExpr(), E->getFalseExpr());
  }

  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *Child : CS->body())
      markStatement(Child);
    if (RecordAwaits)
      B.Awaits.scanBlock(CS, F);
    return true;
  }
  // Single statements that are not blocks: `if (x) f();`, `for (...) f();`.
  bool VisitIfStmt(IfStmt *S) { markStatement(S->getThen()); markStatement(S->getElse()); return true; }
  bool VisitForStmt(ForStmt *S) { markStatement(S->getBody()); return true; }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) { markStatement(S->getBody()); return true; }
  bool VisitWhileStmt(WhileStmt *S) { markStatement(S->getBody()); return true; }
  bool VisitDoStmt(DoStmt *S) { markStatement(S->getBody()); return true; }

  bool VisitCoroutineBodyStmt(CoroutineBodyStmt *) { SawCoroutineKeyword = true; return true; }
  bool VisitCoreturnStmt(CoreturnStmt *) { SawCoroutineKeyword = true; return true; }
  bool VisitCoawaitExpr(CoawaitExpr *) { SawCoroutineKeyword = true; return true; }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) { SawCoroutineKeyword = true; return true; }
  bool VisitCoyieldExpr(CoyieldExpr *) { SawCoroutineKeyword = true; return true; }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee) {
      // Through a pointer; in a template's pattern, a call not resolved yet.
      if (CE->isTypeDependent() || CE->isValueDependent() ||
          isa<CXXPseudoDestructorExpr>(CE->getCallee()->IgnoreParenImpCasts()))
        return true;
      F.indirectCalls = true;
      CallFact C;
      C.via = B.Values.place(CE->getCallee());
      C.calleeType = FunctionValues::typeName(CE->getCallee()->IgnoreParenImpCasts()->getType());
      for (const Expr *Arg : CE->arguments())
        C.args.push_back(B.sourceText(Arg->getSourceRange()));
      record(CE, std::move(C));
      return true;
    }
    CallFact C;
    C.calleeUsr = B.usrOf(Callee);
    C.callee = canonicalName(Callee);
    C.virtualCall = virtualDispatch(CE);
    unsigned FirstArg = 0;
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
      C.isMember = true;
      if (const Expr *Obj = MCE->getImplicitObjectArgument())
        C.objectType = objectClass(Obj);
    } else if (isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee) &&
               !cast<CXXMethodDecl>(Callee)->isStatic() && CE->getNumArgs() > 0) {
      C.isMember = true;
      C.objectType = objectClass(CE->getArg(0));
      FirstArg = 1;
      // `task()` on a std::function or a container's element: whatever it holds runs.
      if (cast<CXXOperatorCallExpr>(CE)->getOperator() == OO_Call &&
          isLibraryDecl(Callee, B.SM) && FunctionValues::callable(CE->getArg(0)->getType()))
        C.via = B.Values.place(CE->getArg(0));
    } else if (CE->getNumArgs() > 0) {
      C.objectType = objectClass(CE->getArg(0));
    }
    for (unsigned I = FirstArg; I < CE->getNumArgs(); ++I) {
      const Expr *Arg = CE->getArg(I);
      if (isa<CXXDefaultArgExpr>(Arg))
        break;
      C.args.push_back(B.sourceText(Arg->getSourceRange()));
    }
    record(CE, std::move(C));
    // `pthread_once(&once, init)`, `std::call_once(flag, init, args...)`: init runs here, on
    // this thread, unless another thread ran it already.
    CallFact Run;
    for (unsigned I = 2; I < CE->getNumArgs(); ++I)
      Run.args.push_back(B.sourceText(CE->getArg(I)->getSourceRange()));
    record(CE, std::move(Run), /*OnceRun=*/true);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (!Ctor || Ctor->isTrivial() || CE->getSourceRange().isInvalid())
      return true;
    CallFact C;
    C.calleeUsr = B.usrOf(Ctor);
    C.callee = canonicalName(Ctor);
    C.objectType = canonicalName(Ctor->getParent());
    C.isConstruction = true;
    for (const Expr *Arg : CE->arguments()) {
      if (isa<CXXDefaultArgExpr>(Arg))
        break;
      C.args.push_back(B.sourceText(Arg->getSourceRange()));
    }
    record(CE, std::move(C));
    return true;
  }

  bool SawCoroutineKeyword = false;
  /// Await facts are taken from complete functions only: a template's pattern is left to its
  /// instantiations, where every call is resolved.
  bool RecordAwaits = true;

private:
  void markStatement(Stmt *S) {
    if (auto *E = dyn_cast_or_null<Expr>(S))
      Statements.insert(E->IgnoreImplicit()->IgnoreParens());
  }

  /// `OnceRun`: `E` is a call of pthread_once or std::call_once, and `C` the run of its
  /// routine (ThreadScanner::describeOnceRun), recorded only when there is one.
  void record(Expr *E, CallFact C, bool OnceRun = false) {
    SourceRange R = E->getSourceRange();
    if (R.isInvalid())
      return;
    if (const Decl *Callee = isa<CallExpr>(E) ? cast<CallExpr>(E)->getCalleeDecl()
                                              : cast<CXXConstructExpr>(E)->getConstructor();
        Callee && !OnceRun)
      C.system = isLibraryDecl(Callee, B.SM);
    C.inMacro = R.getBegin().isMacroID() || R.getEnd().isMacroID();
    C.resultDiscarded = Statements.contains(E);
    C.inHandler = HandlerDepth > 0;
    C.branches = Branches;
    C.span = B.span(R);
    if (!C.span.valid())
      return;
    if (!OnceRun)
      B.Threads.describeCall(E, C);
    else if (!B.Threads.describeOnceRun(cast<CallExpr>(E), C))
      return;
    F.calls.push_back(std::move(C));
  }

  bool arms(Stmt *Then, Stmt *Else) {
    std::string Id = std::to_string(++BranchCount);
    Branches.push_back(Id + "t");
    bool Continue = TraverseStmt(Then);
    Branches.back() = Id + "e";
    Continue = Continue && (!Else || TraverseStmt(Else));
    Branches.pop_back();
    return Continue;
  }

  FactsBuilder &B;
  FunctionFact &F;
  llvm::DenseSet<const Expr *> Statements;
  unsigned HandlerDepth = 0;
  unsigned BranchCount = 0;
  std::vector<std::string> Branches;  // the arms the walk is in
};

void FactsBuilder::addFunction(const FunctionDecl *FD, const LambdaExpr *Lambda) {
  if (!FD || !FD->doesThisDeclarationHaveABody() || !FD->getBody())
    return;
  if (!Seen.insert(FD).second)
    return;
  SourceLocation Loc = SM.getFileLoc(FD->getLocation());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return;

  FunctionFact F;
  F.usr = usrOf(FD);
  if (F.usr.empty())
    return;
  if (Lambda) {
    SourceLocation L = SM.getFileLoc(Lambda->getBeginLoc());
    F.name = "lambda at " + llvm::sys::path::filename(filePath(SM.getFileID(L))).str() + ":" +
             std::to_string(SM.getSpellingLineNumber(L)) + ":" +
             std::to_string(SM.getSpellingColumnNumber(L));
    F.span = span(Lambda->getIntroducerRange());
  } else {
    F.name = canonicalName(FD);
    F.span = span(FD->getNameInfo().getSourceRange());
  }

  F.c = !LO.CPlusPlus;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD); Lambda || (Method && Method->getParent()->isLambda()))
    F.kind = FunctionKind::Lambda;
  else if (isa<CXXConstructorDecl>(FD))
    F.kind = FunctionKind::Constructor;
  else if (isa<CXXDestructorDecl>(FD))
    F.kind = FunctionKind::Destructor;
  else if (const auto *Method = dyn_cast<CXXMethodDecl>(FD); Method && Method->isInstance())
    F.kind = FunctionKind::Method;
  Stmt *Body = FD->getBody();
  Threads.scan(FD, F);
  Paths.scan(FD, F);
  Loops.scan(FD, F);
  Effects.scan(FD, F);
  Values.scanFunction(FD);
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD); Method && Method->isVirtual())
    for (const CXXMethodDecl *Base : Method->overridden_methods())
      if (std::string Usr = usrOf(Base); !Usr.empty())
        F.overrides.push_back(std::move(Usr));
  BodyWalker Walker(*this, F);
  Walker.RecordAwaits = !FD->isDependentContext();
  // A constructor's member initialisers run first (`thread_(&Loader::load, this)` starts the
  // thread there).
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        Walker.TraverseStmt(Init->getInit());
  Walker.TraverseStmt(Body);
  F.isCoroutine = Walker.SawCoroutineKeyword;
  // Scope exits matter only for thread handles: locals that a call starts or waits on.
  llvm::StringSet<> Handles;
  for (const CallFact &C : F.calls) {
    Handles.insert(C.resultId);
    Handles.insert(C.objectId);
  }
  llvm::erase_if(F.scopeExits,
                 [&](const ScopeExitFact &S) { return !Handles.contains(S.id); });
  if (F.isCoroutine)
    F.coroutineType = canonicalTypeName(FD->getReturnType());
  Out.functions.push_back(std::move(F));
}

/// Records every non-system file the TU read, with a hash of the content clang parsed.
void FactsBuilder::addFiles() {
  auto Add = [&](const SrcMgr::SLocEntry &E, FileID FID) {
    if (!E.isFile())
      return;
    const SrcMgr::FileInfo &FI = E.getFile();
    if (SrcMgr::isSystem(FI.getFileCharacteristic()))
      return;
    if (!FI.getContentCache().OrigEntry || FID.isInvalid())
      return;
    std::string Path = filePath(FID);
    if (Path.empty() ||
        std::any_of(Out.files.begin(), Out.files.end(),
                    [&](const FileFact &F) { return F.path == Path; }))
      return;
    std::optional<llvm::MemoryBufferRef> Buffer = SM.getBufferOrNone(FID);
    if (!Buffer)
      return;
    Out.files.push_back({Path, contentHash(Buffer->getBuffer())});
  };
  // The files read through a precompiled preamble (concur-lsp) are loaded entries, in reverse
  // order of their reading; they come right after the main file, as in a whole parse, where
  // every file is a local entry in the order it was entered.
  auto AddLoaded = [&] {
    for (unsigned I = SM.loaded_sloc_entry_size(); I-- > 0;) {
      bool Invalid = false;
      const SrcMgr::SLocEntry &E = SM.getLoadedSLocEntry(I, &Invalid);
      if (!Invalid && E.isFile())
        Add(E, SM.getFileID(SourceLocation::getFromRawEncoding(E.getOffset())));
    }
  };
  bool LoadedDone = false;
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (E.isFile() && E.getFile().getContentCache().OrigEntry)
      Add(E, SM.translateFile(*E.getFile().getContentCache().OrigEntry));
    if (!LoadedDone && E.isFile() && SM.getMainFileID().isValid() &&
        SM.getFileID(SourceLocation::getFromRawEncoding(E.getOffset())) == SM.getMainFileID()) {
      AddLoaded();
      LoadedDone = true;
    }
  }
  if (!LoadedDone)
    AddLoaded();
}

class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(FactsBuilder &B) : B(B) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!isa<CXXMethodDecl>(FD) || !cast<CXXMethodDecl>(FD)->getParent()->isLambda())
      B.addFunction(FD, nullptr);
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (V->hasGlobalStorage() && !V->isStaticLocal() && V->getDeclContext()->isFileContext()) {
      B.Threads.noteVariable(V);
      if (V->getInit() && !B.SM.isInSystemHeader(B.SM.getFileLoc(V->getLocation())))
        B.Values.scanGlobal(V);
    }
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *LE) {
    B.addFunction(LE->getCallOperator(), LE);
    if (FunctionTemplateDecl *Generic = LE->getDependentCallOperator())
      for (FunctionDecl *Instance : Generic->specializations())
        B.addFunction(Instance, LE);
    return true;
  }

private:
  FactsBuilder &B;
};

class FactsConsumer : public SemaConsumer {
public:
  FactsConsumer(TUFacts &Out, const std::atomic<bool> *Cancel,
                const std::shared_ptr<PreambleTopLevelDecls> *Preamble)
      : Out(Out), Cancel(Cancel), Preamble(Preamble) {}

  void InitializeSema(Sema &S) override { TheSema = &S; }
  void ForgetSema() override { TheSema = nullptr; }

  /// Returning false stops the parser: how a superseded analysis is abandoned mid-parse.
  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    if (TheSema)
      dropSystemOnlyInstantiations(*TheSema, Group);
    return !Cancel || !Cancel->load(std::memory_order_relaxed);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Cancel && Cancel->load(std::memory_order_relaxed))
      return;
    // The scanners ask for parents (ASTContext::getParents), and the first question builds a
    // map of the whole traversal scope: by default the whole TU, most of it system headers,
    // whose functions and globals the facts leave out anyway. Limiting the scope to the
    // top-level declarations outside system headers keeps the map (and the traversal in
    // extractFacts, which honours the scope) to the code that is analysed. In C, a function
    // declared without its body holds nothing the facts read either (in C++ a default argument
    // may hold a lambda); a C program's headers are mostly such prototypes. The compiler
    // instance is ours alone here; the clang-tidy module calls extractFacts without this.
    Ctx.setTraversalScope(analysedTopLevelDecls(Ctx));
    extractFacts(Ctx, Out);
  }

private:
  std::vector<Decl *> analysedTopLevelDecls(ASTContext &Ctx) const {
    const SourceManager &SM = Ctx.getSourceManager();
    bool C = !Ctx.getLangOpts().CPlusPlus;
    auto Analysed = [&](const Decl *D) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (C && FD && !FD->doesThisDeclarationHaveABody())
        return false;
      SourceLocation Loc = D->getLocation();
      return Loc.isInvalid() || !SM.isInSystemHeader(SM.getFileLoc(Loc)) ||
             !SM.isInSystemHeader(SM.getFileLoc(D->getBeginLoc()));
    };
    TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
    ExternalASTSource *PCH = Ctx.getExternalSource();
    PreambleTopLevelDecls *Slot = Preamble ? Preamble->get() : nullptr;
    std::vector<Decl *> Scope;
    // Until the TU's declarations are loaded from the PCH, the TU lists those of the main file
    // alone; loaded, the PCH's come first, in the order of the preamble's text.
    std::shared_ptr<const PreambleTopLevelDecls::Ids> Known = Slot ? Slot->known() : nullptr;
    if (Known && PCH && TU->hasExternalLexicalStorage()) {
      for (GlobalDeclID ID : *Known)
        if (Decl *D = PCH->GetExternalDecl(ID))
          Scope.push_back(D);
      for (Decl *D : TU->noload_decls())
        if (Analysed(D))
          Scope.push_back(D);
      return Scope;
    }
    PreambleTopLevelDecls::Ids Found;
    for (Decl *D : TU->decls()) {
      if (!Analysed(D))
        continue;
      Scope.push_back(D);
      if (D->isFromASTFile())
        Found.push_back(D->getGlobalID());
    }
    if (Slot && PCH && !Known)
      Slot->setKnown(std::move(Found));
    return Scope;
  }

  TUFacts &Out;
  const std::atomic<bool> *Cancel;
  const std::shared_ptr<PreambleTopLevelDecls> *Preamble;
  Sema *TheSema = nullptr;
};

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(TUFacts &Out, const std::atomic<bool> *Cancel,
              const std::shared_ptr<PreambleTopLevelDecls> *Preamble)
      : Out(Out), Cancel(Cancel), Preamble(Preamble) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return std::make_unique<FactsConsumer>(Out, Cancel, Preamble);
  }

private:
  TUFacts &Out;
  const std::atomic<bool> *Cancel;
  const std::shared_ptr<PreambleTopLevelDecls> *Preamble;
};

/// The context's printing policy with FactsPathPrinter, for as long as the facts are extracted.
class FactsPrintingPolicy {
public:
  explicit FactsPrintingPolicy(ASTContext &Ctx)
      : Ctx(Ctx), Saved(Ctx.getPrintingPolicy()),
        Printer(Ctx.getSourceManager().getFileManager()) {
    PrintingPolicy Policy = Saved;
    Policy.Callbacks = &Printer;
    Ctx.setPrintingPolicy(Policy);
  }
  ~FactsPrintingPolicy() { Ctx.setPrintingPolicy(Saved); }
  FactsPrintingPolicy(const FactsPrintingPolicy &) = delete;
  FactsPrintingPolicy &operator=(const FactsPrintingPolicy &) = delete;

private:
  ASTContext &Ctx;
  PrintingPolicy Saved;
  FactsPathPrinter Printer;
};

}  // namespace

void extractFacts(ASTContext &Ctx, TUFacts &Out) {
  FactsPrintingPolicy Printing(Ctx);
  FactsBuilder Builder(Ctx, Out);
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.getFileEntryRefForID(SM.getMainFileID()))
    Out.mainFile = Builder.filePath(SM.getMainFileID());
  FunctionCollector Collector(Builder);
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  Builder.addGuardClasses();
  extractOpenMPFacts(Ctx, Builder, Out.openmp);
  Builder.addFiles();
  // In source order, whatever order the traversal met them in: the specializations of a
  // template that a precompiled preamble holds are loaded after those the main file makes,
  // and the facts must be those of a whole parse.
  std::stable_sort(Out.functions.begin(), Out.functions.end(),
                   [](const FunctionFact &A, const FunctionFact &B) {
                     return std::tie(A.span.file, A.span.offset, A.usr) <
                            std::tie(B.span.file, B.span.offset, B.usr);
                   });
}

std::shared_ptr<const PreambleTopLevelDecls::Ids> PreambleTopLevelDecls::known() const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Known;
}

void PreambleTopLevelDecls::setKnown(Ids Found) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (!Known)
    Known = std::make_shared<const Ids>(std::move(Found));
}

std::unique_ptr<clang::FrontendAction>
createFactsAction(TUFacts &Out, const std::atomic<bool> *Cancel,
                  const std::shared_ptr<PreambleTopLevelDecls> *Preamble) {
  return std::make_unique<FactsAction>(Out, Cancel, Preamble);
}

}  // namespace concurlint
