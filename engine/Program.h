// The facts of every analysed TU linked into one program: functions by USR, the call graph,
// and the files read. Rules run over this, never over one TU alone.
#pragma once

#include "engine/Executables.h"
#include "engine/FunctionPointers.h"
#include "facts/Facts.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {

struct CallSite {
  const FunctionFact *caller;
  const CallFact *call;
};

class Program {
public:
  explicit Program(std::vector<TUFacts> Units);
  /// `Overlay`: file contents that differ from the disk (an editor's unsaved buffers), by
  /// absolute path. fileContent() answers with them, so suppressions, fixes and reports see the
  /// text that was analysed.
  Program(std::vector<TUFacts> Units, llvm::StringMap<std::string> Overlay);

  const std::vector<TUFacts> &units() const { return Units; }

  /// Every function defined in some TU, once (an inline function from a header that several
  /// TUs include is the same function), in a stable order.
  const std::vector<const FunctionFact *> &functions() const { return Functions; }
  const FunctionFact *function(llvm::StringRef Usr) const;
  /// Every definition of `Usr`: usually one, more when the analysed files make several
  /// programs (memcached's testapp.c defines its own STATS_LOCK()).
  const std::vector<const FunctionFact *> &definitions(llvm::StringRef Usr) const;

  /// A global or static variable some TU accesses, with its declarations from every TU.
  const GlobalFact *global(llvm::StringRef Usr) const;

  /// Who calls `Usr`, from where: direct calls, and the calls through pointers, callables and
  /// virtual dispatch that may run it (FunctionPointers).
  const std::vector<CallSite> &callersOf(llvm::StringRef Usr) const;

  /// The functions with a body that a call may run: its callee; for a call through a pointer
  /// or a callable, what the place may hold; for a virtual call, the overriders too.
  llvm::SmallVector<const FunctionFact *, 2> callees(const CallFact &C) const;
  /// The points-to analysis of function values behind callees().
  const FunctionPointers &functionPointers() const { return *Pointers; }
  /// The executables (a `main` each) the TUs build, and which functions run in which.
  const Executables &executables() const { return *Execs; }

  /// The hash of a file's content as analysed; empty if the file was not read (or is a system
  /// header). Fixes are applied only where this is known and still matches.
  llvm::StringRef fileHash(llvm::StringRef Path) const;

  /// The content of a file as it is on disk now (read once), or its overlay, for fixes and
  /// suppressions.
  std::optional<llvm::StringRef> fileContent(llvm::StringRef Path) const;
  /// The content of a file as the analysis read it: fileContent() when it still has the hash
  /// the analysis saw; nothing when the file changed since, was not read (a system header) or
  /// cannot be read. Every edit computed from offsets of the analysis needs this text.
  std::optional<llvm::StringRef> analysedContent(llvm::StringRef Path) const;

private:
  std::vector<TUFacts> Units;
  std::vector<const FunctionFact *> Functions;
  llvm::StringMap<const FunctionFact *> ByUsr;
  llvm::StringMap<std::vector<const FunctionFact *>> Definitions;
  llvm::StringMap<std::vector<CallSite>> Callers;
  std::unique_ptr<FunctionPointers> Pointers;
  std::unique_ptr<Executables> Execs;
  llvm::StringMap<GlobalFact> Globals;
  llvm::StringMap<std::string> Hashes;
  mutable std::mutex ContentMutex;
  mutable llvm::StringMap<std::optional<std::string>> Contents;
};

/// Facts of TUs analysed at different times (an editor's), made one program's worth: a file's
/// current content is `OpenHashes`' (the content hash of an open buffer) or else what the newest
/// analysis read; what an older TU says about a file that has changed since (its functions,
/// declarations, file entry) is dropped, so that no function is seen twice at two places.
/// `NewestFirst`: the TUs, newest analysis first; returned in the same order.
std::vector<TUFacts> dropStaleFacts(std::vector<TUFacts> NewestFirst,
                                    const llvm::StringMap<std::string> &OpenHashes);

}  // namespace concurlint
