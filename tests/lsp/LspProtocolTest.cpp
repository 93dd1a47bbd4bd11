// concur-lsp at the protocol level: a test client spawns the real server and talks JSON-RPC
// to it through pipes, as an editor does. Every wait is bounded.
#include "tests/unit/TestSupport.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <thread>
#include <tuple>
#include <optional>
#include <random>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using concurlint::test::TempDir;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto Patience = 30s;  // the longest any answer may take on a loaded CI machine

std::string uri(const std::string &Path) { return "file://" + Path; }

/// The server as a child process with its stdin and stdout on pipes (stderr is the test's).
class Client {
public:
  explicit Client(std::vector<std::string> Extra = {}) {
    int ToServer[2], FromServer[2];
    EXPECT_EQ(pipe(ToServer), 0);
    EXPECT_EQ(pipe(FromServer), 0);
    Pid = fork();
    if (Pid == 0) {
      dup2(ToServer[0], 0);
      dup2(FromServer[1], 1);
      close(ToServer[1]);
      close(FromServer[0]);
      std::vector<std::string> Args = {CONCUR_LSP, "--debounce-ms=150"};
      Args.insert(Args.end(), Extra.begin(), Extra.end());
      std::vector<char *> Argv;
      for (std::string &A : Args)
        Argv.push_back(A.data());
      Argv.push_back(nullptr);
      execv(CONCUR_LSP, Argv.data());
      _exit(127);
    }
    close(ToServer[0]);
    close(FromServer[1]);
    In = ToServer[1];
    Out = FromServer[0];
  }

  ~Client() {
    if (In >= 0)
      close(In);
    if (Pid > 0 && !Exited) {
      kill(Pid, SIGKILL);
      waitpid(Pid, nullptr, 0);
    }
    close(Out);
  }

  /// The editor goes away: the server sees the end of its input.
  void closeInput() {
    close(In);
    In = -1;
  }

  /// Writes everything, reading what the server sends meanwhile (it may block on a full pipe
  /// until someone reads, as a real client does).
  void sendRaw(const std::string &Bytes) {
    size_t Done = 0;
    auto Deadline = Clock::now() + Patience;
    while (Done < Bytes.size() && Clock::now() < Deadline) {
      pollfd P[2] = {{In, POLLOUT, 0}, {Out, POLLIN, 0}};
      if (poll(P, 2, 100) <= 0)
        continue;
      if (P[1].revents & POLLIN)
        drain();
      if (P[0].revents & POLLOUT) {
        ssize_t N = write(In, Bytes.data() + Done, std::min<size_t>(Bytes.size() - Done, 4096));
        ASSERT_GT(N, 0);
        Done += static_cast<size_t>(N);
      }
    }
    ASSERT_EQ(Done, Bytes.size()) << "the server stopped reading its input";
  }
  void send(const Value &V) {
    std::string Body = llvm::formatv("{0}", V).str();
    sendRaw("Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body);
  }
  int request(llvm::StringRef Method, Value Params) {
    int Id = ++LastId;
    send(Object{{"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", std::move(Params)}});
    return Id;
  }
  void notify(llvm::StringRef Method, Value Params) {
    send(Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }

  /// The next message that satisfies `Match` (earlier ones are kept for later calls), or
  /// nullopt after `Timeout`.
  std::optional<Object> waitFor(const std::function<bool(const Object &)> &Match,
                                std::chrono::milliseconds Timeout = Patience) {
    auto Deadline = Clock::now() + Timeout;
    for (;;) {
      for (auto It = Inbox.begin(); It != Inbox.end(); ++It)
        if (Match(*It)) {
          Object Found = std::move(*It);
          Inbox.erase(It);
          return Found;
        }
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(Deadline - Clock::now());
      if (Left.count() <= 0 || !readOne(Left))
        return std::nullopt;
    }
  }

  std::optional<Object> response(int Id) {
    return waitFor([Id](const Object &M) { return M.getInteger("id") == Id && !M.get("method"); });
  }
  /// A response with a null id: how the server answers what it cannot read.
  std::optional<Object> nullIdError() {
    return waitFor([](const Object &M) {
      const Value *Id = M.get("id");
      return Id && Id->kind() == Value::Null && M.get("error");
    });
  }
  std::optional<Object> diagnostics(const std::string &Path,
                                    const std::function<bool(const Object &)> &Match =
                                        [](const Object &) { return true; },
                                    std::chrono::milliseconds Timeout = Patience) {
    std::optional<Object> M = waitFor(
        [&](const Object &M) {
          if (M.getString("method") != "textDocument/publishDiagnostics")
            return false;
          const Object *P = M.getObject("params");
          return P && P->getString("uri") == uri(Path) && P->getArray("diagnostics") &&
                 Match(*P);
        },
        Timeout);
    if (!M)
      return std::nullopt;
    return *M->getObject("params");  // the params of the notification
  }

  void initialize(const std::string &Root, bool DocumentChanges = true) {
    int Id = request("initialize",
                     Object{{"processId", nullptr},
                            {"rootUri", uri(Root)},
                            {"capabilities",
                             Object{{"workspace", Object{{"workspaceEdit",
                                                          Object{{"documentChanges",
                                                                  DocumentChanges}}}}}}}});
    ASSERT_TRUE(response(Id));
    notify("initialized", Object{});
  }
  void open(const std::string &Path, const std::string &Text, int Version = 1) {
    notify("textDocument/didOpen",
           Object{{"textDocument", Object{{"uri", uri(Path)},
                                          {"languageId", "cpp"},
                                          {"version", Version},
                                          {"text", Text}}}});
  }
  void change(const std::string &Path, int Version, Array Changes) {
    notify("textDocument/didChange",
           Object{{"textDocument", Object{{"uri", uri(Path)}, {"version", Version}}},
                  {"contentChanges", std::move(Changes)}});
  }

  /// shutdown, exit, and the exit status (-1 if the server did not exit in time).
  int shutdownAndExit() {
    int Id = request("shutdown", nullptr);
    auto R = response(Id);
    EXPECT_TRUE(R);
    if (R)
      EXPECT_EQ(R->get("result")->kind(), Value::Null);
    notify("exit", nullptr);
    return waitExit();
  }
  int waitExit() {
    auto Deadline = Clock::now() + Patience;
    while (Clock::now() < Deadline) {
      int Status;
      if (waitpid(Pid, &Status, WNOHANG) == Pid) {
        Exited = true;
        return WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
      }
      pollfd P{Out, POLLIN, 0};
      if (poll(&P, 1, 20) > 0)
        drain();
    }
    return -1;
  }
  bool alive() { return waitpid(Pid, nullptr, WNOHANG) == 0; }

private:
  /// Reads what is there to read, into the buffer (messages are parsed when asked for).
  void drain() {
    char Chunk[65536];
    ssize_t N = read(Out, Chunk, sizeof Chunk);
    if (N > 0)
      Buffer.append(Chunk, static_cast<size_t>(N));
  }

  /// Reads one framed message into the inbox; false on timeout or end of output.
  bool readOne(std::chrono::milliseconds Timeout) {
    auto Deadline = Clock::now() + Timeout;
    for (;;) {
      size_t HeaderEnd = Buffer.find("\r\n\r\n");
      if (HeaderEnd != std::string::npos) {
        llvm::StringRef Headers(Buffer.data(), HeaderEnd);
        size_t At = Headers.find("Content-Length: ");
        EXPECT_NE(At, llvm::StringRef::npos) << "server sent headers without a length: " << Headers.str();
        if (At == llvm::StringRef::npos)
          return false;
        size_t Length = std::stoul(Headers.substr(At + 16).str());
        if (Buffer.size() >= HeaderEnd + 4 + Length) {
          std::string Body = Buffer.substr(HeaderEnd + 4, Length);
          Buffer.erase(0, HeaderEnd + 4 + Length);
          auto Parsed = llvm::json::parse(Body);
          EXPECT_TRUE(static_cast<bool>(Parsed)) << "server sent invalid JSON: " << Body;
          if (!Parsed) {
            llvm::consumeError(Parsed.takeError());
            return false;
          }
          EXPECT_TRUE(Parsed->getAsObject()) << Body;
          if (Parsed->getAsObject())
            Inbox.push_back(std::move(*Parsed->getAsObject()));
          return true;
        }
      }
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(Deadline - Clock::now());
      if (Left.count() <= 0)
        return false;
      pollfd P{Out, POLLIN, 0};
      if (poll(&P, 1, static_cast<int>(Left.count())) <= 0)
        return false;
      char Chunk[65536];
      ssize_t N = read(Out, Chunk, sizeof Chunk);
      if (N <= 0)
        return false;
      Buffer.append(Chunk, static_cast<size_t>(N));
    }
  }

  pid_t Pid = -1;
  int In = -1, Out = -1;
  bool Exited = false;
  int LastId = 0;
  std::string Buffer;
  std::deque<Object> Inbox;
};

int errorCode(const std::optional<Object> &M) {
  if (!M || !M->getObject("error"))
    return 0;
  return static_cast<int>(M->getObject("error")->getInteger("code").value_or(0));
}

const Array &diags(const Object &Params) { return *Params.getArray("diagnostics"); }

/// Applies LSP TextEdits (UTF-16 positions) to a text: written here from the specification,
/// independently of the server's own conversion.
std::string applyEdits(const std::string &Text, const Array &Edits) {
  auto Offset = [&](const Object &Pos) {
    int64_t Line = *Pos.getInteger("line"), Char = *Pos.getInteger("character");
    size_t I = 0;
    for (int64_t L = 0; L < Line; ++L)
      I = Text.find('\n', I) + 1;
    for (int64_t Units = 0; Units < Char && I < Text.size() && Text[I] != '\n';) {
      unsigned char C = Text[I];
      int Bytes = C < 0x80 ? 1 : C < 0xE0 ? 2 : C < 0xF0 ? 3 : 4;
      Units += Bytes == 4 ? 2 : 1;
      I += Bytes;
    }
    return I;
  };
  std::vector<std::tuple<size_t, size_t, std::string>> Spans;
  for (const Value &E : Edits) {
    const Object &O = *E.getAsObject();
    const Object &R = *O.getObject("range");
    Spans.emplace_back(Offset(*R.getObject("start")), Offset(*R.getObject("end")),
                       O.getString("newText")->str());
  }
  std::sort(Spans.begin(), Spans.end(),
            [](const auto &A, const auto &B) { return std::get<0>(A) > std::get<0>(B); });
  std::string Out = Text;
  for (const auto &[B, E, New] : Spans)
    Out.replace(B, E - B, New);
  return Out;
}

// A race between a pthread and main on `counter`; the line before the racy write holds
// characters of 2, 3 and 4 bytes in UTF-8 ("é", "€", "😀": 1, 1 and 2 UTF-16 code units).
const char *RacyCpp = R"cpp(#include <pthread.h>
long counter = 0;
static void *work(void *) {
  /* é€😀 */ counter += 1;
  return nullptr;
}
int main() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);
  counter += 2;
  pthread_join(t, nullptr);
  return 0;
}
)cpp";

const char *CleanCpp = R"cpp(#include <pthread.h>
long counter = 0;
int main() { return static_cast<int>(counter); }
)cpp";

TEST(LspProtocol, InitializeShutdownExit) {
  TempDir Dir;
  Client C;
  int Id = C.request("initialize", Object{{"processId", nullptr}, {"rootUri", uri(Dir.path())},
                                          {"capabilities", Object{}}});
  auto R = C.response(Id);
  ASSERT_TRUE(R);
  const Object *Caps = R->getObject("result")->getObject("capabilities");
  ASSERT_TRUE(Caps);
  EXPECT_EQ(Caps->getString("positionEncoding"), "utf-16");
  EXPECT_EQ(Caps->getObject("textDocumentSync")->getInteger("change"), 2);
  EXPECT_TRUE(Caps->getObject("codeActionProvider"));
  EXPECT_EQ(R->getObject("result")->getObject("serverInfo")->getString("name"), "concur-lsp");
  C.notify("initialized", Object{});
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, ExitWithoutShutdownIsStatusOne) {
  TempDir Dir;
  Client C;
  C.initialize(Dir.path());
  C.notify("exit", nullptr);
  EXPECT_EQ(C.waitExit(), 1);
}

TEST(LspProtocol, EndOfInputEndsTheServer) {
  Client C;
  C.sendRaw("Content-Length: 50\r\n\r\n{\"a\"");  // cut short, then the client goes away
  C.closeInput();
  EXPECT_EQ(C.waitExit(), 1);  // no shutdown came first
}

TEST(LspProtocol, ErrorsForRequestsItCannotServe) {
  TempDir Dir;
  Client C;
  EXPECT_EQ(errorCode(C.response(C.request("textDocument/codeAction", Object{}))), -32002);
  C.initialize(Dir.path());
  EXPECT_EQ(errorCode(C.response(C.request("initialize", Object{}))), -32600);
  EXPECT_EQ(errorCode(C.response(C.request("textDocument/hover", Object{}))), -32601);
  EXPECT_EQ(errorCode(C.response(C.request("$/somethingPrivate", Object{}))), -32601);
  C.notify("workspace/unknownNotification", Object{});
  C.notify("$/cancelRequest", Object{{"id", 99}});
  EXPECT_EQ(errorCode(C.response(C.request("textDocument/codeAction", Object{{"x", 1}}))),
            -32602);
  EXPECT_EQ(errorCode(C.response(C.request("textDocument/codeAction", Array{1, 2}))), -32602);
  // A code action for a document that is not open: nothing to offer.
  auto R = C.response(C.request(
      "textDocument/codeAction",
      Object{{"textDocument", Object{{"uri", uri(Dir.path() + "/none.cpp")}}},
             {"range", Object{{"start", Object{{"line", 0}, {"character", 0}}},
                              {"end", Object{{"line", 0}, {"character", 0}}}}},
             {"context", Object{{"diagnostics", Array{}}}}}));
  ASSERT_TRUE(R);
  EXPECT_EQ(R->getArray("result")->size(), 0u);
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, MalformedInputNeverStopsIt) {
  TempDir Dir;
  Client C;
  C.initialize(Dir.path());
  C.sendRaw("Content-Length: 9\r\n\r\n{not json");
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  C.sendRaw("Content-Length: 5\r\n\r\n[1,2]");
  EXPECT_EQ(errorCode(C.nullIdError()), -32600);
  C.sendRaw("Content-Length: 12\r\n\r\n{\"id\":true}");
  C.sendRaw("\r\n");  // the body above is 11 bytes: this newline completes it
  EXPECT_EQ(errorCode(C.nullIdError()), -32600);
  C.sendRaw("Content-Type: application/json\r\n\r\n");  // no length
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  C.sendRaw("Content-Length: lots\r\n\r\n");
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  C.sendRaw("Content-Length: 99999999999\r\n\r\n");
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  C.sendRaw("this is not a header\r\n");
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  C.sendRaw(std::string(20000, 'x') + "\r\n");
  EXPECT_EQ(errorCode(C.nullIdError()), -32700);
  // Notifications with bad parameters are logged, not answered.
  C.notify("textDocument/didOpen", Object{{"textDocument", 3}});
  C.notify("textDocument/didOpen",
           Object{{"textDocument", Object{{"uri", "untitled:Untitled-1"}, {"text", "int x;"}}}});
  C.notify("textDocument/didChange",
           Object{{"textDocument", Object{{"uri", uri(Dir.path() + "/never-opened.cpp")}}},
                  {"contentChanges", Array{}}});
  // Still serving, and framed right.
  auto R = C.response(C.request("textDocument/hover", Object{}));
  EXPECT_EQ(errorCode(R), -32601);
  EXPECT_TRUE(C.alive());
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, RandomBytesNeverCrashIt) {
  TempDir Dir;
  Client C;
  C.initialize(Dir.path());
  // Garbage with pieces of framing and JSON in it, from a fixed seed.
  std::mt19937 Random(8);
  const char *Pieces[] = {"Content-Length: ", "\r\n", "\r\n\r\n", "{\"jsonrpc\":\"2.0\",",
                          "\"method\":", "\"id\":", "[", "{", "\"textDocument/didOpen\"",
                          "12", "999999999999", ":", "\xff\xfe", "\"params\":{}}"};
  std::string Garbage;
  while (Garbage.size() < (1u << 16)) {
    if (Random() % 3 == 0)
      Garbage += Pieces[Random() % std::size(Pieces)];
    else
      Garbage += static_cast<char>(Random() % 256);
  }
  C.sendRaw(Garbage);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(C.alive());
  C.closeInput();
  EXPECT_EQ(C.waitExit(), 1);  // the end of input ends it, without shutdown: status 1
}

TEST(LspProtocol, DiagnosticsOfAnUnsavedBufferWithUtf16Columns) {
  TempDir Dir;
  // On disk the file is clean; the editor's buffer has the race.
  std::string File = Dir.write("racy.cpp", CleanCpp);
  Client C;
  C.initialize(Dir.path());
  C.open(File, RacyCpp);
  auto P = C.diagnostics(File, [](const Object &P) { return !diags(P).empty(); });
  ASSERT_TRUE(P) << "no diagnostics for the unsaved buffer";
  EXPECT_EQ(P->getInteger("version"), 1);
  const Object *D = nullptr;
  for (const Value &V : diags(*P))
    if (V.getAsObject()->getString("code") == "race-shared-global")
      D = V.getAsObject();
  ASSERT_TRUE(D) << llvm::formatv("{0:2}", Value(Object(*P))).str();
  EXPECT_EQ(D->getString("source"), "concur-lint");
  EXPECT_EQ(D->getInteger("severity"), 2);
  ASSERT_TRUE(D->getObject("codeDescription"));
  EXPECT_TRUE(D->getObject("codeDescription")->getString("href")->ends_with(
      "rules/race-shared-global.md"));
  // `counter` on line 4 (0-based 3) after "  /* é€😀 */ ": 2 + 3 + 1 + 1 + 2 + 4 = 13 units.
  const Object *Start = D->getObject("range")->getObject("start");
  const Object *End = D->getObject("range")->getObject("end");
  EXPECT_EQ(Start->getInteger("line"), 3);
  EXPECT_EQ(Start->getInteger("character"), 13);
  EXPECT_EQ(End->getInteger("line"), 3);
  EXPECT_EQ(End->getInteger("character"), 13 + 7);
  const Array *Related = D->getArray("relatedInformation");
  ASSERT_TRUE(Related && !Related->empty());
  const Object *Loc = (*Related)[0].getAsObject()->getObject("location");
  EXPECT_EQ(Loc->getString("uri"), uri(File));
  EXPECT_TRUE((*Related)[0].getAsObject()->getString("message"));
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, IncrementalEditsAndAQuickFix) {
  TempDir Dir;
  std::string File = Dir.write("racy.cpp", RacyCpp);
  Client C;
  C.initialize(Dir.path());
  C.open(File, RacyCpp);
  ASSERT_TRUE(C.diagnostics(File, [](const Object &P) { return !diags(P).empty(); }));

  // Insert a line at the top and change "counter += 2" to "counter += 3" (line 10 after the
  // insertion, 0-based 10): two incremental edits in one notification.
  std::string Text = std::string("// ✓ édité\n") + RacyCpp;
  Array Changes{
      Object{{"range", Object{{"start", Object{{"line", 0}, {"character", 0}}},
                              {"end", Object{{"line", 0}, {"character", 0}}}}},
             {"text", "// ✓ édité\n"}},
      Object{{"range", Object{{"start", Object{{"line", 10}, {"character", 13}}},
                              {"end", Object{{"line", 10}, {"character", 14}}}}},
             {"text", "3"}}};
  C.change(File, 2, std::move(Changes));
  Text.replace(Text.find("counter += 2"), 12, "counter += 3");
  auto P = C.diagnostics(File, [](const Object &P) {
    return P.getInteger("version") == 2 && !diags(P).empty();
  });
  ASSERT_TRUE(P);
  const Object *D = diags(*P)[0].getAsObject();
  EXPECT_EQ(D->getObject("range")->getObject("start")->getInteger("line"), 4);

  // The quick fix for the diagnostic, as the editor asks for it.
  auto R = C.response(C.request(
      "textDocument/codeAction",
      Object{{"textDocument", Object{{"uri", uri(File)}}},
             {"range", Object(*D->getObject("range"))},
             {"context", Object{{"diagnostics", Array{Object(*D)}}}}}));
  ASSERT_TRUE(R);
  const Array *Actions = R->getArray("result");
  ASSERT_TRUE(Actions && !Actions->empty()) << llvm::formatv("{0:2}", Value(Object(*R))).str();
  const Object *A = (*Actions)[0].getAsObject();
  EXPECT_EQ(A->getString("kind"), "quickfix");
  const Array *Changed = A->getObject("edit")->getArray("documentChanges");
  ASSERT_TRUE(Changed && Changed->size() == 1);
  const Object *DocEdit = (*Changed)[0].getAsObject();
  EXPECT_EQ(DocEdit->getObject("textDocument")->getInteger("version"), 2);
  std::string Fixed = applyEdits(Text, *DocEdit->getArray("edits"));
  EXPECT_NE(Fixed, Text);
  EXPECT_NE(Fixed.find("// ✓ édité\n"), std::string::npos) << Fixed;

  // The fixed text, sent whole: the race is gone.
  C.change(File, 3, Array{Object{{"text", Fixed}}});
  auto After = C.diagnostics(File, [](const Object &P) { return P.getInteger("version") == 3; });
  ASSERT_TRUE(After);
  EXPECT_TRUE(diags(*After).empty()) << Fixed;
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, WorkspaceEditWithoutDocumentChanges) {
  TempDir Dir;
  std::string File = Dir.write("racy.cpp", RacyCpp);
  Client C;
  C.initialize(Dir.path(), /*DocumentChanges=*/false);
  C.open(File, RacyCpp);
  auto P = C.diagnostics(File, [](const Object &P) { return !diags(P).empty(); });
  ASSERT_TRUE(P);
  const Object *D = diags(*P)[0].getAsObject();
  auto R = C.response(C.request("textDocument/codeAction",
                                Object{{"textDocument", Object{{"uri", uri(File)}}},
                                       {"range", Object(*D->getObject("range"))},
                                       {"context", Object{{"diagnostics", Array{}}}}}));
  ASSERT_TRUE(R && !R->getArray("result")->empty());
  const Object *Edit = (*R->getArray("result"))[0].getAsObject()->getObject("edit");
  ASSERT_TRUE(Edit->getObject("changes"));
  EXPECT_TRUE(Edit->getObject("changes")->getArray(uri(File)));
  // Only quick fixes are offered.
  auto Refactor = C.response(C.request(
      "textDocument/codeAction",
      Object{{"textDocument", Object{{"uri", uri(File)}}},
             {"range", Object(*D->getObject("range"))},
             {"context", Object{{"diagnostics", Array{}}, {"only", Array{"refactor"}}}}}));
  ASSERT_TRUE(Refactor);
  EXPECT_TRUE(Refactor->getArray("result")->empty());
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, RapidEditsPublishOnlyTheLastVersion) {
  TempDir Dir;
  std::string File = Dir.write("racy.cpp", RacyCpp);
  Client C;
  C.initialize(Dir.path());
  C.open(File, RacyCpp);
  for (int V = 2; V <= 12; ++V)
    C.change(File, V, Array{Object{{"text", std::string(RacyCpp) + "// " + std::to_string(V)}}});
  auto Last = C.diagnostics(File, [](const Object &P) { return P.getInteger("version") == 12; });
  ASSERT_TRUE(Last);
  EXPECT_FALSE(diags(*Last).empty());
  // Nothing was published for the versions in between (the debounce skipped them), and
  // nothing stale comes after.
  while (auto Other = C.diagnostics(File, [](const Object &) { return true; }, 1500ms)) {
    int64_t V = Other->getInteger("version").value_or(-1);
    EXPECT_TRUE(V == 1 || V == 12) << "published version " << V;
  }
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, AFileThatDoesNotParseGetsNoDiagnostics) {
  TempDir Dir;
  std::string File = Dir.write("broken.cpp", "int main( {\n");
  Client C;
  C.initialize(Dir.path());
  C.open(File, "int main( {\n");
  auto P = C.diagnostics(File);
  ASSERT_TRUE(P);
  EXPECT_TRUE(diags(*P).empty());
  // Once it parses, it is analysed.
  C.change(File, 2, Array{Object{{"text", RacyCpp}}});
  EXPECT_TRUE(C.diagnostics(File, [](const Object &P) {
    return P.getInteger("version") == 2 && !diags(P).empty();
  }));
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, AnEditCancelsTheRunningAnalysis) {
  TempDir Dir;
  // Heavy standard headers: the first analysis takes long enough to be interrupted.
  std::string Heavy = "#include <regex>\n#include <iostream>\n#include <random>\n"
                      "#include <ranges>\n#include <future>\n#include <map>\n";
  std::string File = Dir.write("heavy.cpp", Heavy + RacyCpp);
  Client C;
  C.initialize(Dir.path());
  C.open(File, Heavy + RacyCpp);
  // Once the analysis of version 1 has started, version 2 arrives.
  ASSERT_TRUE(C.waitFor([](const Object &M) {
    const Object *P = M.getObject("params");
    return M.getString("method") == "window/logMessage" && P &&
           P->getString("message").value_or("").contains("(version 1) as part of");
  }));
  std::this_thread::sleep_for(50ms);
  C.change(File, 2, Array{Object{{"text", Heavy + RacyCpp + "// edited\n"}}});
  auto Log = C.waitFor([](const Object &M) {
    const Object *P = M.getObject("params");
    return M.getString("method") == "window/logMessage" && P &&
           P->getString("message").value_or("").contains("(version 1) cancelled");
  });
  EXPECT_TRUE(Log) << "the analysis of version 1 was not cancelled";
  auto P = C.diagnostics(File, [](const Object &P) { return P.getInteger("version") == 2; });
  ASSERT_TRUE(P);
  EXPECT_FALSE(diags(*P).empty());
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, CloseClearsAndABadChangeIsNotAnalysed) {
  TempDir Dir;
  std::string File = Dir.write("racy.cpp", RacyCpp);
  Client C;
  C.initialize(Dir.path());
  C.open(File, RacyCpp);
  ASSERT_TRUE(C.diagnostics(File, [](const Object &P) { return !diags(P).empty(); }));
  // A change the server cannot apply (its range ends before it starts): the document is left
  // alone until its whole text comes again.
  C.change(File, 2,
           Array{Object{{"range", Object{{"start", Object{{"line", 2}, {"character", 0}}},
                                         {"end", Object{{"line", 1}, {"character", 0}}}}},
                        {"text", "x"}}});
  EXPECT_TRUE(C.waitFor([](const Object &M) {
    const Object *P = M.getObject("params");
    return M.getString("method") == "window/logMessage" && P &&
           P->getString("message").value_or("").contains("ignored until its whole text");
  }));
  C.change(File, 3, Array{Object{{"text", CleanCpp}}});
  auto P = C.diagnostics(File, [](const Object &P) { return P.getInteger("version") == 3; });
  ASSERT_TRUE(P);
  EXPECT_TRUE(diags(*P).empty());
  C.notify("textDocument/didClose", Object{{"textDocument", Object{{"uri", uri(File)}}}});
  auto Closed = C.diagnostics(File, [](const Object &P) { return !P.get("version"); });
  ASSERT_TRUE(Closed);
  EXPECT_TRUE(diags(*Closed).empty());
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

// worker.cpp writes `hits`; the thread that runs it is started in main.cpp, which reads `hits`
// meanwhile. Opening worker.cpp alone shows the race only with main.cpp's facts: the
// background index of the compile database provides them.
struct CrossTU {
  TempDir Dir;
  std::string Worker, Main;
  CrossTU() {
    Dir.write("hits.h", "#pragma once\nextern long hits;\nvoid *work(void *);\n");
    Worker = Dir.write("worker.cpp", "#include \"hits.h\"\nlong hits = 0;\n"
                                     "void *work(void *) {\n  hits++;\n  return nullptr;\n}\n");
    Main = Dir.write("main.cpp", "#include <pthread.h>\n#include \"hits.h\"\n"
                                 "int main() {\n  pthread_t t;\n"
                                 "  pthread_create(&t, nullptr, work, nullptr);\n"
                                 "  long seen = hits;\n  pthread_join(t, nullptr);\n"
                                 "  return static_cast<int>(seen);\n}\n");
    std::string Db = "[";
    for (const std::string &F : {Worker, Main})
      Db += std::string(Db.size() > 1 ? "," : "") + "{\"directory\": \"" + Dir.path() +
            "\", \"file\": \"" + F + "\", \"arguments\": [\"clang++\", \"-std=c++20\", " +
            "\"-pthread\", \"-c\", \"" + F + "\"]}";
    Dir.write("compile_commands.json", Db + "]");
  }
  std::string text(const std::string &Path) {
    std::ifstream In(Path);
    return std::string(std::istreambuf_iterator<char>(In), {});
  }
};

TEST(LspProtocol, CrossTUFactsFromTheBackgroundIndex) {
  CrossTU W;
  Client C;
  C.initialize(W.Dir.path());
  C.open(W.Worker, W.text(W.Worker));
  auto P = C.diagnostics(W.Worker, [](const Object &P) {
    for (const Value &D : diags(P))
      if (D.getAsObject()->getString("code") == "race-shared-global")
        return true;
    return false;
  });
  ASSERT_TRUE(P) << "the race needs main.cpp's facts";
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, AHeaderIsAnalysedThroughTheTUIncludingIt) {
  CrossTU W;
  // The header's inline function runs on the thread main.cpp starts.
  std::string Header = W.Dir.write("bump.h", "#pragma once\ninline long bumps = 0;\n"
                                             "inline void *bump(void *) {\n  bumps++;\n"
                                             "  return nullptr;\n}\n");
  W.Dir.write("main.cpp", "#include <pthread.h>\n#include \"bump.h\"\n"
                          "int main() {\n  pthread_t t;\n"
                          "  pthread_create(&t, nullptr, bump, nullptr);\n"
                          "  long seen = bumps;\n  pthread_join(t, nullptr);\n"
                          "  return static_cast<int>(seen);\n}\n");
  Client C({"--background-index=false"});
  C.initialize(W.Dir.path());
  C.open(Header, W.text(Header));
  auto P = C.diagnostics(Header, [](const Object &P) { return !diags(P).empty(); });
  ASSERT_TRUE(P) << "the header was not analysed through main.cpp";
  const Object *D = diags(*P)[0].getAsObject();
  EXPECT_EQ(D->getString("code"), "race-shared-global");
  EXPECT_EQ(D->getObject("range")->getObject("start")->getInteger("line"), 3);
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

TEST(LspProtocol, WithoutTheIndexOneFileAloneShowsNoCrossTURace) {
  CrossTU W;
  Client C({"--background-index=false"});
  C.initialize(W.Dir.path());
  C.open(W.Worker, W.text(W.Worker));
  auto P = C.diagnostics(W.Worker);
  ASSERT_TRUE(P);
  EXPECT_TRUE(diags(*P).empty());
  // Opening main.cpp brings its facts: now the race shows in worker.cpp too.
  C.open(W.Main, W.text(W.Main));
  EXPECT_TRUE(C.diagnostics(W.Worker, [](const Object &P) { return !diags(P).empty(); }));
  EXPECT_EQ(C.shutdownAndExit(), 0);
}


// Edits below and above the preamble (the #include lines): the headers come from a precompiled
// preamble while those lines and the headers are unchanged, and the diagnostics after each edit
// are those of the text as it is then. The thread is started through start() of the header:
// without the header's facts there is no race.
TEST(LspProtocol, EditsBelowAndAboveThePreamble) {
  TempDir Dir;
  Dir.write("starts.h", "#pragma once\n#include <pthread.h>\n"
                        "inline void start(pthread_t *t, void *(*f)(void *)) {\n"
                        "  pthread_create(t, nullptr, f, nullptr);\n}\n");
  Dir.write("nostart.h", "#pragma once\n#include <pthread.h>\n"
                         "inline void start(pthread_t *, void *(*)(void *)) {}\n");
  auto Text = [](const std::string &Header, bool MainWrites) {
    return "#include \"" + Header + "\"\nlong counter = 0;\n" +
           "static void *work(void *) {\n  counter += 1;\n  return nullptr;\n}\n" +
           "int main() {\n  pthread_t t;\n  start(&t, work);\n" +
           (MainWrites ? "  counter += 2;\n" : "  long seen = 0;\n") +
           "  pthread_join(t, nullptr);\n  return 0;\n}\n";
  };
  std::string File = Dir.write("main.cpp", Text("starts.h", true));
  Client C({"--background-index=false"});
  C.initialize(Dir.path());
  auto Analysed = [&](int Version) -> std::string {
    auto Log = C.waitFor([&](const Object &M) {
      const Object *P = M.getObject("params");
      return M.getString("method") == "window/logMessage" && P &&
             P->getString("message").value_or("").contains(
                 "(version " + std::to_string(Version) + ") in ");
    });
    if (!Log)
      return "no analysis";
    llvm::StringRef Message = *Log->getObject("params")->getString("message");
    return Message.rsplit("preamble ").second.str();
  };
  auto Races = [&](int Version) -> std::optional<size_t> {
    auto P = C.diagnostics(File, [&](const Object &P) { return P.getInteger("version") == Version; });
    if (!P)
      return std::nullopt;
    size_t N = 0;
    for (const Value &D : diags(*P))
      if (D.getAsObject()->getString("code") == "race-shared-global") {
        ++N;
        // Where the thread writes: line 4 (0-based 3), whatever the edit.
        EXPECT_EQ(D.getAsObject()->getObject("range")->getObject("start")->getInteger("line"), 3);
      }
    return N;
  };
  C.open(File, Text("starts.h", true));
  EXPECT_EQ(Analysed(1), "built");
  EXPECT_EQ(Races(1), 1u);
  // The body only: main no longer writes the counter.
  C.change(File, 2, Array{Object{{"text", Text("starts.h", false)}}});
  EXPECT_EQ(Analysed(2), "reused");
  EXPECT_EQ(Races(2), 0u);
  C.change(File, 3, Array{Object{{"text", Text("starts.h", true)}}});
  EXPECT_EQ(Analysed(3), "reused");
  EXPECT_EQ(Races(3), 1u);
  // The #include line: a header whose start() starts nothing.
  C.change(File, 4, Array{Object{{"text", Text("nostart.h", true)}}});
  EXPECT_EQ(Analysed(4), "built");
  EXPECT_EQ(Races(4), 0u);
  C.change(File, 5, Array{Object{{"text", Text("starts.h", true)}}});
  EXPECT_EQ(Analysed(5), "built");
  EXPECT_EQ(Races(5), 1u);
  // An incremental edit of the body again ("+= 2" to "+= 5" on line 10, 0-based 9).
  C.change(File, 6,
           Array{Object{{"range", Object{{"start", Object{{"line", 9}, {"character", 13}}},
                                         {"end", Object{{"line", 9}, {"character", 14}}}}},
                        {"text", "5"}}});
  EXPECT_EQ(Analysed(6), "reused");
  EXPECT_EQ(Races(6), 1u);
  EXPECT_EQ(C.shutdownAndExit(), 0);
}

}  // namespace
