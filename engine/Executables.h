// The executables a set of TUs builds: one per `main`. A compile database often holds several
// (redis: the server, redis-cli, redis-benchmark), which share library files (the event loop,
// the allocator) but never run in one process. Seen as one program, a thread of one executable
// would run through a shared file's function pointer into another's code (redis-benchmark's
// event loop into the server's `beforeSleep`) and race with itself there. The compile database
// does not say which files are linked together, so this infers it from the code: an
// executable is its `main`'s file and, transitively, the files defining what it calls, where a
// call through a pointer leads only to functions whose address some file of the executable
// takes. Functions no `main` reaches (a library analysed alone) belong to every executable.
#pragma once

#include "engine/FunctionPointers.h"
#include "facts/Facts.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace concurlint {

class Executables {
public:
  Executables(llvm::ArrayRef<TUFacts> Units, const FunctionPointers &Pointers);

  /// How many executables (`main`s) the TUs make; below two every function is in every one.
  unsigned count() const { return Mains; }

  /// Whether the functions `A` and `B` (definitions of the program's TUs) may run in one
  /// process: both are in some one executable, or either is in none that a `main` reaches.
  bool together(const FunctionFact &A, const FunctionFact &B) const;

private:
  /// The executables a definition is in, or null for all of them.
  const llvm::BitVector *of(const FunctionFact &F) const;

  unsigned Mains = 0;
  /// Every TU's copy of a definition -> its index in DefinitionIn.
  llvm::DenseMap<const FunctionFact *, unsigned> Definition;
  std::vector<llvm::BitVector> DefinitionIn;
};

}  // namespace concurlint
