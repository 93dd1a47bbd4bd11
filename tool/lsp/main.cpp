// concur-lsp: concur-lint's findings and fixes in editors, over the Language Server Protocol
// on stdin/stdout. Runs next to clangd (docs/integrations.md).
#include "driver/FactsCache.h"
#include "tool/lsp/Server.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <unistd.h>

namespace cl = llvm::cl;

static cl::OptionCategory Category("concur-lsp options");
static cl::opt<std::string> BuildPath(
    "p", cl::desc("Compile database: a build directory or a compile_commands.json /\n"
                  "compile_flags.txt file. Default: the nearest one above each file\n"
                  "(also in each parent's build/)"),
    cl::value_desc("dir|file"), cl::cat(Category));
static cl::opt<unsigned> DebounceMs(
    "debounce-ms", cl::desc("Quiet time after an edit before it is analysed (default 50)"),
    cl::init(50), cl::cat(Category));
static cl::opt<bool> BackgroundIndex(
    "background-index",
    cl::desc("Analyse the compile database's TUs at start-up, for cross-TU findings\n"
             "(default true; --background-index=false to turn off)"),
    cl::init(true), cl::cat(Category));

static cl::opt<std::string> CacheDir(
    "cache-dir", cl::desc("Facts cache of the background index (default: the one concur-lint\n"
                          "uses, $XDG_CACHE_HOME/concur-lint or ~/.cache/concur-lint)"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> NoCache("no-cache", cl::desc("No facts cache for the background index"),
                             cl::cat(Category));

int main(int argc, const char **argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "concur-lsp " CONCUR_LINT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "concur-lint's language server (LSP 3.17 over stdin/stdout)\n",
                                   &llvm::errs()))
    return 2;
  // A client that goes away must not kill the server mid-write: write() reports it instead.
  std::signal(SIGPIPE, SIG_IGN);

  concurlint::lsp::Transport T(STDIN_FILENO, STDOUT_FILENO);
  concurlint::lsp::ServerOptions Options;
  Options.compileDatabase = BuildPath;
  Options.debounceMs = DebounceMs;
  Options.backgroundIndex = BackgroundIndex;
  if (!NoCache)
    Options.cacheDirectory = CacheDir.empty() ? concurlint::FactsCache::defaultDirectory()
                                              : std::string(CacheDir);
  concurlint::lsp::Server S(T, Options);
  if (llvm::Error E = S.init()) {
    llvm::errs() << "concur-lsp: " << llvm::toString(std::move(E)) << "\n";
    return 2;
  }
  return S.run();
}
