// What a call does to its caller's locks, across TUs: `stats_lock()` leaves `stats_lock` held,
// `stats_unlock()` releases it. Built from each function's exit lock set and call chain
// (FunctionFact::exitLocks, releases, callChain), so that an access made between the two calls
// holds the lock the helper took.
#pragma once

#include "engine/Program.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace concurlint {

class LockSummaries {
public:
  explicit LockSummaries(const Program &P) : Prog(P) {}

  /// The locks held at a point of `F` whose facts recorded `Recorded` and the call chain
  /// `Chain`: the recorded ones plus those the calls on the chain left held.
  std::vector<LockFact> at(const FunctionFact &F, const std::vector<LockFact> &Recorded,
                           unsigned Chain);

private:
  struct Effect {
    std::vector<LockFact> acquired;
    std::vector<std::string> released;  // lock ids
    bool empty() const { return acquired.empty() && released.empty(); }
  };

  const Effect &summary(const FunctionFact &F);
  /// The summary of a call passing the constant a variant is for.
  const Effect &summary(const FunctionFact &F, const ConstantVariantFact &V);
  /// The effect of a function's own exit locks and releases after its chain's.
  Effect own(const FunctionFact &F, unsigned ExitChain, const std::vector<LockFact> &ExitLocks,
             const std::vector<std::string> &Releases);
  const Effect &chainEffect(const FunctionFact &F, unsigned Node);
  static void apply(Effect &Into, const Effect &Call);
  /// A callee's effect as its caller sees it: the locks it takes through its mutex parameters
  /// ("param:N") are the ones the call passes (`ArgLocks`), or unknown ("*").
  Effect passed(const Effect &Callee, const std::vector<std::string> &ArgLocks) const;

  const Program &Prog;
  std::map<const FunctionFact *, Effect> Summaries;  // std::map: references stay valid
  std::map<const ConstantVariantFact *, Effect> VariantSummaries;
  std::set<const ConstantVariantFact *> VariantsInProgress;
  std::set<const FunctionFact *> InProgress;
  std::map<std::pair<const FunctionFact *, unsigned>, Effect> Chains;
  Effect None;
};

}  // namespace concurlint
