// lock-manual: a mutex locked with lock() and released with unlock() by hand. Worst when a path
// leaves the function with the mutex still locked (an early return, a throw, a break out of the
// loop) or locks it again while held. See docs/rules/lock-manual.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "transforms/FixSupport.h"

#include <map>

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "lock-manual";

class LockManual : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    // The program's guard classes, for manual locks in TUs that do not see one: the first of
    // each mutex class and mode, in the units' order.
    Guards.clear();
    for (const TUFacts &U : P.units())
      for (const GuardClassFact &G : U.guardClasses)
        Guards.try_emplace({G.mutexClass, G.shared}, &G);
    for (const FunctionFact *F : P.functions())
      for (const ManualLockFact &M : F->manualLocks) {
        if (!Ctx.configFor(M.lock.acquired.file).enabled(RuleId))
          continue;
        bool Cpp = M.api == LockApiKind::Member;
        if (M.leaks.empty() && M.relocks.empty() && !Cpp)
          continue;  // C has no RAII guard to suggest; balanced locking is all it can do
        report(P, *F, M, Ctx);
      }
  }

private:
  static std::string how(const ExitFact &E) {
    if (E.how == ExitKind::Throw)
      return "the throw on " + lineOf(E.at);
    if (E.how == ExitKind::ScopeEnd)
      return "the end of the function";
    return "the " + nameOf(E.how).str() + " on " + lineOf(E.at);
  }

  std::string unlockCall(const ManualLockFact &M) const {
    if (M.api == LockApiKind::Pthread)
      return "pthread_mutex_unlock()";
    if (M.api == LockApiKind::C11)
      return "mtx_unlock()";
    return "unlock()";
  }

  /// How to hold the mutex so that it is unlocked on every path, for the message: the guard
  /// its TU sees, else a guard class another TU of the program defines for its type (and where:
  /// this file does not include it yet), else what such a class would be.
  std::string holdAdvice(const ManualLockFact &M, llvm::StringRef Effect) const {
    if (!M.guardType.empty())
      return "hold it with " + M.guardType + ", which " + Effect.str();
    auto Other = M.mutexClass.empty() ? Guards.end()
                                      : Guards.find({M.mutexClass, M.lock.shared});
    if (Other != Guards.end())
      return "hold it with " + Other->second->name + " (declared at " +
             place(Other->second->where) + "), which " + Effect.str();
    return "hold it with an RAII guard, which " + Effect.str() + " (no guard class for this " +
           "mutex type is in view: one whose constructor locks it and destructor unlocks it)";
  }

  std::map<std::pair<std::string, bool>, const GuardClassFact *> Guards;

  void report(const Program &P, const FunctionFact &F, const ManualLockFact &M,
              RuleContext &Ctx) {
    Finding Out;
    Out.rule = RuleId.str();
    Out.where = M.lock.acquired;
    std::string Name = quoted(M.lock.name);
    bool Cpp = M.api == LockApiKind::Member;
    if (!M.relocks.empty()) {
      const ExitFact &R = M.relocks.front();
      Out.message = Name + " is locked here and a path " +
                    (R.how == ExitKind::LockAgain ? std::string("") : "through " + how(R) + " ") +
                    "locks it again while it is still held: a thread locking a mutex it owns "
                    "deadlocks; unlock it on that path too, or " +
                    holdAdvice(M, "unlocks when its scope ends");
      for (const ExitFact &E : M.relocks)
        Out.notes.push_back({E.at, E.how == ExitKind::LockAgain
                                       ? "locked again here while still held"
                                       : "from here the path reaches the lock again, still locked"});
    } else if (!M.leaks.empty()) {
      Out.message = Name + " is locked here and stays locked when " + quoted(F.name) +
                    " leaves through " + how(M.leaks.front()) +
                    (M.leaks.size() > 1 ? " (and " + std::to_string(M.leaks.size() - 1) +
                                              " more path" + (M.leaks.size() > 2 ? "s" : "") + ")"
                                        : "") +
                    ": the next thread to lock it waits forever; " +
                    (Cpp ? holdAdvice(M, "unlocks on every path")
                         : "call " + unlockCall(M) + " before leaving");
      for (const ExitFact &E : M.leaks)
        Out.notes.push_back({E.at, "leaves here with " + Name + " still locked"});
    } else {
      // Every path unlocks: a matter of style (what a later edit or an exception may break),
      // below the default --fail-on.
      Out.ownSeverity = Severity::Info;
      Out.message = Name + " is locked and unlocked by hand in " + quoted(F.name) +
                    ": if anything in between throws, or a later edit adds a return, it stays "
                    "locked; " + holdAdvice(M, "unlocks when its scope ends");
    }
    for (const Span &U : M.unlocks)
      Out.notes.push_back({U, "unlocked here"});
    if (!M.guardFix.empty()) {
      if (!addEdits(M.guardFix, Out.fixes) ||
          (!M.guardHeader.empty() &&
           !addInclude(P, M.lock.acquired.file, M.guardHeader, Out.fixes[M.lock.acquired.file])))
        Out.fixes.clear();
    }
    Ctx.report(std::move(Out));
  }
};

}  // namespace

std::unique_ptr<Rule> createLockManual() { return std::make_unique<LockManual>(); }

}  // namespace concurlint
