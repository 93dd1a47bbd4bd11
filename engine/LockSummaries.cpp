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

LockSummaries::Effect LockSummaries::passed(const Effect &Callee,
                                            const std::vector<std::string> &ArgLocks) const {
  auto Rename = [&](const std::string &Id) {
    llvm::StringRef Rest = Id;
    unsigned Index = 0;
    if (!Rest.consume_front("param:") || Rest.getAsInteger(10, Index))
      return Id;
    return Index < ArgLocks.size() && !ArgLocks[Index].empty() ? ArgLocks[Index]
                                                              : std::string("*");
  };
  Effect Out = Callee;
  for (LockFact &L : Out.acquired) {
    std::string Id = Rename(L.id);
    if (Id != L.id)
      if (const GlobalFact *G = Prog.global(Id))
        L.name = G->name;
    L.id = std::move(Id);
  }
  for (std::string &Id : Out.released)
    Id = Rename(Id);
  return Out;
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
    // A constant argument the callee's effect depends on (pause_threads(PAUSE_ALL_THREADS)).
    const ConstantVariantFact *Variant = nullptr;
    for (const ConstantVariantFact &V : Callee->variants)
      if (V.param < C.argConstants.size() && C.argConstants[V.param] == V.value) {
        Variant = &V;
        break;
      }
    const Effect &E = Variant ? summary(*Callee, *Variant) : summary(*Callee);
    if (!Best || E.acquired.size() + E.released.size() >
                     Best->acquired.size() + Best->released.size())
      Best = &E;
  }
  if (Best)
    apply(Out, C.argLocks.empty() ? *Best : passed(*Best, C.argLocks));
  return Chains[Key] = std::move(Out);
}

LockSummaries::Effect LockSummaries::own(const FunctionFact &F, unsigned ExitChain,
                                         const std::vector<LockFact> &ExitLocks,
                                         const std::vector<std::string> &Releases) {
  Effect Out = chainEffect(F, ExitChain);
  Effect Own;
  Own.released = Releases;
  Own.acquired = ExitLocks;
  // Released and taken again (`m.unlock(); wait(); m.lock();`): no change for the caller.
  llvm::erase_if(Own.acquired, [&](const LockFact &L) {
    return std::find(Releases.begin(), Releases.end(), L.id) != Releases.end();
  });
  llvm::erase_if(Own.released, [&](const std::string &Id) {
    return std::any_of(ExitLocks.begin(), ExitLocks.end(),
                       [&](const LockFact &L) { return L.id == Id; });
  });
  apply(Out, Own);
  return Out;
}

const LockSummaries::Effect &LockSummaries::summary(const FunctionFact &F) {
  if (auto It = Summaries.find(&F); It != Summaries.end())
    return It->second;
  if (InProgress.count(&F))
    return None;  // recursion: the cycle adds nothing
  InProgress.insert(&F);
  Effect Out = own(F, F.exitChain, F.exitLocks, F.releases);
  InProgress.erase(&F);
  return Summaries[&F] = std::move(Out);
}

const LockSummaries::Effect &LockSummaries::summary(const FunctionFact &F,
                                                    const ConstantVariantFact &V) {
  if (auto It = VariantSummaries.find(&V); It != VariantSummaries.end())
    return It->second;
  if (VariantsInProgress.count(&V))
    return None;
  VariantsInProgress.insert(&V);
  Effect Out = own(F, V.exitChain, V.exitLocks, V.releases);
  VariantsInProgress.erase(&V);
  return VariantSummaries[&V] = std::move(Out);
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
