// process-lost-write: code running in a child process (the child branch of fork(), a task of
// concur::ProcessPool) writes a global that the parent reads afterwards. The child writes its
// own copy of the memory; the parent never sees the write. See docs/rules/process-lost-write.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"

#include "llvm/Support/Path.h"

#include <deque>
#include <map>
#include <set>

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "process-lost-write";

/// One part of a function's body: [begin, end) in its file, or all of it.
struct Part {
  const FunctionFact *fn;
  unsigned begin = 0, end = ~0u;
  bool contains(const Span &S) const {
    return S.file == fn->span.file ? (S.offset >= begin && S.offset < end) : begin == 0;
  }
};

class ProcessLostWrite : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    Prog = &P;
    for (const FunctionFact *F : P.functions()) {
      for (const ForkFact &Fork : F->forks) {
        // The child: its branch and what it calls. The parent: what follows the if.
        std::vector<const AccessFact *> Child =
            accesses({Part{F, Fork.childBegin, Fork.childEnd}}, /*Writes=*/true);
        std::vector<const AccessFact *> Parent =
            accesses({Part{F, Fork.parentFrom, F->bodyEnd + 1}}, /*Writes=*/false);
        report(Ctx, Child, Parent, Fork.fork, "forked");
      }
      for (const CallFact &C : F->calls) {
        if (C.callee != "concur::ProcessPool::submit" && C.callee != "concur::ProcessPool::map")
          continue;
        std::vector<Part> Task;
        for (const std::string &E : C.argEntries)
          if (const FunctionFact *Entry = E.empty() ? nullptr : P.function(E)) {
            Task.push_back(Part{Entry});
            break;
          }
        if (Task.empty())
          continue;
        std::vector<const AccessFact *> Child = accesses(Task, true);
        std::vector<const AccessFact *> Parent =
            accesses({Part{F, C.span.offset + C.span.length, F->bodyEnd + 1}}, false);
        report(Ctx, Child, Parent, C.span, "submitted to a concur::ProcessPool");
      }
    }
  }

private:
  /// A local that threads share (GlobalFact::owner): its accesses are recorded only when it is
  /// handed on, which says nothing of what a child process loses. Nor do the fields of an
  /// object a method runs on (GlobalFact::thisObject), which may be the child's own.
  bool sharedLocal(const std::string &Var) const {
    const GlobalFact *G = Prog->global(Var);
    return G && (!G->owner.empty() || G->thisObject);
  }

  /// The accesses made in the parts and in every function they call (not through pointers).
  std::vector<const AccessFact *> accesses(const std::vector<Part> &Roots, bool Writes) {
    std::vector<const AccessFact *> Out;
    std::set<const FunctionFact *> Seen;
    std::deque<const FunctionFact *> Work;
    auto Take = [&](const FunctionFact *F, const Part *Within) {
      for (const AccessFact &A : F->accesses)
        if ((!Within || Within->contains(A.span)) && A.write == Writes && A.form != AccessForm::Address &&
            !llvm::StringRef(A.var).starts_with("param:") && !A.atomic && !sharedLocal(A.var))
          Out.push_back(&A);
      for (const CallFact &C : F->calls)
        if ((!Within || Within->contains(C.span)) && !C.calleeUsr.empty())
          if (const FunctionFact *G = Prog->function(C.calleeUsr); G && Seen.insert(G).second)
            Work.push_back(G);
    };
    for (const Part &R : Roots)
      Take(R.fn, R.begin == 0 && R.end == ~0u ? nullptr : &R);
    while (!Work.empty()) {
      const FunctionFact *F = Work.front();
      Work.pop_front();
      Take(F, nullptr);
    }
    return Out;
  }

  void report(RuleContext &Ctx, const std::vector<const AccessFact *> &Child,
              const std::vector<const AccessFact *> &Parent, const Span &Start,
              llvm::StringRef How) {
    for (const AccessFact *W : Child) {
      const AccessFact *Read = nullptr;
      for (const AccessFact *R : Parent)
        if (R->var == W->var && locationsOverlap(W->location, R->location)) {
          Read = R;
          break;
        }
      if (!Read)
        continue;
      std::string Key = W->var + "\n" + W->span.file + ":" + std::to_string(W->span.line);
      if (!Seen.insert(Key).second)
        continue;
      if (!Ctx.configFor(W->span.file).enabled(RuleId))
        continue;
      const GlobalFact *G = Prog->global(W->var);
      std::string Name = G ? G->name : llvm::StringRef(W->path).rtrim('#').str();
      Finding F;
      F.rule = RuleId.str();
      F.where = W->span;
      F.message = quoted(Name) + " is written in a child process (" + How.str() + " at " +
                  place(Start) + ") and read by the parent at " + place(Read->span) +
                  ": processes do not share memory, so the parent never sees this write; "
                  "send the value back as the task's result (concur::ProcessPool) or through a "
                  "pipe, or put it in shared memory (mmap with MAP_SHARED)";
      F.notes.push_back({Start, "the child process starts here"});
      F.notes.push_back({Read->span, "the parent reads its own copy of " + quoted(Name) + " here"});
      Ctx.report(std::move(F));
    }
  }

  const Program *Prog = nullptr;
  std::set<std::string> Seen;
};

}  // namespace

std::unique_ptr<Rule> createProcessLostWrite() { return std::make_unique<ProcessLostWrite>(); }

}  // namespace concurlint
