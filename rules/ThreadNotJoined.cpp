// thread-not-joined: a std::thread destroyed or overwritten while still joinable (std::terminate),
// a container of them never joined, and a pthread_create whose thread is neither joined nor
// detached. See docs/rules/thread-not-joined.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "transforms/FixSupport.h"

#include "llvm/Support/Path.h"

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "thread-not-joined";

class ThreadNotJoined : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    for (const FunctionFact *F : P.functions())
      for (const ThreadHandleFact &H : F->threadHandles) {
        if (H.leaks.empty() || !Ctx.configFor(H.decl.file).enabled(RuleId))
          continue;
        if (H.kind == ThreadHandleKind::Pthread)
          pthread(P, *F, H, Ctx);
        else
          thread(*F, H, Ctx);
      }
  }

private:
  /// Where the paths leave, as a phrase: "at the end of its scope (line 19)".
  static std::string where(const ExitFact &E) {
    if (E.how == ExitKind::Return)
      return "at the return on " + lineOf(E.at);
    if (E.how == ExitKind::Throw)
      return "when the exception thrown on " + lineOf(E.at) + " leaves its scope";
    if (E.how == ExitKind::Break || E.how == ExitKind::Continue || E.how == ExitKind::Goto)
      return "at the " + nameOf(E.how).str() + " on " + lineOf(E.at);
    if (E.how == ExitKind::Assign)
      return "when it is assigned a new thread on " + lineOf(E.at);
    return "at the end of its scope (" + lineOf(E.at) + ")";
  }

  static std::string noteFor(const ExitFact &E, llvm::StringRef Name) {
    if (E.how == ExitKind::Assign)
      return "assigned here while " + quoted(Name) + " may still be running a thread";
    if (E.how == ExitKind::Throw)
      return "thrown here: " + quoted(Name) + " is destroyed while joinable";
    if (E.how == ExitKind::ScopeEnd)
      return quoted(Name) + " is destroyed here while joinable";
    return "leaves through this " + nameOf(E.how).str() + " without joining " + quoted(Name);
  }

  void thread(const FunctionFact &F, const ThreadHandleFact &H, RuleContext &Ctx) {
    Finding Out;
    Out.rule = RuleId.str();
    Out.where = H.decl;
    const ExitFact &First = H.leaks.front();
    if (H.kind == ThreadHandleKind::Container) {
      Out.message = "the threads in " + quoted(H.name) + " may still be joinable when it is "
                    "destroyed " + where(First) + " in " + quoted(F.name) +
                    ": destroying a joinable std::thread calls std::terminate; join every "
                    "thread first (for (auto &t : " + H.name + ") t.join();) or store "
                    "std::jthread, which joins in its destructor";
    } else {
      bool Assign = First.how == ExitKind::Assign;
      Out.message = quoted(H.name) + " may still be joinable " + where(First) + " in " +
                    quoted(F.name) + ": " +
                    (Assign ? "assigning to a joinable std::thread" : "destroying a joinable std::thread") +
                    " calls std::terminate, ending the program; call " + H.name +
                    ".join() (or detach()) on every path first, or make it a std::jthread, "
                    "which joins in its destructor";
    }
    if (H.started.valid() && H.started.offset != H.decl.offset)
      Out.notes.push_back({H.started, "a thread is started here"});
    for (const ExitFact &E : H.leaks)
      Out.notes.push_back({E.at, noteFor(E, H.name)});
    if (!H.jthreadFix.empty() && !addEdits(H.jthreadFix, Out.fixes))
      Out.fixes.clear();
    Ctx.report(std::move(Out));
  }

  void pthread(const Program &P, const FunctionFact &F, const ThreadHandleFact &H,
               RuleContext &Ctx) {
    if (H.released)
      return;
    // A start routine that detaches itself (pthread_detach(pthread_self())) needs no join.
    if (const FunctionFact *Entry = H.entryUsr.empty() ? nullptr : P.function(H.entryUsr))
      for (const CallFact &C : Entry->calls)
        if (C.callee == "pthread_detach")
          return;
    Finding Out;
    Out.rule = RuleId.str();
    Out.where = H.started;
    Out.message = "the thread started into " + quoted(H.name) + " is never joined or detached in " +
                  quoted(F.name) + ", and " + quoted(H.name) +
                  " is not passed on: its stack and exit status stay allocated until the "
                  "process ends, and nothing waits for its work; call pthread_join(" + H.name +
                  ", NULL) before using its results, or pthread_detach(" + H.name + ")";
    Out.notes.push_back({H.decl, quoted(H.name) + " declared here"});
    Ctx.report(std::move(Out));
  }
};

}  // namespace

std::unique_ptr<Rule> createThreadNotJoined() { return std::make_unique<ThreadNotJoined>(); }

}  // namespace concurlint
