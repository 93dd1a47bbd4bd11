// Where the program starts its threads, and what each runs. A start is a call of the thread
// catalog (pthread_create, std::thread, a pool's submit) or of a function of the program that
// starts a thread running a function it was given: a wrapper such as memcached's
// `create_worker(worker_libevent, arg)`, found by its body (it hands its parameter on to a
// start), through any number of levels, and bound at each of its call sites. The function a
// thread runs is named at the start, or found by the points-to analysis of function values
// (FunctionPointers) when the start passes a pointer, a field or a callable object.
#pragma once

#include "engine/Program.h"
#include "engine/ThreadCatalog.h"

#include "llvm/ADT/StringMap.h"

#include <functional>
#include <string>
#include <vector>

namespace concurlint {

/// How a start's entry was found (ThreadStart::resolved).
enum class EntryResolution { Named, PointsTo };

struct ThreadStart {
  const FunctionFact *caller = nullptr;
  const CallFact *call = nullptr;
  const ThreadSpawner *kind = nullptr;  // the catalog's entry, or a wrapper's (`wrapper` set)
  std::vector<std::string> entries;     // USRs of the functions it may run (with a body)
  EntryResolution resolved = EntryResolution::Named;
  std::string place;                    // PointsTo: the place the entry was read from
  const FunctionFact *wrapper = nullptr;  // a start through a function of the program
};

class ThreadStarts {
public:
  using CatalogFor = std::function<const ThreadCatalog &(llvm::StringRef File)>;

  ThreadStarts(const Program &P, CatalogFor Catalogs);

  /// Every start of the program whose entry is known, in the order of Program::functions().
  const std::vector<ThreadStart> &starts() const { return Starts; }
  /// The start a call is, or null.
  const ThreadStart *start(const CallFact &C) const;
  /// The spawner a call is: the catalog's, or a wrapper's; null if neither.
  const ThreadSpawner *spawner(const CallFact &C, const ThreadCatalog &Cat) const;
  /// The wrapper a call runs, when spawner() found one.
  const FunctionFact *wrapperOf(const CallFact &C) const;
  /// The joiner a call is: the catalog's, or a function of the program that joins the thread
  /// whose handle it is given (`void wait_for(pthread_t t) { pthread_join(t, 0); }`), or that
  /// joins the handle kept in a field (`pthread_join(p->tid, 0)`); null if neither.
  const ThreadJoiner *joiner(const CallFact &C, const ThreadCatalog &Cat) const;

  /// How many levels of wrappers are followed.
  static constexpr int WrapperDepth = 6;

private:
  struct Wrapper {
    const FunctionFact *fn = nullptr;
    ThreadSpawner kind;
  };
  struct JoinWrapper {
    const FunctionFact *fn = nullptr;
    ThreadJoiner kind;
  };
  const Wrapper *wrapperCalled(const CallFact &C) const;
  /// The entry of `Found` for the function a call runs (its callee, or a target of a call
  /// through a pointer), or null.
  template <class T> const T *calledIn(const llvm::StringMap<T> &Found, const CallFact &C) const;
  /// A start's or a join's handle as its wrapper's callers see it: "argN" for the wrapper's
  /// parameter N, "=ID" for a field or global every caller shares; "" when it is the
  /// wrapper's own.
  static std::string handleForCallers(llvm::StringRef Handle, const FunctionFact &F);
  void findJoiners();
  /// The argument of `C` that names the entry, for spawner `K`; -1 if none.
  static int entryArgument(const CallFact &C, const ThreadSpawner &K);
  void findWrappers();
  void collect();

  const Program &P;
  CatalogFor Catalogs;
  llvm::StringMap<Wrapper> Wrappers;  // by USR
  llvm::StringMap<JoinWrapper> JoinWrappers;  // by USR
  std::vector<ThreadStart> Starts;
  llvm::DenseMap<const CallFact *, size_t> ByCall;
};

/// The identity of a start's thread handle (what a join names): `handle` is "result", "object",
/// "argN", or "=ID" (a field or a global holding the handle: a wrapper's).
std::string threadHandle(const CallFact &C, llvm::StringRef Handle);

/// Whether a handle's identity is one every function shares: a field (of any object of its
/// class) or a global, not a local or a parameter. A thread whose handle is kept there may be
/// joined by any function, through it (memcached's `maintenance_tid`, sqlite's `p->tid`).
bool sharedHandle(llvm::StringRef Identity);

}  // namespace concurlint
