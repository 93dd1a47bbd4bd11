#include "driver/Analyzer.h"

#include "driver/FactsCache.h"
#include "facts/FactsExtractor.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Frontend/Utils.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cstring>

namespace concurlint {

struct PreambleStore::Entry {
  std::vector<std::string> args;  // the command line it was built with
  std::string directory;
  clang::PrecompiledPreamble preamble;
  std::vector<std::string> errors;  // the compiler's, while building it: reported on each use
  std::shared_ptr<PreambleTopLevelDecls> topLevelDecls = std::make_shared<PreambleTopLevelDecls>();
};

namespace {

/// Keeps the compiler's errors (warnings are not ours to report) as "file:line:col: message".
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  explicit ErrorCollector(std::vector<std::string> &Errors) : Errors(Errors) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      clang::PresumedLoc P = Info.getSourceManager().getPresumedLoc(
          Info.getSourceManager().getFileLoc(Info.getLocation()));
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    if (Errors.size() < 20)
      Errors.push_back(Where + Message.str().str());
  }

private:
  std::vector<std::string> &Errors;
};

/// The modification time an unsaved buffer gets in the overlay: from its content, so that a
/// precompiled preamble, which compares the size and time of each header it read
/// (PrecompiledPreamble::CanReuse), sees an edit that keeps the size as a change.
time_t overlayTime(llvm::StringRef Content) {
  return static_cast<time_t>(llvm::xxh3_64bits(Content) % 1000000000u) + 1000000000;
}

/// Removes the arguments clang's driver does not know, which it would reject with "unknown
/// argument" and analyse nothing: compile databases written for GCC carry GCC-only flags
/// (onetbb: -flifetime-dse=1). They are code generation and warning flags, not what the parse
/// depends on. Returns what was removed.
std::vector<std::string> dropUnknownArguments(std::vector<std::string> &Args) {
  if (Args.size() < 2)
    return {};
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  llvm::ArrayRef<const char *> Rest = llvm::ArrayRef(Argv).drop_front();
  // clang-cl only warns about unknown arguments, and parses with other options.
  if (clang::driver::IsClangCL(clang::driver::getDriverMode(Argv.front(), Rest)))
    return {};
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
      Rest, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::vector<unsigned> Unknown;
  for (const llvm::opt::Arg *A : Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Unknown.push_back(A->getIndex() + 1);  // + 1: Rest starts after the program name
  std::vector<std::string> Dropped;
  for (auto It = Unknown.rbegin(); It != Unknown.rend(); ++It) {
    Dropped.insert(Dropped.begin(), Args[*It]);
    Args.erase(Args.begin() + *It);
  }
  return Dropped;
}

std::vector<std::string> adjustedCommandLine(const CompileJob &Job,
                                             std::vector<std::string> &Dropped) {
  using namespace clang::tooling;
  std::vector<std::string> Args = Job.command.CommandLine;
  const std::string &File = Job.file;
  Args = getClangStripOutputAdjuster()(Args, File);
  Args = getClangStripDependencyFileAdjuster()(Args, File);
  Args = getClangSyntaxOnlyAdjuster()(Args, File);
  Dropped = dropUnknownArguments(Args);
  bool HasResourceDir = false;
  for (const std::string &A : Args)
    HasResourceDir |= llvm::StringRef(A).starts_with("-resource-dir");
  std::vector<std::string> Extra;
  // The tool is not installed beside clang, so point clang at its own builtin headers.
  if (!HasResourceDir)
    Extra.push_back("-resource-dir=" CONCUR_CLANG_RESOURCE_DIR);
  Args.insert(Args.begin() + 1, Extra.begin(), Extra.end());
  // Warnings never stop the analysis, even under the project's -Werror (last flag wins).
  // Errors reach the report through ErrorCollector, attributed to their file; without carets
  // clang does not also print an unattributed "N errors generated." to stderr.
  // Both go before a `--` (inferred commands end with `-- file`), else they would be files.
  Args.insert(std::find(Args.begin() + 1, Args.end(), "--"),
              {"-Wno-error", "-fno-caret-diagnostics"});
  addTargetAndModeForProgramName(Args, Args.front());
  return Args;
}

/// Runs the facts action, then records every file the parse read (main file, headers, system
/// headers) with the hash of its content as parsed, for the facts cache.
class RecordingAction : public clang::WrapperFrontendAction {
public:
  RecordingAction(std::unique_ptr<clang::FrontendAction> Facts, const CompileJob &Job,
                  std::vector<CachedInput> *Inputs, llvm::StringRef CrashOn)
      : WrapperFrontendAction(std::move(Facts)), Job(Job), Inputs(Inputs), CrashOn(CrashOn) {}

  // Clang 19's wrapper ends the wrapped action's file itself, without calling this action's
  // EndSourceFileAction: the recording goes here, while the source manager is still alive.
  void EndSourceFile() override {
    record();
    WrapperFrontendAction::EndSourceFile();
  }

private:
  void record() {
    if (!CrashOn.empty() && llvm::StringRef(Job.file).contains(CrashOn)) {
      // --debug-crash-on: a real crash (SIGSEGV), with the AST still alive.
      volatile int *Null = nullptr;
      *Null = 1;
    }
    if (!Inputs)
      return;
    clang::SourceManager &SM = getCompilerInstance().getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      clang::FileEntryRef File = It->first;
      llvm::SmallString<256> Path(File.getFileEntry().tryGetRealPathName());
      if (Path.empty()) {
        Path = File.getName();
        if (!llvm::sys::path::is_absolute(Path))
          llvm::sys::fs::make_absolute(Job.command.Directory, Path);
        llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      }
      std::string Hash;
      if (std::optional<llvm::MemoryBufferRef> Buffer = It->second->getBufferIfLoaded()) {
        Hash = contentHash(Buffer->getBuffer());
      } else if (auto Disk = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                         /*RequiresNullTerminator=*/false)) {
        Hash = contentHash((*Disk)->getBuffer());
      } else {
        // A file read but gone now: an entry could never be validated.
        Inputs->clear();
        Inputs = nullptr;
        return;
      }
      Inputs->push_back({Path.str().str(), std::move(Hash)});
    }
    std::sort(Inputs->begin(), Inputs->end(),
              [](const CachedInput &A, const CachedInput &B) { return A.path < B.path; });
  }

  const CompileJob &Job;
  std::vector<CachedInput> *Inputs;
  std::string CrashOn;
};

/// Which function bodies a preamble keeps. Those of a system header's functions that are not
/// templates are skipped, as clangd skips every body of its preambles: the facts leave the
/// functions of system headers out, and nothing of the program is instantiated from them. (The
/// templates keep theirs: a program type, lambda or template given as an argument reaches the
/// program's code through them; see dropSystemOnlyInstantiations.) Once the analysis is
/// cancelled, every remaining body is skipped: the build (which cannot stop) ends soon, and its
/// incomplete PCH is dropped.
class AnalysisPreamble : public clang::PreambleCallbacks {
public:
  explicit AnalysisPreamble(const std::atomic<bool> *Cancel) : Cancel(Cancel) {}
  void BeforeExecute(clang::CompilerInstance &CI) override { SM = &CI.getSourceManager(); }
  bool shouldSkipFunctionBody(clang::Decl *D) override {
    if (Cancel && Cancel->load(std::memory_order_relaxed))
      return true;
    const clang::FunctionDecl *FD = D->getAsFunction();
    return SM && FD && !FD->isTemplated() && D->getLocation().isValid() &&
           SM->isInSystemHeader(SM->getFileLoc(D->getLocation()));
  }

private:
  const std::atomic<bool> *Cancel;
  const clang::SourceManager *SM = nullptr;
};

bool cancelled(const AnalyzeOptions &Options) {
  return Options.cancel && Options.cancel->load(std::memory_order_relaxed);
}

/// The editor's parse (AnalyzeOptions::preambles): the compiler invocation from the driver, as
/// ToolInvocation makes it, with the main file's preamble precompiled, or reused from `Store`
/// while it is still valid. Runs `Action` over the TU; false when it could not run.
bool runWithPreamble(const CompileJob &Job, const std::vector<std::string> &Args,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     const AnalyzeOptions &Options, ErrorCollector &Collector,
                     clang::FrontendAction &Action,
                     std::shared_ptr<PreambleTopLevelDecls> &TopLevelDecls, TUResult &R) {
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  auto DriverOptions = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
  clang::CreateInvocationOptions Create;
  Create.Diags = clang::CompilerInstance::createDiagnostics(DriverOptions.get(), &Collector,
                                                             /*ShouldOwnClient=*/false);
  Create.VFS = FS;
  Create.ProbePrecompiled = true;  // the driver's default, which ToolInvocation keeps
  std::shared_ptr<clang::CompilerInvocation> Invocation = clang::createInvocation(Argv, Create);
  if (!Invocation || Invocation->getFrontendOpts().Inputs.size() != 1)
    return false;
  // The server lives on: the AST is freed after each analysis.
  Invocation->getFrontendOpts().DisableFree = false;
  Invocation->getCodeGenOpts().DisableFree = false;
  std::string MainPath = Invocation->getFrontendOpts().Inputs[0].getFile().str();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Content = FS->getBufferForFile(MainPath);
  if (!Content) {
    R.errors.push_back(MainPath + ": " + Content.getError().message());
    return false;
  }
  clang::PreambleBounds Bounds =
      clang::ComputePreambleBounds(Invocation->getLangOpts(), **Content, /*MaxLines=*/0);
  auto PCHOperations = std::make_shared<clang::PCHContainerOperations>();

  // CanReuse compares the preamble's text and the headers it read, not the options: a changed
  // compile command builds a new one.
  std::shared_ptr<const PreambleStore::Entry> Preamble = Options.preambles->find(Job.file);
  if (Preamble && (Preamble->args != Args || Preamble->directory != Job.command.Directory ||
                   !Preamble->preamble.CanReuse(*Invocation, **Content, Bounds, *FS)))
    Preamble.reset();
  if (Preamble) {
    R.preamble = TUResult::Preamble::Reused;
  } else if (Bounds.Size > 0) {
    std::vector<std::string> Errors;
    ErrorCollector PreambleErrors(Errors);
    llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> Diags =
        clang::CompilerInstance::createDiagnostics(&Invocation->getDiagnosticOpts(),
                                                   &PreambleErrors, /*ShouldOwnClient=*/false);
    clang::CompilerInvocation ForPreamble(*Invocation);
    // The templates the headers use are instantiated once, at the end of the preamble, not at
    // the end of every parse that reads it (as -fpch-instantiate-templates does): on leveldb's
    // db_impl.cc, 210 ms an edit instead of 360. The instantiations are the same.
    ForPreamble.getLangOpts().PCHInstantiateTemplates = true;
    // Asks AnalysisPreamble before each function body whether to skip it.
    ForPreamble.getFrontendOpts().SkipFunctionBodies = true;
    AnalysisPreamble Callbacks(Options.cancel);
    llvm::ErrorOr<clang::PrecompiledPreamble> Built = clang::PrecompiledPreamble::Build(
        ForPreamble, Content->get(), Bounds, *Diags, FS, PCHOperations,
        /*StoreInMemory=*/true, /*StoragePath=*/"", Callbacks);
    if (cancelled(Options))
      return false;
    if (Built) {
      Preamble = std::make_shared<const PreambleStore::Entry>(
          PreambleStore::Entry{Args, Job.command.Directory, std::move(*Built), std::move(Errors)});
      Options.preambles->put(Job.file, Preamble);
      R.preamble = TUResult::Preamble::Built;
    } else {
      // Parsed whole, as without a store.
      R.notes.push_back(Job.file + ": no precompiled preamble: " + Built.getError().message());
    }
  }
  if (Preamble) {
    // The preamble's errors are not reported again by the parse that reads its PCH.
    R.errors.insert(R.errors.end(), Preamble->errors.begin(), Preamble->errors.end());
    TopLevelDecls = Preamble->topLevelDecls;
    // The compiler instance takes the main file's buffer (PreprocessorOptions'
    // RetainRemappedFileBuffers is false); the PCH stays in Preamble, alive until the end.
    Preamble->preamble.AddImplicitPreamble(
        *Invocation, FS, llvm::MemoryBuffer::getMemBufferCopy((*Content)->getBuffer(), MainPath)
                             .release());
  }
  clang::CompilerInstance Compiler(PCHOperations);
  Compiler.setInvocation(std::move(Invocation));
  auto Files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), FS);
  Compiler.setFileManager(Files.get());
  Compiler.createDiagnostics(&Collector, /*ShouldOwnClient=*/false);
  Compiler.createSourceManager(*Files);
  bool Ran = Compiler.ExecuteAction(Action);
  return Ran && (!Preamble || Preamble->errors.empty());
}

}  // namespace

void PreambleStore::forget(const std::string &MainFile) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Entries.erase(MainFile);
}

size_t PreambleStore::size() const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Entries.size();
}

std::shared_ptr<const PreambleStore::Entry> PreambleStore::find(const std::string &MainFile) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Entries.find(MainFile);
  if (It == Entries.end())
    return nullptr;
  It->second.first = ++Clock;
  return It->second.second;
}

void PreambleStore::put(const std::string &MainFile, std::shared_ptr<const Entry> E) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Entries[MainFile] = {++Clock, std::move(E)};
  while (Entries.size() > Capacity) {
    auto Oldest = std::min_element(Entries.begin(), Entries.end(),
                                   [](const auto &A, const auto &B) {
                                     return A.second.first < B.second.first;
                                   });
    Entries.erase(Oldest);
  }
}

TUResult analyzeOne(const CompileJob &Job, const AnalyzeOptions &Options) {
  TUResult R;
  R.file = Job.file;
  std::vector<std::string> Dropped;
  std::vector<std::string> Args = adjustedCommandLine(Job, Dropped);
  if (!Dropped.empty())
    R.notes.push_back(Job.file + ": arguments clang does not know, left out: " +
                      llvm::join(Dropped, " "));
  std::string CacheKey;
  if (Options.cache) {
    CacheKey = FactsCache::keyFor(Args, Job.command.Directory, Job.file);
    R.cacheKey = CacheKey;
    std::string Note;
    if (Options.skipLookup) {
      Note = "entry rebuilt";
    } else if (std::optional<FactsCache::Entry> Entry =
                   Options.cache->find(CacheKey, Options.overlay, &Note)) {
      R.ok = true;
      R.fromCache = true;
      R.cacheChecksum = Entry->checksum;
      if (Options.deferDecode) {
        R.cached = std::move(*Entry);
        return R;
      }
      if (std::optional<TUFacts> Cached = Options.cache->decode(*Entry, &Note)) {
        R.facts = std::move(*Cached);
        return R;
      }
      R.ok = R.fromCache = false;
      R.cacheChecksum.clear();
    }
    R.notes.push_back(Job.file + ": facts cache miss: " + Note);
  }
  // A file system of its own per TU: its working directory is the command's, without touching
  // the process's, so TUs can be parsed on several threads at once.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  if (Options.overlay && !Options.overlay->empty()) {
    // Unsaved buffers over the disk: an in-memory layer on top of the physical one.
    auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    for (const auto &Entry : *Options.overlay)
      Memory->addFile(Entry.getKey(), overlayTime(Entry.getValue()),
                      llvm::MemoryBuffer::getMemBufferCopy(Entry.getValue(), Entry.getKey()));
    auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(FS);
    Overlay->pushOverlay(Memory);
    FS = Overlay;
  }
  if (std::error_code EC = FS->setCurrentWorkingDirectory(Job.command.Directory)) {
    R.errors.push_back(Job.command.Directory + ": cannot enter the compile command's directory: " +
                       EC.message());
    return R;
  }
  ErrorCollector Collector(R.errors);
  std::vector<CachedInput> Inputs;
  std::shared_ptr<PreambleTopLevelDecls> PreambleDecls;  // set by runWithPreamble
  auto Action =
      std::make_unique<RecordingAction>(createFactsAction(R.facts, Options.cancel, &PreambleDecls),
                                        Job,
                                        // A preamble's files are not all in the source manager's
                                        // file table: such a parse is not recorded.
                                        Options.cache && !Options.preambles ? &Inputs : nullptr,
                                        Options.crashOn);
  bool Ran = false;
  // A crash (a signal, in clang or in the extractors) unwinds to here: the TU gets an error and
  // the other TUs are analysed. What the crashed parse allocated is leaked, not freed.
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext Recovery;
  if (!Recovery.RunSafely([&] {
        if (Options.preambles) {
          Ran = runWithPreamble(Job, Args, FS, Options, Collector, *Action, PreambleDecls, R);
          return;
        }
        auto Files =
            llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), FS);
        clang::tooling::ToolInvocation Invocation(
            std::move(Args), std::move(Action), Files.get(),
            std::make_shared<clang::PCHContainerOperations>());
        Invocation.setDiagnosticConsumer(&Collector);
        Ran = Invocation.run();
      })) {
    R.crashed = true;
    R.facts = TUFacts();
    R.facts.mainFile = Job.file;
    std::string Signal = llvm::CrashRecoveryContext::isCrash(Recovery.RetCode)
                             ? llvm::formatv(" (signal {0}: {1})", Recovery.RetCode - 128,
                                             strsignal(Recovery.RetCode - 128))
                                   .str()
                             : "";
    R.errors.insert(R.errors.begin(), "concur-lint crashed while analysing this file" + Signal +
                                          "; please report it with the file and its compile "
                                          "command");
    return R;
  }
  if (Options.cancel && Options.cancel->load()) {
    R.cancelled = true;
    R.facts = TUFacts();
    R.errors.clear();
    return R;
  }
  R.ok = Ran && Collector.getNumErrors() == 0;
  if (!R.ok && R.errors.empty())
    R.errors.push_back("the compiler could not process this file");
  if (R.facts.mainFile.empty())
    R.facts.mainFile = Job.file;
  if (Options.cache && R.ok && !Inputs.empty()) {
    std::string Note;
    R.cacheChecksum = Options.cache->store(CacheKey, R.facts, Inputs, &Note);
    if (!Note.empty())
      R.notes.push_back(Note);
  }
  return R;
}

namespace {

/// Runs `Task(I)` for I in [0, N), `Jobs` at a time (0: all cores).
void forEachIndex(size_t N, unsigned Jobs, llvm::function_ref<void(size_t)> Task) {
  if (N <= 1 || Jobs == 1) {
    for (size_t I = 0; I < N; ++I)
      Task(I);
    return;
  }
  llvm::ThreadPoolStrategy Strategy =
      Jobs == 0 ? llvm::hardware_concurrency() : llvm::hardware_concurrency(Jobs);
  llvm::DefaultThreadPool Pool(Strategy);
  for (size_t I = 0; I < N; ++I)
    Pool.async([&, I] { Task(I); });
  Pool.wait();
}

}  // namespace

void decodeCached(std::vector<TUResult> &Results, const std::vector<CompileJob> &Work,
                  unsigned Jobs, const AnalyzeOptions &Options) {
  forEachIndex(Results.size(), Jobs, [&](size_t I) {
    TUResult &R = Results[I];
    if (!R.cached)
      return;
    std::string Note;
    std::optional<TUFacts> Facts = Options.cache->decode(*R.cached, &Note);
    R.cached.reset();
    if (Facts) {
      R.facts = std::move(*Facts);
      return;
    }
    AnalyzeOptions Again = Options;
    Again.deferDecode = false;
    Again.skipLookup = true;
    R = analyzeOne(Work[I], Again);
    R.notes.insert(R.notes.begin(), Note);
  });
}

std::vector<TUResult> analyzeAll(const std::vector<CompileJob> &Work, unsigned Jobs,
                                 const AnalyzeOptions &Options) {
  std::vector<TUResult> Results(Work.size());
  // In parallel, the largest main files first: a big TU started last would keep one worker
  // busy while the others wait. Results keep the input order; -j 1 also keeps it for the work.
  std::vector<std::pair<uint64_t, size_t>> BySize;
  for (size_t I = 0; I < Work.size(); ++I) {
    uint64_t Size = 0;
    if (Jobs == 1 || llvm::sys::fs::file_size(Work[I].file, Size))
      Size = 0;
    BySize.push_back({Size, I});
  }
  std::stable_sort(BySize.begin(), BySize.end(),
                   [](const auto &A, const auto &B) { return A.first > B.first; });
  forEachIndex(Work.size(), Jobs, [&](size_t K) {
    size_t I = BySize[K].second;
    if (Options.observer)
      Options.observer->started(Work[I]);
    Results[I] = analyzeOne(Work[I], Options);
    if (Options.observer)
      Options.observer->finished(Results[I]);
  });
  return Results;
}

}  // namespace concurlint
