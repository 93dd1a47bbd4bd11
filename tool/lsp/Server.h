// concur-lsp: the engine behind the Language Server Protocol (3.17), next to clangd.
//
// The main thread reads messages and answers requests; a worker thread analyses documents:
// an edit schedules its document after a quiet period (debounce), a newer edit of a document
// being analysed cancels that analysis (the parse stops at its next top-level declaration),
// and only results for the document's current version are published. Unsaved buffers are
// analysed through an in-memory overlay of the file system. The headers a main file includes
// before its first declaration are kept precompiled (a preamble, as clangd does) and reused
// while they and those lines are unchanged: an edit below them parses only the rest. The facts
// of every TU analysed so far (the open documents', and at start-up those of the compile
// database's TUs: the background index) are kept and linked with each fresh TU's facts, so
// cross-TU findings (a thread started in another file) appear in the editor.
#pragma once

#include "driver/Analyzer.h"
#include "driver/Inputs.h"
#include "engine/Finding.h"
#include "engine/Program.h"
#include "facts/Facts.h"
#include "tool/lsp/Protocol.h"
#include "tool/lsp/Transport.h"

#include "llvm/Support/JSON.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace concurlint {
class FactsCache;
}

namespace concurlint::lsp {

struct ServerOptions {
  std::string compileDatabase;  // -p: a build folder or a compile_commands.json
  /// Quiet time after an edit before it is analysed: clangd's minimum, since a newer edit
  /// cancels a run in progress anyway and an edit below the preamble parses only the main file
  /// (bench/lsp/README.md).
  unsigned debounceMs = 50;
  bool backgroundIndex = true;  // analyse the compile database's TUs at start-up
  /// The facts cache the background index reads and fills (docs/usage.md); empty: none.
  std::string cacheDirectory;
};

class Server {
public:
  Server(Transport &T, ServerOptions Options);
  ~Server();

  /// Loads the -p compile database: an error for a missing or malformed one.
  llvm::Error init();

  /// Serves until `exit` or the end of input. The exit status: 0 when `shutdown` came first.
  int run();

private:
  using Clock = std::chrono::steady_clock;

  struct Document {
    std::string uri;
    std::string text;
    int64_t version = 0;
    bool analysable = true;  // a C or C++ file
    bool desynced = false;   // a change could not be applied: ignored until a full text comes
  };

  /// What a code action needs of one published diagnostic.
  struct Item {
    Position start, end;
    llvm::json::Value diagnostic = nullptr;
    std::optional<llvm::json::Value> edit;
    std::string title;
  };

  struct Published {
    int64_t version = -1;
    std::vector<Item> items;
    std::string key;  // the diagnostics as sent, to skip sending the same list again
  };

  struct Unit {
    TUFacts facts;
    uint64_t seq = 0;  // when its analysis started: newer analyses replace older ones
  };

  // Messages.
  void handle(const llvm::json::Value &Message);
  void handleRequest(llvm::StringRef Method, const llvm::json::Value *Params,
                     const llvm::json::Value &Id);
  void handleNotification(llvm::StringRef Method, const llvm::json::Value *Params);
  llvm::json::Value initialize(const llvm::json::Object *Params);
  llvm::Expected<llvm::json::Value> codeAction(const llvm::json::Object *Params);
  llvm::Error didOpen(const llvm::json::Object *Params);
  llvm::Error didChange(const llvm::json::Object *Params);
  llvm::Error didSave(const llvm::json::Object *Params);
  llvm::Error didClose(const llvm::json::Object *Params);
  void reply(const llvm::json::Value &Id, llvm::json::Value Result);
  void replyError(const llvm::json::Value &Id, int Code, const llvm::Twine &Message);
  void notify(llvm::StringRef Method, llvm::json::Value Params);
  void log(int Type, const llvm::Twine &Message);  // window/logMessage; 1 error .. 4 log

  // Documents and analyses (Mutex held by the callers of the *Locked functions).
  llvm::Expected<std::string> documentPath(const llvm::json::Object *Params);
  void scheduleLocked(const std::string &Path, unsigned DelayMs);
  void workerLoop();
  void indexLoop();
  /// The TU that stands for `Path`: itself, or for a header a TU that includes it.
  std::string translationUnitFor(const std::string &Path);
  void analyse(const std::string &Path);
  /// Links every stored TU, runs the rules and publishes the open documents' diagnostics
  /// (always for `Changed`, else only when they differ from what was sent).
  void relinkAndPublish(const std::string &Changed);
  /// Configuration errors as messages in the editor, each once.
  void showConfigErrors(const std::vector<std::string> &Errors);
  /// A finding as an LSP diagnostic in the document `Text`, with its fix as a code action's
  /// edit when every file it edits still reads as analysed (`Open`: the open documents).
  Item itemFor(const Finding &F, llvm::StringRef Text, const Program &Prog,
               const std::map<std::string, Document> &Open);
  void attachFix(const Finding &F, const Program &Prog,
                 const std::map<std::string, Document> &Open, Item &I);
  /// The URI the client uses for a file (an open document's own), else a file:// URI.
  std::string uriFor(const std::string &Path);
  void stop();

  Transport &T;
  ServerOptions Options;

  // Main thread only.
  bool Initialized = false, ShutdownRequested = false;
  std::atomic<bool> DocumentChanges{false};  // the client takes versioned document edits
  std::string Root;

  std::mutex Mutex;  // everything below
  std::condition_variable Wake;
  std::map<std::string, Document> Docs;  // open documents, by path
  std::map<std::string, Clock::time_point> Pending;
  bool RelinkPending = false, Stopping = false;
  std::string Running;  // the document being analysed
  std::shared_ptr<std::atomic<bool>> RunningCancel;
  std::map<std::string, Unit> Units;  // by the TU's main file
  std::set<std::string> Failed;       // open documents whose TU did not parse
  std::map<std::string, Published> Results;
  std::set<std::string> ReportedConfigErrors;
  uint64_t Seq = 0;

  /// The open main files' precompiled preambles: after an edit below the #include lines only
  /// the rest of the file is parsed again (driver/Analyzer.h). Synchronised by itself.
  PreambleStore Preambles;

  std::mutex ResolverMutex;
  InputResolver Resolver;

  /// Only the background index uses it: an unchanged project's TUs are not parsed again at
  /// start-up. An edited document is always parsed (its buffer differs from any entry).
  std::unique_ptr<FactsCache> Cache;
  std::atomic<bool> IndexCancel{false};
  std::thread Worker, Indexer;
};

}  // namespace concurlint::lsp
