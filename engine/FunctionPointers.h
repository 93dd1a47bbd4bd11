// Which functions a call through a pointer or a callable may run: a whole-program,
// flow-insensitive, field-based points-to analysis of function values (Andersen-style subset
// constraints) over the flows of every TU (FlowFact). Calls through a place the flows never
// reach (a callback the library hands back, a pointer read through another pointer) fall back
// to the address-taken functions of the called type, when few enough share it.
#pragma once

#include "facts/Facts.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace concurlint {

class FunctionPointers {
public:
  /// How the calls through pointers and callables were resolved (`--verbose`).
  struct Stats {
    unsigned calls = 0;       // calls through a pointer or a callable object
    unsigned byFlow = 0;      // resolved by the flows
    unsigned byType = 0;      // by the called type (the fallback)
    unsigned unresolved = 0;  // neither: no function of that type, or too many
    unsigned virtualCalls = 0, overriders = 0;  // dispatched calls; overriders they may run
  };

  /// `Functions`: every function of the program (Program::functions()).
  FunctionPointers(llvm::ArrayRef<TUFacts> Units,
                   llvm::ArrayRef<const FunctionFact *> Functions);

  /// The functions (USRs) a place may hold, sorted.
  llvm::ArrayRef<std::string> pointsTo(llvm::StringRef Place) const;
  /// The functions a call through a pointer or a callable, or a virtual call, may run besides
  /// its direct callee (empty for plain calls).
  llvm::ArrayRef<std::string> targets(const CallFact &C) const;
  /// The methods overriding `Usr`, directly or not, that the program defines.
  llvm::ArrayRef<std::string> overriders(llvm::StringRef Usr) const;
  /// Whether a call's targets came from the type fallback.
  bool byType(const CallFact &C) const { return ByType.count(&C) != 0; }

  const Stats &stats() const { return Counts; }

  /// A parameter's or a result's place split into the function's USR and "N" or "ret";
  /// (Place, "") for any other place.
  static std::pair<llvm::StringRef, llvm::StringRef> splitPlace(llvm::StringRef Place);

  /// At most this many functions of one type are taken as the targets of an unresolved call.
  static constexpr unsigned TypeFallbackLimit = 12;

private:
  unsigned placeId(llvm::StringRef Place);
  unsigned functionId(llvm::StringRef Usr);
  void solve(llvm::ArrayRef<const FunctionFact *> Functions);

  llvm::StringMap<unsigned> Places, FunctionIds;
  std::vector<std::string> FunctionUsrs;
  std::vector<std::vector<unsigned>> Edges;    // place -> places that hold what it holds
  std::vector<std::vector<unsigned>> Holds;    // place -> function ids, sorted
  std::vector<std::vector<std::string>> HoldsUsr;  // the same as USRs, sorted (answers)
  llvm::StringMap<std::vector<std::string>> Overriders;
  llvm::DenseMap<const CallFact *, std::vector<std::string>> Targets;
  llvm::DenseMap<const CallFact *, bool> ByType;
  Stats Counts;
};

}  // namespace concurlint
