#include "engine/LockSummaries.h"

#include <algorithm>

namespace concurlint {

void LockSummaries::apply(Effect &Into, const Effect &Call) {
  for (const std::string &Id : Call.released) {
    auto Held = std::find_if(Into.acquired.begin(), Into.acquired.end(),
                             [&](const LockFact &L) { return L.id == Id; });
    if (Held != Into.acquired.end())
      Into.acquired.erase(Held);
    else if (std::find(Into.released.begin(), Into.released.end(), Id) == Into.released.end())
      Into.released.push_back(Id);
  }
  for (const LockFact &L : Call.acquired) {
    llvm::erase_if(Into.released, [&](const std::string &Id) { return Id == L.id; });
    if (std::none_of(Into.acquired.begin(), Into.acquired.end(),
                     [&](const LockFact &M) { return M.id == L.id; }))
      Into.acquired.push_back(L);
  }
}

const LockSummaries::Effect &LockSummaries::chainEffect(const FunctionFact &F, unsigned Node) {
  if (Node == 0 || Node > F.callChain.size())
    return None;
  auto Key = std::make_pair(&F, Node);
  if (auto It = Chains.find(Key); It != Chains.end())
    return It->second;
  const ChainFact &C = F.callChain[Node - 1];
  Effect Out = chainEffect(F, C.parent);  // a copy: the map may grow below
  // Of several definitions (several programs in the analysed files), the one that does most
  // to the caller's locks: the others are usually a test program's stubs.
  const Effect *Best = nullptr;
  for (const FunctionFact *Callee : Prog.definitions(C.callee)) {
    const Effect &E = summary(*Callee);
    if (!Best || E.acquired.size() + E.released.size() >
                     Best->acquired.size() + Best->released.size())
      Best = &E;
  }
  if (Best)
    apply(Out, *Best);
  return Chains[Key] = std::move(Out);
}

const LockSummaries::Effect &LockSummaries::summary(const FunctionFact &F) {
  if (auto It = Summaries.find(&F); It != Summaries.end())
    return It->second;
  if (InProgress.count(&F))
    return None;  // recursion: the cycle adds nothing
  InProgress.insert(&F);
  Effect Out = chainEffect(F, F.exitChain);
  Effect Own;
  Own.released = F.releases;
  Own.acquired = F.exitLocks;
  // Released and taken again (`m.unlock(); wait(); m.lock();`): no change for the caller.
  llvm::erase_if(Own.acquired, [&](const LockFact &L) {
    return std::find(F.releases.begin(), F.releases.end(), L.id) != F.releases.end();
  });
  llvm::erase_if(Own.released, [&](const std::string &Id) {
    return std::any_of(F.exitLocks.begin(), F.exitLocks.end(),
                       [&](const LockFact &L) { return L.id == Id; });
  });
  apply(Out, Own);
  InProgress.erase(&F);
  return Summaries[&F] = std::move(Out);
}

std::vector<LockFact> LockSummaries::at(const FunctionFact &F,
                                        const std::vector<LockFact> &Recorded, unsigned Chain) {
  const Effect &E = chainEffect(F, Chain);
  if (E.acquired.empty())
    return Recorded;
  std::vector<LockFact> Out = Recorded;
  for (const LockFact &L : E.acquired)
    if (std::none_of(Out.begin(), Out.end(), [&](const LockFact &M) { return M.id == L.id; }))
      Out.push_back(L);
  return Out;
}

}  // namespace concurlint
