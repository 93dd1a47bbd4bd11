#include "tool/core/Analyzer.h"

#include "tool/core/FactsExtractor.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>

namespace concurlint {
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

std::vector<std::string> adjustedCommandLine(const CompileJob &Job) {
  using namespace clang::tooling;
  std::vector<std::string> Args = Job.command.CommandLine;
  const std::string &File = Job.file;
  Args = getClangStripOutputAdjuster()(Args, File);
  Args = getClangStripDependencyFileAdjuster()(Args, File);
  Args = getClangSyntaxOnlyAdjuster()(Args, File);
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

}  // namespace

TUResult analyzeOne(const CompileJob &Job, const AnalyzeOptions &Options) {
  TUResult R;
  R.file = Job.file;
  // A file system of its own per TU: its working directory is the command's, without touching
  // the process's, so TUs can be parsed on several threads at once.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  if (Options.overlay && !Options.overlay->empty()) {
    // Unsaved buffers over the disk: an in-memory layer on top of the physical one.
    auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    for (const auto &Entry : *Options.overlay)
      Memory->addFile(Entry.getKey(), /*ModificationTime=*/0,
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
  auto Files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), FS);
  ErrorCollector Collector(R.errors);
  clang::tooling::ToolInvocation Invocation(adjustedCommandLine(Job),
                                            createFactsAction(R.facts, Options.cancel),
                                            Files.get(),
                                            std::make_shared<clang::PCHContainerOperations>());
  Invocation.setDiagnosticConsumer(&Collector);
  bool Ran = Invocation.run();
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
  return R;
}

std::vector<TUResult> analyzeAll(const std::vector<CompileJob> &Work, unsigned Jobs) {
  std::vector<TUResult> Results(Work.size());
  if (Work.size() <= 1 || Jobs == 1) {
    for (size_t I = 0; I < Work.size(); ++I)
      Results[I] = analyzeOne(Work[I]);
    return Results;
  }
  llvm::ThreadPoolStrategy Strategy =
      Jobs == 0 ? llvm::hardware_concurrency() : llvm::hardware_concurrency(Jobs);
  llvm::DefaultThreadPool Pool(Strategy);
  for (size_t I = 0; I < Work.size(); ++I)
    Pool.async([&, I] { Results[I] = analyzeOne(Work[I]); });
  Pool.wait();
  return Results;
}

}  // namespace concurlint
