#include "engine/FunctionPointers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <deque>
#include <set>

namespace concurlint {

namespace {

/// "USR#N" -> (USR, "N"), "USR#ret" -> (USR, "ret"): the place of a parameter or a result;
/// (Place, "") for the others (C++ USRs have '#' of their own: "c:@F@main#@j" is a local).
std::pair<llvm::StringRef, llvm::StringRef> splitPlaceImpl(llvm::StringRef Place) {
  size_t Hash = Place.rfind('#');
  if (Hash == llvm::StringRef::npos)
    return {Place, ""};
  llvm::StringRef What = Place.drop_front(Hash + 1);
  unsigned N = 0;
  if (What != "ret" && (What.empty() || What.getAsInteger(10, N)))
    return {Place, ""};
  return {Place.take_front(Hash), What};
}

}  // namespace

std::pair<llvm::StringRef, llvm::StringRef> FunctionPointers::splitPlace(llvm::StringRef Place) {
  return concurlint::splitPlaceImpl(Place);
}

namespace {

bool insertSorted(std::vector<unsigned> &Set, unsigned V) {
  auto It = std::lower_bound(Set.begin(), Set.end(), V);
  if (It != Set.end() && *It == V)
    return false;
  Set.insert(It, V);
  return true;
}

}  // namespace

unsigned FunctionPointers::placeId(llvm::StringRef Place) {
  auto [It, New] = Places.try_emplace(Place, Edges.size());
  if (New) {
    Edges.emplace_back();
    Holds.emplace_back();
  }
  return It->second;
}

unsigned FunctionPointers::functionId(llvm::StringRef Usr) {
  auto [It, New] = FunctionIds.try_emplace(Usr, FunctionUsrs.size());
  if (New)
    FunctionUsrs.push_back(Usr.str());
  return It->second;
}

FunctionPointers::FunctionPointers(llvm::ArrayRef<TUFacts> Units,
                                   llvm::ArrayRef<const FunctionFact *> Functions) {
  // Overriders: the transitive closure of `overrides`, from the base down.
  llvm::StringMap<std::vector<std::string>> Direct;
  for (const FunctionFact *F : Functions)
    for (const std::string &Base : F->overrides)
      Direct[Base].push_back(F->usr);
  for (const auto &Entry : Direct) {
    std::vector<std::string> All;
    std::deque<std::string> Work(Entry.getValue().begin(), Entry.getValue().end());
    llvm::StringSet<> Seen;
    while (!Work.empty()) {
      std::string U = Work.front();
      Work.pop_front();
      if (!Seen.insert(U).second)
        continue;
      All.push_back(U);
      if (auto It = Direct.find(U); It != Direct.end())
        Work.insert(Work.end(), It->getValue().begin(), It->getValue().end());
    }
    llvm::sort(All);
    Overriders[Entry.getKey()] = std::move(All);
  }

  // The constraints: a function into a place, a place into a place.
  llvm::StringMap<std::vector<unsigned>> AddressTakenByType;
  for (const TUFacts &U : Units)
    for (const FlowFact &F : U.flows) {
      unsigned To = placeId(F.to);
      if (F.function) {
        unsigned Fn = functionId(F.from);
        insertSorted(Holds[To], Fn);
        if (!F.type.empty())
          insertSorted(AddressTakenByType[F.type], Fn);
      } else {
        unsigned From = placeId(F.from);
        insertSorted(Edges[From], To);
      }
    }
  // What is handed to a virtual method reaches its overriders' parameters too.
  std::vector<std::pair<unsigned, std::string>> Params;
  for (const auto &Entry : Places)
    Params.push_back({Entry.getValue(), Entry.getKey().str()});
  for (const auto &[Id, Place] : Params) {
    auto [Usr, Index] = splitPlace(Place);
    if (Index.empty())
      continue;
    if (auto It = Overriders.find(Usr); It != Overriders.end())
      for (const std::string &O : It->getValue()) {
        unsigned Into = placeId(O + "#" + Index.str());
        if (Index == "ret")
          insertSorted(Edges[Into], Id);  // what an overrider returns, the base's call returns
        else
          insertSorted(Edges[Id], Into);
      }
  }
  solve(Functions);

  // The targets of each call through a place, and the fallback for the unresolved ones.
  for (const FunctionFact *F : Functions)
    for (const CallFact &C : F->calls) {
      if (C.virtualCall && !C.calleeUsr.empty()) {
        ++Counts.virtualCalls;
        llvm::ArrayRef<std::string> O = overriders(C.calleeUsr);
        Counts.overriders += O.size();
        if (!O.empty())
          Targets[&C].assign(O.begin(), O.end());
      }
      if (C.via.empty() && !C.calleeUsr.empty())
        continue;
      if (C.via.empty() && C.calleeType.empty())
        continue;
      ++Counts.calls;
      llvm::ArrayRef<std::string> Held = pointsTo(C.via);
      if (!Held.empty()) {
        ++Counts.byFlow;
        auto &T = Targets[&C];
        T.insert(T.end(), Held.begin(), Held.end());
        continue;
      }
      auto Typed = AddressTakenByType.find(C.calleeType);
      if (C.calleeType.empty() || Typed == AddressTakenByType.end() ||
          Typed->getValue().size() > TypeFallbackLimit) {
        ++Counts.unresolved;
        continue;
      }
      ++Counts.byType;
      ByType[&C] = true;
      auto &T = Targets[&C];
      for (unsigned Fn : Typed->getValue())
        T.push_back(FunctionUsrs[Fn]);
      llvm::sort(T);
    }
}

void FunctionPointers::solve(llvm::ArrayRef<const FunctionFact *> Functions) {
  // Calls through a place pass their arguments to whatever the place holds: those edges appear
  // as the solution grows, so the propagation runs until neither changes.
  struct Indirect {
    unsigned via;
    const CallFact *call;
  };
  std::vector<Indirect> Calls;
  for (const FunctionFact *F : Functions)
    for (const CallFact &C : F->calls)
      if (!C.via.empty() && (!C.argSources.empty() || !C.argEntries.empty()))
        Calls.push_back({placeId(C.via), &C});
  std::set<std::pair<const CallFact *, unsigned>> Bound;  // (call, target) edges added

  std::deque<unsigned> Work;
  std::vector<bool> Queued(Edges.size(), false);
  auto Push = [&](unsigned P) {
    if (P >= Queued.size())
      Queued.resize(Edges.size(), false);
    if (!Queued[P]) {
      Queued[P] = true;
      Work.push_back(P);
    }
  };
  for (unsigned P = 0; P < Edges.size(); ++P)
    if (!Holds[P].empty())
      Push(P);
  for (int Round = 0; Round < 16; ++Round) {
    while (!Work.empty()) {
      unsigned P = Work.front();
      Work.pop_front();
      Queued[P] = false;
      for (unsigned Q : std::vector<unsigned>(Edges[P])) {
        bool Grew = false;
        for (unsigned Fn : std::vector<unsigned>(Holds[P]))
          Grew |= insertSorted(Holds[Q], Fn);
        if (Grew)
          Push(Q);
      }
    }
    bool NewEdges = false;
    for (const Indirect &I : Calls)
      for (unsigned Fn : std::vector<unsigned>(Holds[I.via])) {
        if (!Bound.insert({I.call, Fn}).second)
          continue;
        const std::string Usr = FunctionUsrs[Fn];
        auto Param = [&](size_t A) { return placeId(Usr + "#" + std::to_string(A)); };
        for (size_t A = 0; A < I.call->argSources.size(); ++A)
          if (!I.call->argSources[A].empty()) {
            unsigned From = placeId(I.call->argSources[A]), To = Param(A);
            if (insertSorted(Edges[From], To)) {
              NewEdges = true;
              Push(From);
            }
          }
        for (size_t A = 0; A < I.call->argEntries.size(); ++A)
          if (!I.call->argEntries[A].empty()) {
            unsigned To = Param(A);
            if (insertSorted(Holds[To], functionId(I.call->argEntries[A]))) {
              NewEdges = true;
              Push(To);
            }
          }
      }
    if (!NewEdges)
      break;
  }
  HoldsUsr.resize(Holds.size());
  for (unsigned P = 0; P < Holds.size(); ++P) {
    for (unsigned Fn : Holds[P])
      HoldsUsr[P].push_back(FunctionUsrs[Fn]);
    llvm::sort(HoldsUsr[P]);
  }
}

llvm::ArrayRef<std::string> FunctionPointers::pointsTo(llvm::StringRef Place) const {
  auto It = Places.find(Place);
  if (Place.empty() || It == Places.end() || It->getValue() >= HoldsUsr.size())
    return {};
  return HoldsUsr[It->getValue()];
}

llvm::ArrayRef<std::string> FunctionPointers::targets(const CallFact &C) const {
  auto It = Targets.find(&C);
  if (It == Targets.end())
    return {};
  return It->second;
}

llvm::ArrayRef<std::string> FunctionPointers::overriders(llvm::StringRef Usr) const {
  auto It = Overriders.find(Usr);
  if (It == Overriders.end())
    return {};
  return It->getValue();
}

}  // namespace concurlint
