// coro-blocking-call: a call that blocks the thread running a C++20 coroutine, made directly
// or through functions (in any analysed TU) that make one. See docs/rules/coro-blocking-call.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "transforms/FixSupport.h"

#include "llvm/ADT/StringMap.h"

#include <deque>
#include <cstring>
#include <map>

namespace concurlint {
namespace {

using clang::tooling::Replacement;

constexpr llvm::StringLiteral RuleId = "coro-blocking-call";

/// How a function that is not a coroutine comes to block: the first call on its shortest path
/// to a blocking function.
struct BlockingStep {
  const FunctionFact *function = nullptr;
  const CallFact *call = nullptr;
  const BlockingFunction *blocking = nullptr;  // set when `call` itself blocks
  std::string nextUsr;                         // otherwise: the function `call` calls
  unsigned depth = 0;
};

/// Everything derived from one configuration's catalog: the name index and which functions
/// block. Computed once per distinct configuration, not per coroutine.
class BlockingAnalysis {
public:
  BlockingAnalysis(const Program &P, const Config &C) : Catalog(C.blocking()) {
    // Taking a mutex is not reported unless asked (report-locks): a short critical section is
    // normal code in a coroutine; held across a suspension, it is coro-lock-across-suspend's.
    bool ReportLocks = C.boolOption(RuleId, "report-locks");
    for (const BlockingFunction &F : Catalog.functions)
      if (ReportLocks || F.category != BlockingCategory::Lock)
        ByName[F.name].push_back(&F);
    if (!C.boolOption(RuleId, "follow-calls"))
      return;
    unsigned MaxDepth = 8;
    llvm::StringRef(C.option(RuleId, "max-depth")).trim().getAsInteger(10, MaxDepth);
    // Breadth-first from the functions that block directly, up through their callers, so that
    // each function records its shortest chain. Coroutines do not pass blocking on: a call to a
    // coroutine runs its body, where the blocking call is reported on its own.
    std::deque<const BlockingStep *> Queue;
    for (const FunctionFact *F : P.functions()) {
      if (F->isCoroutine)
        continue;
      for (const CallFact &Call : F->calls)
        if (const BlockingFunction *B = match(Call)) {
          auto [It, New] = Steps.try_emplace(F->usr, BlockingStep{F, &Call, B, {}, 1});
          if (New)
            Queue.push_back(&It->second);
          break;
        }
    }
    while (!Queue.empty()) {
      const BlockingStep *Step = Queue.front();
      Queue.pop_front();
      if (Step->depth >= MaxDepth)
        continue;
      for (const CallSite &Site : P.callersOf(Step->function->usr)) {
        if (Site.caller->isCoroutine || Steps.count(Site.caller->usr))
          continue;
        auto [It, New] = Steps.try_emplace(
            Site.caller->usr,
            BlockingStep{Site.caller, Site.call, nullptr, Step->function->usr, Step->depth + 1});
        if (New)
          Queue.push_back(&It->second);
      }
    }
  }

  /// The catalog entry a call matches: by the called function's name, or for a member call by
  /// the object's class and the method's name; `on` restricts the object's class.
  const BlockingFunction *match(const CallFact &Call) const {
    const BlockingFunction *Found = lookup(Call.callee, Call);
    if (!Found && Call.isMember && !Call.objectType.empty())
      Found = lookup(Call.objectType + "::" + lastComponent(Call.callee).str(), Call);
    return Found;
  }

  const BlockingStep *step(llvm::StringRef Usr) const {
    auto It = Steps.find(Usr);
    return It == Steps.end() ? nullptr : &It->second;
  }

  std::string advice(const BlockingFunction &B) const {
    if (!B.instead.empty())
      return B.instead;
    auto It = Catalog.categoryAdvice.find(B.category);
    return It == Catalog.categoryAdvice.end() ? std::string() : It->second;
  }

  const BlockingCatalog &catalog() const { return Catalog; }

private:
  const BlockingFunction *lookup(const std::string &Name, const CallFact &Call) const {
    auto It = ByName.find(Name);
    if (It == ByName.end())
      return nullptr;
    for (const BlockingFunction *B : It->second)
      if (B->on.empty() ||
          std::find(B->on.begin(), B->on.end(), Call.objectType) != B->on.end())
        return B;
    return nullptr;
  }

  const BlockingCatalog &Catalog;
  llvm::StringMap<std::vector<const BlockingFunction *>> ByName;
  llvm::StringMap<BlockingStep> Steps;
};

/// `{0}`, `{1}`… replaced by the call's arguments; nullopt if the template asks for more
/// arguments than the call has.
std::optional<std::string> instantiate(llvm::StringRef Template, const CallFact &Call) {
  std::string Out;
  while (!Template.empty()) {
    size_t Open = Template.find('{');
    Out += Template.substr(0, Open).str();
    if (Open == llvm::StringRef::npos)
      break;
    Template = Template.substr(Open);
    size_t Close = Template.find('}');
    unsigned Index;
    if (Close == llvm::StringRef::npos || Template.substr(1, Close - 1).getAsInteger(10, Index)) {
      Out += '{';
      Template = Template.drop_front();
      continue;
    }
    if (Index >= Call.args.size())
      return std::nullopt;
    Out += Call.args[Index];
    Template = Template.substr(Close + 1);
  }
  return Out;
}

class CoroBlockingCall : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    std::map<const Config *, std::unique_ptr<BlockingAnalysis>> Analyses;
    for (const FunctionFact *Coro : P.functions()) {
      if (!Coro->isCoroutine)
        continue;
      const Config &C = Ctx.configFor(Coro->span.file);
      if (!C.enabled(RuleId))
        continue;
      auto &A = Analyses[&C];
      if (!A)
        A = std::make_unique<BlockingAnalysis>(P, C);
      for (const CallFact &Call : Coro->calls) {
        if (const BlockingFunction *B = A->match(Call)) {
          Ctx.report(direct(P, *A, *Coro, Call, *B));
          continue;
        }
        if (const FunctionFact *Callee = P.function(Call.calleeUsr);
            Callee && Callee->isCoroutine)
          continue;
        if (const BlockingStep *Step = A->step(Call.calleeUsr))
          Ctx.report(throughCalls(*A, *Coro, Call, *Step));
      }
    }
  }

private:
  Finding direct(const Program &P, const BlockingAnalysis &A, const FunctionFact &Coro,
                 const CallFact &Call, const BlockingFunction &B) {
    Finding F;
    F.where = Call.span;
    // With a fix-it, the advice is the fix itself, in the coroutine's own framework.
    std::optional<std::string> Replacement = addFix(P, A, Coro, Call, B, F);
    F.message = "blocking call to " + quoted(B.name) + " (" + nameOf(B.category).str() +
                ") in coroutine " +
                quoted(Coro.name) + " stalls every coroutine on its thread; " +
                (Replacement ? "use '" + *Replacement + "' instead" : A.advice(B));
    return F;
  }

  Finding throughCalls(const BlockingAnalysis &A, const FunctionFact &Coro, const CallFact &Call,
                       const BlockingStep &First) {
    Finding F;
    F.where = Call.span;
    const BlockingStep *Step = &First;
    const BlockingFunction *Blocking = nullptr;
    while (Step) {
      if (Step->blocking) {
        Blocking = Step->blocking;
        F.notes.push_back({Step->call->span, quoted(Step->function->name) +
                                                 " calls blocking function " +
                                                 quoted(Step->blocking->name) + " here"});
        break;
      }
      const BlockingStep *Next = A.step(Step->nextUsr);
      F.notes.push_back({Step->call->span, quoted(Step->function->name) + " calls " +
                                               quoted(Next ? Next->function->name : "?") +
                                               " here"});
      Step = Next;
    }
    std::string What = Blocking ? quoted(Blocking->name) + " (" + nameOf(Blocking->category).str() + ")"
                                : std::string("a blocking function");
    F.message = "call to " + quoted(First.function->name) + " in coroutine " +
                quoted(Coro.name) + " blocks its thread: it calls " + What +
                (Blocking ? "; " + A.advice(*Blocking) : std::string());
    return F;
  }

  /// A fix-it when the coroutine's framework has a replacement for this blocking function (a
  /// sleep becomes the framework's timer) or offloads its category (the call moves to a thread),
  /// and the call stands alone as a statement written outside macros and catch handlers (where
  /// co_await cannot be written). Returns the replacement text.
  std::optional<std::string> addFix(const Program &P, const BlockingAnalysis &A,
                                    const FunctionFact &Coro, const CallFact &Call,
                                    const BlockingFunction &B, Finding &F) {
    if (!Call.resultDiscarded || Call.inMacro || Call.inHandler || Coro.coroutineType.empty())
      return std::nullopt;
    for (const Framework &FW : A.catalog().frameworks) {
      if (std::find(FW.coroutineTypes.begin(), FW.coroutineTypes.end(), Coro.coroutineType) ==
          FW.coroutineTypes.end())
        continue;
      std::optional<std::string> Text;
      std::string Include = FW.include;
      if (auto Template = FW.fixes.find(B.name); Template != FW.fixes.end()) {
        Text = instantiate(Template->second, Call);
        if (auto Own = FW.fixIncludes.find(B.name); Own != FW.fixIncludes.end())
          Include = Own->second;
      } else if (offloads(FW.offload, B)) {
        Text = offloaded(P, FW.offload.replacement, Call);
        Include = FW.offload.include;
      }
      if (!Text)
        return std::nullopt;
      clang::tooling::Replacements Reps;
      llvm::cantFail(Reps.add(Replacement(Call.span.file, Call.span.offset, Call.span.length,
                                          *Text)));
      // The include's place is computed from the file's text, which must be the text the
      // offsets were taken from. A file edited since the analysis keeps the replacement
      // alone: dropStaleFixes() withdraws it, with an error, before anything is written.
      bool Stale = P.fileContent(Call.span.file) && !P.analysedContent(Call.span.file);
      if (!Include.empty() && !Stale && !addInclude(P, Call.span.file, Include, Reps))
        return std::nullopt;
      F.fixes[Call.span.file] = std::move(Reps);
      return Text;
    }
    return std::nullopt;
  }

  static bool offloads(const Framework::Offload &O, const BlockingFunction &B) {
    return !O.replacement.empty() &&
           std::find(O.categories.begin(), O.categories.end(), B.category) !=
               O.categories.end() &&
           std::find(O.except.begin(), O.except.end(), B.name) == O.except.end();
  }

  /// The offload replacement with `{call}` standing for the call as written (read from the
  /// analysed text, which must be unchanged).
  static std::optional<std::string> offloaded(const Program &P, llvm::StringRef Template,
                                              const CallFact &Call) {
    std::optional<llvm::StringRef> Code = P.analysedContent(Call.span.file);
    if (!Code ||
        Call.span.offset + Call.span.length > Code->size())
      return std::nullopt;
    std::string Written = Code->substr(Call.span.offset, Call.span.length).str();
    std::string Out = Template.str();
    for (size_t Pos = Out.find("{call}"); Pos != std::string::npos;
         Pos = Out.find("{call}", Pos + Written.size()))
      Out.replace(Pos, strlen("{call}"), Written);
    return Out;
  }
};

}  // namespace

std::unique_ptr<Rule> createCoroBlockingCall() { return std::make_unique<CoroBlockingCall>(); }

}  // namespace concurlint
