#include "engine/Executables.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <tuple>
#include <vector>

namespace concurlint {
namespace {

/// `main` at file scope, C or C++ ("c:@F@main", "c:@F@main#I#**C#"), not `ns::main`.
bool isMain(const FunctionFact &F) {
  llvm::StringRef Usr = F.usr;
  return F.kind == FunctionKind::Free && Usr.consume_front("c:@F@main") &&
         (Usr.empty() || Usr.front() == '#');
}

/// What one TU gives and asks: the functions whose address it takes, those it calls by name,
/// and those a call through a pointer in it may run (needed only where some TU of the
/// executable takes their address).
struct UnitNeeds {
  std::vector<unsigned> takes, direct, indirect;  // function ids
};

}  // namespace

Executables::Executables(llvm::ArrayRef<TUFacts> Units, const FunctionPointers &Pointers) {
  std::vector<unsigned> MainUnits;
  for (unsigned U = 0; U < Units.size(); ++U)
    if (llvm::any_of(Units[U].functions, isMain))
      MainUnits.push_back(U);
  Mains = MainUnits.size();
  if (Mains < 2)
    return;

  // Functions by id, with the TUs defining each; what each TU takes and needs.
  llvm::StringMap<unsigned> Ids;
  std::vector<std::vector<unsigned>> DefinedIn;
  auto Id = [&](llvm::StringRef Usr) {
    auto [It, New] = Ids.try_emplace(Usr, DefinedIn.size());
    if (New)
      DefinedIn.emplace_back();
    return It->second;
  };
  std::vector<bool> IsMainUnit(Units.size(), false);
  for (unsigned U : MainUnits)
    IsMainUnit[U] = true;
  std::vector<UnitNeeds> Needs(Units.size());
  for (unsigned U = 0; U < Units.size(); ++U) {
    llvm::StringSet<> Takes, Direct, Indirect;
    auto Add = [&](llvm::StringSet<> &Seen, std::vector<unsigned> &To, llvm::StringRef Usr) {
      if (!Usr.empty() && Seen.insert(Usr).second)
        To.push_back(Id(Usr));
    };
    for (const FlowFact &F : Units[U].flows)
      if (F.function)
        Add(Takes, Needs[U].takes, F.from);
    for (const FunctionFact &F : Units[U].functions) {
      std::vector<unsigned> &Defs = DefinedIn[Id(F.usr)];
      if (Defs.empty() || Defs.back() != U)
        Defs.push_back(U);
      for (const CallFact &C : F.calls) {
        for (const std::string &E : C.argEntries)
          Add(Takes, Needs[U].takes, E);
        Add(Direct, Needs[U].direct, C.calleeUsr);
        // A virtual call runs an overrider of a class the executable creates (its constructor
        // is a direct call): the overriders are needed as the named callee is.
        for (const std::string &T : Pointers.targets(C))
          if (C.virtualCall)
            Add(Direct, Needs[U].direct, T);
          else
            Add(Indirect, Needs[U].indirect, T);
      }
    }
  }

  // Each executable: its main's TU, then every TU defining what it needs. A function the
  // executable already defines is not looked for elsewhere (redis-benchmark.c's own
  // `_serverAssert`, not the server's in debug.c), and never in another executable's main TU.
  std::vector<llvm::BitVector> UnitIn(Units.size(), llvm::BitVector(Mains));
  for (unsigned E = 0; E < Mains; ++E) {
    std::vector<bool> In(Units.size(), false), Taken(DefinedIn.size(), false);
    std::vector<std::vector<unsigned>> Waiting(DefinedIn.size());  // needed through a pointer
    std::vector<unsigned> Work;
    auto Enter = [&](unsigned U) {
      if (!In[U]) {
        In[U] = true;
        Work.push_back(U);
      }
    };
    auto Need = [&](unsigned Fn) {
      if (llvm::any_of(DefinedIn[Fn], [&](unsigned U) { return In[U]; }))
        return;
      for (unsigned U : DefinedIn[Fn])
        if (!IsMainUnit[U])
          Enter(U);
    };
    Enter(MainUnits[E]);
    while (!Work.empty()) {
      unsigned U = Work.back();
      Work.pop_back();
      UnitIn[U].set(E);
      for (unsigned Fn : Needs[U].takes)
        if (!Taken[Fn]) {
          Taken[Fn] = true;
          if (!Waiting[Fn].empty()) {
            Waiting[Fn].clear();
            Need(Fn);
          }
        }
      for (unsigned Fn : Needs[U].direct)
        Need(Fn);
      for (unsigned Fn : Needs[U].indirect)
        if (Taken[Fn])
          Need(Fn);
        else
          Waiting[Fn].push_back(U);
    }
  }

  // A definition is one however many TUs have it (an inline function of a header): it is in
  // the executables of each of them. Two files each defining `usage()` are two definitions.
  std::map<std::tuple<llvm::StringRef, llvm::StringRef, unsigned>, unsigned> Places;
  for (unsigned U = 0; U < Units.size(); ++U)
    for (const FunctionFact &F : Units[U].functions) {
      auto [It, New] =
          Places.try_emplace({F.usr, F.span.file, F.span.offset}, DefinitionIn.size());
      if (New)
        DefinitionIn.emplace_back(Mains);
      DefinitionIn[It->second] |= UnitIn[U];
      Definition[&F] = It->second;
    }
}

bool Executables::together(const FunctionFact &A, const FunctionFact &B) const {
  const llvm::BitVector *InA = of(A), *InB = of(B);
  return !InA || !InB || InA->anyCommon(*InB);
}

const llvm::BitVector *Executables::of(const FunctionFact &F) const {
  auto It = Definition.find(&F);
  if (It == Definition.end() || DefinitionIn[It->second].none())  // no main reaches it
    return nullptr;
  return &DefinitionIn[It->second];
}

}  // namespace concurlint
