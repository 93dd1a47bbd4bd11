// coro-lock-across-suspend: a mutex held while a coroutine suspends (co_await, co_yield), taken
// by an RAII guard or by a manual lock(). See docs/rules/coro-lock-across-suspend.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"

#include "llvm/Support/Path.h"

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "coro-lock-across-suspend";

class CoroLockAcrossSuspend : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    for (const FunctionFact *F : P.functions()) {
      if (!F->isCoroutine || F->suspends.empty())
        continue;
      if (!Ctx.configFor(F->span.file).enabled(RuleId))
        continue;
      for (const SuspendFact &S : F->suspends) {
        if (S.locks.empty())
          continue;
        Finding Out;
        Out.rule = RuleId.str();
        Out.where = S.span;
        std::string Held;
        for (size_t I = 0; I < S.locks.size(); ++I) {
          const LockFact &L = S.locks[I];
          if (I)
            Held += I + 1 == S.locks.size() ? " and " : ", ";
          Held += quoted(L.name) +
                  (L.guard.empty() ? " (locked by hand)" : " (held by " + quoted(L.guard) + ")");
        }
        bool Manual = false;
        for (const LockFact &L : S.locks)
          Manual |= L.guard.empty();
        std::string Keyword = nameOf(S.keyword).str();
        Out.message = Keyword + " in coroutine " + quoted(F->name) + " suspends while " + Held +
                      (S.locks.size() > 1 ? " are" : " is") +
                      " locked: another coroutine on this thread that takes the lock deadlocks, "
                      "and a coroutine resumed on another thread unlocks a mutex it does not own; " +
                      (Manual ? "unlock before the " + Keyword + " and lock again after it"
                              : "end the guard's scope before the " + Keyword) +
                      ", or use a coroutine-aware mutex";
        for (const LockFact &L : S.locks)
          if (L.acquired.valid())
            Out.notes.push_back({L.acquired, quoted(L.name) + " locked here" +
                                                 (L.guard.empty() ? "" : " by " + quoted(L.guard))});
        Ctx.report(std::move(Out));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> createCoroLockAcrossSuspend() {
  return std::make_unique<CoroLockAcrossSuspend>();
}

}  // namespace concurlint
