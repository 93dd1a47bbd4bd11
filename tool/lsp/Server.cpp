#include "tool/lsp/Server.h"

#include "rules/AllRules.h"
#include "driver/Analyzer.h"
#include "engine/Catalog.h"
#include "engine/Config.h"
#include "engine/Engine.h"
#include "driver/FactsCache.h"
#include "engine/Program.h"
#include "driver/Report.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace concurlint::lsp {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

llvm::Error paramsError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

const Object *objectAt(const Object *O, llvm::StringRef Key) {
  return O ? O->getObject(Key) : nullptr;
}

int lspSeverity(Severity S) {
  switch (S) {
  case Severity::Error: return 1;
  case Severity::Warning: return 2;
  case Severity::Info: return 3;
  }
  return 2;
}

/// The fix's title in the editor's menu: the finding's first clause.
std::string fixTitle(const Finding &F) {
  llvm::StringRef M(F.message);
  M = M.split("; ").first;
  std::string Title = "Fix: " + M.str();
  if (Title.size() > 100)
    Title = Title.substr(0, 97) + "...";
  return Title + " [" + F.rule + "]";
}

bool analysableName(llvm::StringRef Path, llvm::StringRef LanguageId) {
  return isSourceFile(Path) || isHeaderFile(Path) || LanguageId == "c" || LanguageId == "cpp";
}

}  // namespace

Server::Server(Transport &T, ServerOptions TheOptions)
    : T(T), Options(std::move(TheOptions)),
      Resolver(InputOptions{Options.compileDatabase, {}}) {
  // The files change under a server: every lookup hashes them again.
  if (!Options.cacheDirectory.empty())
    Cache = std::make_unique<FactsCache>(Options.cacheDirectory, /*MemoizeHashes=*/false);
}

Server::~Server() { stop(); }

llvm::Error Server::init() { return Resolver.init(); }

void Server::stop() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
    if (RunningCancel)
      RunningCancel->store(true);
  }
  IndexCancel = true;
  Wake.notify_all();
  if (Worker.joinable())
    Worker.join();
  if (Indexer.joinable())
    Indexer.join();
}

// ---- messages -------------------------------------------------------------------------------

int Server::run() {
  Worker = std::thread([this] { workerLoop(); });
  for (;;) {
    std::string Body, Problem;
    switch (T.read(Body, Problem)) {
    case Transport::Read::EndOfInput:
      stop();
      return ShutdownRequested ? 0 : 1;
    case Transport::Read::FramingError:
      replyError(nullptr, ParseError, "bad message framing: " + Problem);
      continue;
    case Transport::Read::Message:
      break;
    }
    llvm::Expected<Value> Message = llvm::json::parse(Body);
    if (!Message) {
      replyError(nullptr, ParseError, "invalid JSON: " + llvm::toString(Message.takeError()));
      continue;
    }
    if (const Object *O = Message->getAsObject(); O && O->getString("method") &&
                                                  *O->getString("method") == "exit" &&
                                                  !O->get("id")) {
      stop();
      return ShutdownRequested ? 0 : 1;
    }
    handle(*Message);
  }
}

void Server::handle(const Value &Message) {
  const Object *O = Message.getAsObject();
  if (!O) {
    replyError(nullptr, InvalidRequest, "a message must be a JSON object");
    return;
  }
  const Value *Id = O->get("id");
  if (Id && Id->kind() != Value::Number && Id->kind() != Value::String) {
    replyError(nullptr, InvalidRequest, "a request id must be a number or a string");
    return;
  }
  std::optional<llvm::StringRef> Method = O->getString("method");
  if (!Method) {
    if (Id && (O->get("result") || O->get("error")))
      return;  // a response: this server sends no requests, so nothing waits for it
    replyError(Id ? *Id : Value(nullptr), InvalidRequest, "a message needs a 'method' string");
    return;
  }
  const Value *Params = O->get("params");
  if (Params && Params->kind() != Value::Object && Params->kind() != Value::Array &&
      Params->kind() != Value::Null) {
    if (Id)
      replyError(*Id, InvalidParams, "'params' must be an object or an array");
    return;
  }
  if (Id)
    handleRequest(*Method, Params, *Id);
  else
    handleNotification(*Method, Params);
}

void Server::handleRequest(llvm::StringRef Method, const Value *Params, const Value &Id) {
  const Object *P = Params ? Params->getAsObject() : nullptr;
  if (Method == "initialize") {
    if (Initialized)
      return replyError(Id, InvalidRequest, "initialize was already received");
    Initialized = true;
    return reply(Id, initialize(P));
  }
  if (!Initialized)
    return replyError(Id, ServerNotInitialized, "the server is not initialized yet");
  if (ShutdownRequested)
    return replyError(Id, InvalidRequest, "the server is shutting down");
  if (Method == "shutdown") {
    ShutdownRequested = true;
    return reply(Id, nullptr);
  }
  if (Method == "textDocument/codeAction") {
    llvm::Expected<Value> Result = codeAction(P);
    if (!Result)
      return replyError(Id, InvalidParams, llvm::toString(Result.takeError()));
    return reply(Id, std::move(*Result));
  }
  replyError(Id, MethodNotFound, "method not found: " + Method);
}

void Server::handleNotification(llvm::StringRef Method, const Value *Params) {
  if (!Initialized || ShutdownRequested)
    return;  // dropped, as LSP asks (exit is handled by run())
  const Object *P = Params ? Params->getAsObject() : nullptr;
  llvm::Error E = [&]() -> llvm::Error {
    if (Method == "initialized") {
      if (Options.backgroundIndex && !Root.empty() && !Indexer.joinable())
        Indexer = std::thread([this] { indexLoop(); });
      return llvm::Error::success();
    }
    if (Method == "textDocument/didOpen")
      return didOpen(P);
    if (Method == "textDocument/didChange")
      return didChange(P);
    if (Method == "textDocument/didSave")
      return didSave(P);
    if (Method == "textDocument/didClose")
      return didClose(P);
    // Other notifications ($/cancelRequest, $/setTrace, configuration changes) need nothing.
    return llvm::Error::success();
  }();
  if (E)
    log(1, Method + ": " + llvm::toString(std::move(E)));
}

Value Server::initialize(const Object *P) {
  if (P) {
    if (std::optional<llvm::StringRef> RootUri = P->getString("rootUri")) {
      if (auto Path = uriToPath(*RootUri))
        Root = *Path;
    } else if (std::optional<llvm::StringRef> RootPath = P->getString("rootPath")) {
      Root = absolutePath(*RootPath);
    }
    if (Root.empty())
      if (const Array *Folders = P->getArray("workspaceFolders"))
        if (!Folders->empty())
          if (const Object *F = (*Folders)[0].getAsObject())
            if (auto Uri = F->getString("uri"))
              if (auto Path = uriToPath(*Uri))
                Root = *Path;
    if (const Object *Edit = objectAt(objectAt(objectAt(P, "capabilities"), "workspace"),
                                      "workspaceEdit"))
      DocumentChanges = Edit->getBoolean("documentChanges").value_or(false);
  }
  return Object{
      {"capabilities",
       Object{{"positionEncoding", "utf-16"},
              {"textDocumentSync", Object{{"openClose", true},
                                          {"change", 2},  // incremental
                                          {"save", Object{{"includeText", false}}}}},
              {"codeActionProvider", Object{{"codeActionKinds", Array{"quickfix"}}}}}},
      {"serverInfo", Object{{"name", "concur-lsp"}, {"version", CONCUR_LINT_VERSION}}}};
}

void Server::reply(const Value &Id, Value Result) {
  T.send(Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void Server::replyError(const Value &Id, int Code, const llvm::Twine &Message) {
  T.send(Object{{"jsonrpc", "2.0"},
                {"id", Id},
                {"error", Object{{"code", Code}, {"message", Message.str()}}}});
}

void Server::notify(llvm::StringRef Method, Value Params) {
  T.send(Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

void Server::log(int Type, const llvm::Twine &Message) {
  std::string Text = Message.str();
  llvm::errs() << "concur-lsp: " << Text << "\n";
  notify("window/logMessage", Object{{"type", Type}, {"message", Text}});
}

// ---- documents ------------------------------------------------------------------------------

llvm::Expected<std::string> Server::documentPath(const Object *P) {
  const Object *Doc = objectAt(P, "textDocument");
  std::optional<llvm::StringRef> Uri = Doc ? Doc->getString("uri") : std::nullopt;
  if (!Uri)
    return paramsError("expected params.textDocument.uri");
  std::optional<std::string> Path = uriToPath(*Uri);
  if (!Path)
    return paramsError("not a file: URI: " + *Uri);
  // The analysis names files by their real path: so do the documents.
  llvm::SmallString<256> Real;
  if (!fs::real_path(*Path, Real))
    return Real.str().str();
  return *Path;
}

void Server::scheduleLocked(const std::string &Path, unsigned DelayMs) {
  Pending[Path] = Clock::now() + std::chrono::milliseconds(DelayMs);
  if (Running == Path && RunningCancel)
    RunningCancel->store(true);  // superseded
  Wake.notify_all();
}

llvm::Error Server::didOpen(const Object *P) {
  llvm::Expected<std::string> Path = documentPath(P);
  if (!Path)
    return Path.takeError();
  const Object *Doc = objectAt(P, "textDocument");
  std::optional<llvm::StringRef> Text = Doc->getString("text");
  if (!Text)
    return paramsError("expected params.textDocument.text");
  Document D;
  D.uri = Doc->getString("uri")->str();
  D.text = Text->str();
  D.version = Doc->getInteger("version").value_or(0);
  D.analysable = analysableName(*Path, Doc->getString("languageId").value_or(""));
  std::lock_guard<std::mutex> Lock(Mutex);
  bool Analysable = D.analysable;
  Docs[*Path] = std::move(D);
  Results.erase(*Path);
  if (Analysable)
    scheduleLocked(*Path, 0);
  return llvm::Error::success();
}

llvm::Error Server::didChange(const Object *P) {
  llvm::Expected<std::string> Path = documentPath(P);
  if (!Path)
    return Path.takeError();
  const Array *Changes = P->getArray("contentChanges");
  if (!Changes)
    return paramsError("expected params.contentChanges");
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(*Path);
  if (It == Docs.end())
    return paramsError("didChange for a document that is not open: " + *Path);
  Document &D = It->second;
  if (std::optional<int64_t> V = objectAt(P, "textDocument")->getInteger("version"))
    D.version = *V;
  else
    ++D.version;
  std::string Text = D.text;
  bool Whole = false;
  for (const Value &C : *Changes) {
    if (llvm::Error E = applyContentChange(Text, C)) {
      // The text is no longer the editor's: nothing is analysed or offered for it until the
      // editor sends the whole text again (reopening the file does).
      D.desynced = true;
      Pending.erase(*Path);
      if (Running == *Path && RunningCancel)
        RunningCancel->store(true);
      Results.erase(*Path);
      return llvm::joinErrors(std::move(E),
                              paramsError(*Path + ": ignored until its whole text is sent again"));
    }
    if (const Object *O = C.getAsObject(); O && !O->get("range"))
      Whole = true;
  }
  D.text = std::move(Text);
  if (Whole)
    D.desynced = false;
  if (D.analysable && !D.desynced)
    scheduleLocked(*Path, Options.debounceMs);
  return llvm::Error::success();
}

llvm::Error Server::didSave(const Object *P) {
  llvm::Expected<std::string> Path = documentPath(P);
  if (!Path)
    return Path.takeError();
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(*Path);
  if (It == Docs.end() || !It->second.analysable || It->second.desynced)
    return llvm::Error::success();
  // Saving changes nothing the analysis sees (it read the buffer) unless nothing was analysed.
  auto R = Results.find(*Path);
  if (R == Results.end() || R->second.version != It->second.version)
    scheduleLocked(*Path, 0);
  return llvm::Error::success();
}

llvm::Error Server::didClose(const Object *P) {
  llvm::Expected<std::string> Path = documentPath(P);
  if (!Path)
    return Path.takeError();
  std::string Uri;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Docs.find(*Path);
    if (It == Docs.end())
      return llvm::Error::success();
    Uri = It->second.uri;
    // Its facts came from the buffer; when that was not saved, the file on disk is what the
    // other TUs see from now on: analysed again.
    auto OnDisk = llvm::MemoryBuffer::getFile(*Path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    bool Unsaved = !OnDisk || (*OnDisk)->getBuffer() != It->second.text;
    bool Analysable = It->second.analysable;
    Docs.erase(It);
    Preambles.forget(*Path);
    Results.erase(*Path);
    Failed.erase(*Path);
    if (Analysable && Unsaved)
      scheduleLocked(*Path, Options.debounceMs);
    else
      Pending.erase(*Path);
  }
  notify("textDocument/publishDiagnostics", Object{{"uri", Uri}, {"diagnostics", Array{}}});
  return llvm::Error::success();
}

llvm::Expected<Value> Server::codeAction(const Object *P) {
  llvm::Expected<std::string> Path = documentPath(P);
  if (!Path)
    return Path.takeError();
  const Object *Range = objectAt(P, "range");
  Position Start, End;
  if (!Range || !parsePosition(Range->get("start"), Start) ||
      !parsePosition(Range->get("end"), End))
    return paramsError("expected params.range with start and end positions");
  if (const Array *Only = objectAt(P, "context") ? objectAt(P, "context")->getArray("only")
                                                 : nullptr) {
    bool Wanted = false;
    for (const Value &K : *Only)
      if (auto S = K.getAsString(); S && S->split('.').first == "quickfix")
        Wanted = true;
    if (!Wanted)
      return Array{};
  }
  auto Before = [](const Position &A, const Position &B) {
    return A.line < B.line || (A.line == B.line && A.character < B.character);
  };
  Array Actions;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Doc = Docs.find(*Path);
  auto Res = Results.find(*Path);
  // Edits computed for an older version of the text would land in the wrong place.
  if (Doc == Docs.end() || Res == Results.end() || Res->second.version != Doc->second.version)
    return Actions;
  for (const Item &I : Res->second.items) {
    if (!I.edit || Before(End, I.start) || Before(I.end, Start))
      continue;
    Actions.push_back(Object{{"title", I.title},
                             {"kind", "quickfix"},
                             {"diagnostics", Array{I.diagnostic}},
                             {"isPreferred", true},
                             {"edit", *I.edit}});
  }
  return Actions;
}

// ---- analyses -------------------------------------------------------------------------------

void Server::workerLoop() {
  std::unique_lock<std::mutex> Lock(Mutex);
  while (!Stopping) {
    if (Pending.empty()) {
      if (RelinkPending) {
        RelinkPending = false;
        Lock.unlock();
        relinkAndPublish("");
        Lock.lock();
        continue;
      }
      Wake.wait(Lock);
      continue;
    }
    auto Next = std::min_element(Pending.begin(), Pending.end(), [](const auto &A, const auto &B) {
      return A.second < B.second;
    });
    if (Next->second > Clock::now()) {
      Wake.wait_until(Lock, Next->second);
      continue;
    }
    std::string Path = Next->first;
    Pending.erase(Next);
    Lock.unlock();
    try {
      analyse(Path);
    } catch (const std::exception &E) {
      log(1, "analysis of " + Path + " failed: " + E.what());
    }
    Lock.lock();
  }
}

std::string Server::translationUnitFor(const std::string &Path) {
  if (!isHeaderFile(Path))
    return Path;
  {
    // A TU that read the header, from the facts kept: the one named like it first.
    std::lock_guard<std::mutex> Lock(Mutex);
    std::string Best;
    for (const auto &[Main, U] : Units)
      for (const FileFact &F : U.facts.files)
        if (F.path == Path && Main != Path &&
            (Best.empty() || path::stem(Main) == path::stem(Path)))
          Best = Main;
    if (!Best.empty())
      return Best;
  }
  std::lock_guard<std::mutex> Lock(ResolverMutex);
  llvm::Expected<std::string> Includer = Resolver.includerFor(Path);
  if (!Includer) {
    log(1, llvm::toString(Includer.takeError()));
    return Path;
  }
  return Includer->empty() ? Path : *Includer;
}

void Server::analyse(const std::string &Path) {
  std::string Main = translationUnitFor(Path);
  llvm::Expected<CompileJob> Job = [&] {
    std::lock_guard<std::mutex> Lock(ResolverMutex);
    return Resolver.jobFor(Main);
  }();

  llvm::StringMap<std::string> Overlay;
  int64_t Version = -1;
  bool Open = false;
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  uint64_t MySeq;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Stopping || Pending.count(Path))
      return;  // superseded while the TU was looked up
    for (const auto &[P, D] : Docs)
      Overlay[P] = D.text;
    if (auto It = Docs.find(Path); It != Docs.end()) {
      Open = true;
      Version = It->second.version;
    }
    Running = Path;
    RunningCancel = Cancel;
    MySeq = ++Seq;
  }
  log(4, llvm::formatv("analysing {0} (version {1}) as part of {2}", Path, Version, Main).str());

  TUResult R;
  if (!Job) {
    R.file = Main;
    R.errors.push_back(llvm::toString(Job.takeError()));
  } else {
    AnalyzeOptions Analyze{&Overlay, Cancel.get()};
    // An open document is edited again soon: its preamble is worth keeping. A closed one's TU
    // (analysed once with the file on disk) is parsed whole.
    if (Open)
      Analyze.preambles = &Preambles;
    auto Started = Clock::now();
    R = analyzeOne(*Job, Analyze);
    if (!R.cancelled)
      log(4, llvm::formatv("analysed {0} (version {1}) in {2} ms, preamble {3}", Path, Version,
                           std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                                 Started)
                               .count(),
                           R.preamble == TUResult::Preamble::Reused  ? "reused"
                           : R.preamble == TUResult::Preamble::Built ? "built"
                                                                     : "none")
                 .str());
  }

  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Running.clear();
    RunningCancel.reset();
    if (Stopping)
      return;
  }
  if (R.cancelled) {
    log(4, llvm::formatv("analysis of {0} (version {1}) cancelled: superseded by an edit", Path,
                         Version)
               .str());
    return;
  }
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Open) {
      auto It = Docs.find(Path);
      if (It == Docs.end() || It->second.version != Version)
        return;  // edited meanwhile: the newer version is already scheduled
    }
    if (R.ok) {
      Failed.erase(Path);
      Unit &U = Units[Main];
      if (U.seq < MySeq) {
        U.facts = std::move(R.facts);
        U.seq = MySeq;
      }
    } else if (Open) {
      Failed.insert(Path);
    } else {
      Units.erase(Main);  // its facts were of a buffer that is gone
    }
  }
  if (!R.ok) {
    std::string Message = Path + " was not analysed:";
    for (const std::string &E : R.errors)
      Message += "\n  " + E;
    log(2, Message);
  }
  relinkAndPublish(Open ? Path : "");
}

void Server::indexLoop() {
  // Only a compile database lists the project's TUs; without one there is nothing to index
  // (walking an arbitrary folder could take anything).
  bool HaveDatabase = !Options.compileDatabase.empty();
  for (const char *Sub : {"", "build"}) {
    llvm::SmallString<256> C(Root);
    path::append(C, Sub, "compile_commands.json");
    HaveDatabase |= fs::is_regular_file(C);
  }
  if (!HaveDatabase)
    return;
  llvm::Expected<ResolvedInputs> Inputs = [&] {
    std::lock_guard<std::mutex> Lock(ResolverMutex);
    return Resolver.resolve({Root});
  }();
  if (!Inputs) {
    log(1, "background index: " + llvm::toString(Inputs.takeError()));
    return;
  }
  auto Started = Clock::now();
  unsigned Done = 0;
  for (const CompileJob &Job : Inputs->jobs) {
    if (IndexCancel)
      return;
    if (!Job.command.Heuristic.empty())
      continue;  // not listed by the database (found by walking the folder, or inferred)
    llvm::StringMap<std::string> Overlay;
    uint64_t MySeq;
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      if (Units.count(Job.file))
        continue;  // an editor's analysis came first
      for (const auto &[P, D] : Docs)
        Overlay[P] = D.text;
      MySeq = ++Seq;
    }
    AnalyzeOptions Analyze{&Overlay, &IndexCancel};
    Analyze.cache = Cache.get();
    TUResult R = analyzeOne(Job, Analyze);
    if (R.cancelled)
      return;
    if (!R.ok)
      continue;
    std::lock_guard<std::mutex> Lock(Mutex);
    Unit &U = Units[Job.file];
    if (U.seq < MySeq) {
      U.facts = std::move(R.facts);
      U.seq = MySeq;
    }
    ++Done;
  }
  log(4, llvm::formatv("background index: {0} of {1} TU(s) analysed in {2:f1} s", Done,
                       Inputs->jobs.size(),
                       std::chrono::duration<double>(Clock::now() - Started).count())
             .str());
  std::lock_guard<std::mutex> Lock(Mutex);
  RelinkPending = true;
  Wake.notify_all();
}

std::string Server::uriFor(const std::string &Path) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(Path);
  return It != Docs.end() ? It->second.uri : fileUri(Path);
}

void Server::relinkAndPublish(const std::string &Changed) {
  // A snapshot: the analyses go on while the rules run.
  std::vector<std::pair<uint64_t, TUFacts>> Snapshot;
  std::map<std::string, Document> Open;
  std::set<std::string> Waiting, Broken;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    for (const auto &[Main, U] : Units)
      Snapshot.push_back({U.seq, U.facts});
    Open = Docs;
    for (const auto &[P, When] : Pending)
      Waiting.insert(P);
    if (!Running.empty())
      Waiting.insert(Running);
    Broken = Failed;
  }

  // Which content of each file counts: an open document's buffer, else what the newest
  // analysis read.
  std::sort(Snapshot.begin(), Snapshot.end(),
            [](const auto &A, const auto &B) { return A.first > B.first; });
  llvm::StringMap<std::string> Overlay, OpenHashes;
  for (const auto &[P, D] : Open) {
    Overlay[P] = D.text;
    OpenHashes[P] = contentHash(D.text);
  }
  std::vector<TUFacts> NewestFirst;
  for (auto &[S, F] : Snapshot)
    NewestFirst.push_back(std::move(F));
  Program Prog(dropStaleFacts(std::move(NewestFirst), OpenHashes), std::move(Overlay));

  std::vector<std::unique_ptr<Rule>> Rules = createAllRules();
  ConfigResolver Configs("", std::nullopt);
  std::vector<std::string> Analysed;
  for (const auto &[P, D] : Open)
    if (D.analysable && !D.desynced && !Waiting.count(P))
      Analysed.push_back(P);
  EngineResult Result = runRules(Prog, Rules, Configs, Analysed);
  showConfigErrors(Result.configErrors);

  for (const std::string &P : Analysed) {
    const Document &D = Open[P];
    Published Out;
    Out.version = D.version;
    Array Diagnostics;
    if (!Broken.count(P))
      for (const Finding &F : Result.findings) {
        if (F.where.file != P)
          continue;
        Item I = itemFor(F, D.text, Prog, Open);
        Diagnostics.push_back(I.diagnostic);
        Out.items.push_back(std::move(I));
      }
    Out.key = llvm::formatv("{0}", Value(Array(Diagnostics))).str();
    bool Send;
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      auto Doc = Docs.find(P);
      if (Doc == Docs.end() || Doc->second.version != D.version || Pending.count(P))
        continue;  // changed while the rules ran: the next run publishes
      Published &Old = Results[P];
      Send = P == Changed || Old.key != Out.key || Old.version != Out.version;
      Old = std::move(Out);
    }
    if (Send)
      notify("textDocument/publishDiagnostics",
             Object{{"uri", D.uri}, {"version", D.version}, {"diagnostics", std::move(Diagnostics)}});
  }
}

void Server::showConfigErrors(const std::vector<std::string> &Errors) {
  for (const std::string &E : Errors) {
    bool New;
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      New = ReportedConfigErrors.insert(E).second;
    }
    if (New) {
      notify("window/showMessage", Object{{"type", 1}, {"message", "concur-lint: " + E}});
      log(1, E);
    }
  }
}

Server::Item Server::itemFor(const Finding &F, llvm::StringRef Text, const Program &Prog,
                             const std::map<std::string, Document> &Open) {
  Item I;
  size_t Begin = std::min<size_t>(F.where.offset, Text.size());
  I.start = positionAt(Text, Begin);
  I.end = positionAt(Text, Begin + F.where.length);
  Object Diag{{"range", Object{{"start", toJSON(I.start)}, {"end", toJSON(I.end)}}},
              {"severity", lspSeverity(F.severity)},
              {"code", F.rule},
              {"source", "concur-lint"},
              {"message", F.confidence == Confidence::High
                              ? F.message
                              : F.message + " (" + nameOf(F.confidence).str() + " confidence" +
                                    (F.confidenceReason.empty() ? "" : ": " + F.confidenceReason) +
                                    ")"}};
  if (std::string Href = ruleDocUrl(F.rule); !Href.empty())
    Diag["codeDescription"] = Object{{"href", Href}};
  Array Related;
  for (const Note &N : F.notes) {
    Value Range = nullptr;
    if (std::optional<llvm::StringRef> C = Prog.fileContent(N.where.file))
      Range = rangeJSON(*C, N.where.offset, N.where.offset + N.where.length);
    else
      Range = Object{{"start", toJSON(Position{N.where.line ? N.where.line - 1 : 0,
                                               N.where.column ? N.where.column - 1 : 0})},
                     {"end", toJSON(Position{N.where.line ? N.where.line - 1 : 0,
                                             N.where.column ? N.where.column - 1 : 0})}};
    Related.push_back(Object{
        {"location", Object{{"uri", uriFor(N.where.file)}, {"range", std::move(Range)}}},
        {"message", N.message}});
  }
  if (!Related.empty())
    Diag["relatedInformation"] = std::move(Related);
  I.diagnostic = Value(std::move(Diag));
  attachFix(F, Prog, Open, I);
  return I;
}

void Server::attachFix(const Finding &F, const Program &Prog,
                       const std::map<std::string, Document> &Open, Item &I) {
  // Every file the fix edits must still read as it was analysed.
  if (!F.hasFixes())
    return;
  Array DocEdits;
  Object ByUri;
  for (const auto &[File, Reps] : F.fixes) {
    std::optional<llvm::StringRef> C = Prog.analysedContent(File);
    if (!C)
      return;
    Array Edits;
    // Strings are copied (a StringRef would point into the findings, gone by the time a code
    // action is asked for).
    for (const clang::tooling::Replacement &R : Reps)
      Edits.push_back(Object{{"range", rangeJSON(*C, R.getOffset(), R.getOffset() + R.getLength())},
                             {"newText", R.getReplacementText().str()}});
    std::string Uri = uriFor(File);
    auto OpenDoc = Open.find(File);
    Value Version = OpenDoc != Open.end() ? Value(OpenDoc->second.version) : Value(nullptr);
    DocEdits.push_back(Object{{"textDocument", Object{{"uri", Uri}, {"version", Version}}},
                              {"edits", Array(Edits)}});
    ByUri[Uri] = std::move(Edits);
  }
  I.title = fixTitle(F);
  // Versioned edits only when every file edited is open: a null version (a closed file) is
  // valid LSP but trips some clients (Neovim 0.7 compares it with a number).
  bool AllOpen = llvm::all_of(F.fixes, [&](const auto &Entry) { return Open.count(Entry.first) != 0; });
  if (DocumentChanges && AllOpen)
    I.edit = Value(Object{{"documentChanges", std::move(DocEdits)}});
  else
    I.edit = Value(Object{{"changes", std::move(ByUri)}});
}

}  // namespace concurlint::lsp
