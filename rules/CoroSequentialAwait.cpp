// coro-sequential-await: consecutive co_awaits of calls that do not depend on each other, which
// take the sum of their times where starting them together takes the longest. Independence is
// decided from the coroutine's own variables (AwaitFact) and, through every analysed file, from
// the globals the awaited functions touch. See docs/rules/coro-sequential-await.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "transforms/FixSupport.h"

#include <cstring>
#include <map>
#include <set>
#include <tuple>

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "coro-sequential-await";

/// One location an await reads or writes.
struct Effect {
  std::string location;
  bool write = false;
  friend bool operator<(const Effect &A, const Effect &B) {
    return std::tie(A.location, A.write) < std::tie(B.location, B.write);
  }
};

/// The globals and statics a function touches, with everything it calls (by USR, in any
/// analysed file). An access through a reference parameter is bound to the global the caller
/// passes there. Functions without a body in the analysed files touch nothing that is known.
class GlobalEffects {
public:
  explicit GlobalEffects(const Program &P) : P(P) {}

  const std::vector<Effect> &of(const std::string &Usr) {
    auto [It, New] = Memo.try_emplace(Usr);
    if (New)
      if (const FunctionFact *F = P.function(Usr)) {
        std::set<Effect> Out;
        std::set<std::string> Seen;
        collect(*F, {}, Seen, Out, 0);
        It->second.assign(Out.begin(), Out.end());
      }
    return It->second;
  }

private:
  /// `param:N` bound to the global the caller passes as argument N, or empty.
  static std::string bound(llvm::StringRef Var, const std::vector<std::string> &Bindings) {
    unsigned N;
    if (!Var.consume_front("param:") || Var.getAsInteger(10, N) || N >= Bindings.size())
      return {};
    return Bindings[N];
  }

  void collect(const FunctionFact &F, const std::vector<std::string> &Bindings,
               std::set<std::string> &Seen, std::set<Effect> &Out, unsigned Depth) {
    std::string Key = F.usr;
    for (const std::string &B : Bindings)
      Key += "\n" + B;
    if (Depth > 16 || !Seen.insert(Key).second)
      return;
    for (const AccessFact &A : F.accesses) {
      if (A.form == AccessForm::Address)  // the address taken and kept: no access by itself
        continue;
      // The fields of the object a method runs on are one place per class (GlobalAccesses::
      // thisObject): every await reaches the event loop's own state that way, which says
      // nothing of whether two awaited calls depend on each other.
      if (llvm::StringRef(A.var).starts_with("this:"))
        continue;
      if (llvm::StringRef(A.var).starts_with("param:")) {
        std::string Global = bound(A.var, Bindings);
        if (!Global.empty() && !llvm::StringRef(Global).starts_with("this:"))
          Out.insert({Global + A.location.substr(A.var.size()), A.write});
        continue;
      }
      Out.insert({A.location, A.write});
    }
    for (const CallFact &C : F.calls) {
      const FunctionFact *G = C.calleeUsr.empty() ? nullptr : P.function(C.calleeUsr);
      if (!G)
        continue;
      std::vector<std::string> Passed;
      for (size_t I = 0; I < C.argGlobals.size(); ++I) {
        const std::string &Arg = C.argGlobals[I];
        std::string Object =
            llvm::StringRef(Arg).starts_with("param:") ? bound(Arg, Bindings) : Arg;
        if (!Object.empty() && I < C.argParts.size())
          Object += C.argParts[I];  // `&s.f`, `&a[i]`: that part of it
        Passed.push_back(std::move(Object));
      }
      collect(*G, Passed, Seen, Out, Depth + 1);
    }
  }

  const Program &P;
  std::map<std::string, std::vector<Effect>> Memo;
};

/// A call by its name alone: `fetch(...)`.
std::string byName(const AwaitFact &A) { return lastComponent(A.callee).str() + "(...)"; }

/// A call as written, or by its name when that is long, spans lines or is not known.
std::string shortCall(const AwaitFact &A) {
  if (A.call.empty() || A.call.size() > 40 || A.call.find('\n') != std::string::npos)
    return byName(A);
  return A.call;
}

/// The calls of a run as written, joined by `Separator`; their names alone when that is long.
std::string callList(const std::vector<const AwaitFact *> &Run, llvm::StringRef Separator) {
  std::string Calls;
  for (const AwaitFact *A : Run)
    Calls += (Calls.empty() ? "" : Separator.str()) + shortCall(*A);
  if (Calls.size() <= 60)
    return Calls;
  Calls.clear();
  for (const AwaitFact *A : Run)
    Calls += (Calls.empty() ? "" : Separator.str()) + byName(*A);
  return Calls;
}

/// How to start the calls together in the coroutine's framework: what follows "start them
/// together to wait only as long as the longest". `Template` is the `gather` option.
std::string gatherAdvice(const FunctionFact &Coro, const std::vector<const AwaitFact *> &Run,
                         llvm::StringRef Template) {
  auto Written = [&](llvm::StringRef Form) {
    std::string Out = Form.str();
    size_t Pos = Out.find("{calls}");
    if (Pos != std::string::npos)
      Out.replace(Pos, strlen("{calls}"), callList(Run, ", "));
    return ": " + quoted(Out);
  };
  if (!Template.trim().empty())
    return Written(Template.trim());
  llvm::StringRef Type = Coro.coroutineType;
  if (Type == "concur::Task")
    return Written("co_await concur::gather({calls})");
  if (Type == "cppcoro::task" || Type == "cppcoro::shared_task")
    return Written("co_await cppcoro::when_all({calls})");
  if (Type == "folly::coro::Task")
    return Written("co_await folly::coro::collectAll({calls})");
  if (Type == "asio::awaitable" || Type == "boost::asio::awaitable") {
    std::string Namespace = Type.drop_back(strlen("awaitable")).str();
    return ", with " + Namespace + "experimental::make_parallel_group or the awaitable "
           "operators of " + Namespace + "experimental::awaitable_operators: " +
           quoted("co_await (" + callList(Run, " && ") + ")");
  }
  return ", with the framework's equivalent of gather: " +
         quoted("co_await concur::gather(" + callList(Run, ", ") + ")") +
         " for concur::Task, cppcoro::when_all, folly::coro::collectAll, "
         "asio::experimental::make_parallel_group";
}

class CoroSequentialAwait : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    GlobalEffects Globals(P);
    for (const FunctionFact *F : P.functions()) {
      if (!F->isCoroutine || F->awaits.size() < 2)
        continue;
      const Config &C = Ctx.configFor(F->span.file);
      if (!C.enabled(RuleId))
        continue;
      unsigned MinAwaits = 2;
      llvm::StringRef(C.option(RuleId, "min-awaits")).trim().getAsInteger(10, MinAwaits);
      std::vector<std::string> Ordered;
      std::string OrderedOption = C.option(RuleId, "ordered-calls");
      llvm::SmallVector<llvm::StringRef, 16> Globs;
      llvm::StringRef(OrderedOption).split(Globs, ',', -1, false);
      for (llvm::StringRef G : Globs)
        if (!G.trim().empty())
          Ordered.push_back(G.trim().str());
      std::string Template = C.option(RuleId, "gather");

      // Runs: consecutive statements awaiting calls, each independent of every earlier one of
      // its run. A dependent await ends the run and starts the next; an ordered one (a sleep, a
      // lock, a move to another executor) keeps its place and separates the runs around it.
      std::vector<const AwaitFact *> Run;
      std::vector<std::vector<Effect>> RunEffects;
      auto Flush = [&] {
        if (Run.size() >= std::max(MinAwaits, 2u))
          report(P, Ctx, *F, Run, Template);
        Run.clear();
        RunEffects.clear();
      };
      for (const AwaitFact &A : F->awaits) {
        if (isOrdered(A, Ordered)) {
          Flush();
          continue;
        }
        std::vector<Effect> Mine = effects(A, Globals);
        bool Joins = A.follows && !Run.empty();
        for (size_t I = 0; Joins && I < RunEffects.size(); ++I)
          Joins = !conflict(Mine, RunEffects[I]);
        if (!Joins)
          Flush();
        Run.push_back(&A);
        RunEffects.push_back(std::move(Mine));
      }
      Flush();
    }
  }

private:
  static bool isOrdered(const AwaitFact &A, const std::vector<std::string> &Globs) {
    llvm::StringRef Name = lastComponent(A.callee);
    for (const std::string &G : Globs)
      if (globMatch(G, Name) || globMatch(G, A.callee))
        return true;
    return false;
  }

  static std::vector<Effect> effects(const AwaitFact &A, GlobalEffects &Globals) {
    std::vector<Effect> Out;
    for (const std::string &R : A.reads)
      Out.push_back({R, false});
    for (const std::string &W : A.writes)
      Out.push_back({W, true});
    if (!A.calleeUsr.empty())
      for (const Effect &E : Globals.of(A.calleeUsr))
        Out.push_back(E);
    return Out;
  }

  /// Whether two awaits touch the same location, one of them writing it.
  static bool conflict(const std::vector<Effect> &A, const std::vector<Effect> &B) {
    for (const Effect &X : A)
      for (const Effect &Y : B)
        if ((X.write || Y.write) && locationsOverlap(X.location, Y.location))
          return true;
    return false;
  }

  /// The fix-it for a concur::Task coroutine: the run's statements become one await of
  /// concur::gather, `co_await concur::gather(f(), g());` when every result is discarded, or
  /// `auto [x, y] = co_await concur::gather(f(), g());` when each statement declares a variable
  /// of its call's result type. Nothing else is rewritten: assignments and mixed runs keep the
  /// advice alone, and so do statements with anything but blanks between them (a comment would
  /// be lost).
  static void addGatherFix(const Program &P, const FunctionFact &Coro,
                           const std::vector<const AwaitFact *> &Run, llvm::StringRef Template,
                           Finding &Out) {
    if (Coro.coroutineType != "concur::Task" || !Template.trim().empty())
      return;
    const std::string &File = Run.front()->statement.file;
    std::optional<llvm::StringRef> Code = P.analysedContent(File);
    if (File.empty() || !Code)
      return;
    bool Discarded = true, Declared = true;
    std::string Calls, Names;
    unsigned Previous = 0;
    for (const AwaitFact *A : Run) {
      const Span &S = A->statement;
      if (!S.valid() || S.file != File || A->awaitedType != "concur::Task" ||
          S.offset + S.length > Code->size())
        return;
      if (A != Run.front() &&
          (S.offset < Previous || !Code->slice(Previous, S.offset).trim().empty()))
        return;
      Previous = S.offset + S.length;
      Discarded &= A->form == AwaitForm::Discard;
      Declared &= A->form == AwaitForm::Declare && !A->declared.empty();
      Calls += (Calls.empty() ? "" : ", ") + A->call;
      Names += (Names.empty() ? "" : ", ") + A->declared;
    }
    if (!Discarded && !Declared)
      return;
    std::string Text = "co_await concur::gather(" + Calls + ");";
    if (Declared)
      Text = "auto [" + Names + "] = " + Text;
    unsigned Begin = Run.front()->statement.offset;
    clang::tooling::Replacements &Reps = Out.fixes[File];
    llvm::cantFail(Reps.add(clang::tooling::Replacement(File, Begin, Previous - Begin, Text)));
    if (!addInclude(P, File, "<concur/gather.h>", Reps))
      Out.fixes.clear();
  }

  void report(const Program &P, RuleContext &Ctx, const FunctionFact &Coro,
              const std::vector<const AwaitFact *> &Run, llvm::StringRef Template) {
    Finding Out;
    Out.rule = RuleId.str();
    Out.where = Run.front()->span;
    Out.message = std::to_string(Run.size()) + " co_awaits in coroutine " + quoted(Coro.name) +
                  " run one after another though none depends on another: each call starts "
                  "only when the previous one has finished, so together they take the sum of "
                  "their times; start them together to wait only as long as the longest" +
                  gatherAdvice(Coro, Run, Template);
    for (size_t I = 1; I < Run.size(); ++I)
      Out.notes.push_back({Run[I]->span, quoted(shortCall(*Run[I])) +
                                             " runs only after the previous one finishes"});
    addGatherFix(P, Coro, Run, Template, Out);
    Ctx.report(std::move(Out));
  }
};

}  // namespace

std::unique_ptr<Rule> createCoroSequentialAwait() {
  return std::make_unique<CoroSequentialAwait>();
}

}  // namespace concurlint
