// The facts of every analysed TU linked into one program: functions by USR, the call graph,
// and the files read. Rules run over this, never over one TU alone.
#pragma once

#include "tool/core/Facts.h"

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

  /// Who calls `Usr`, from where.
  const std::vector<CallSite> &callersOf(llvm::StringRef Usr) const;

  /// The hash of a file's content as analysed; empty if the file was not read (or is a system
  /// header). Fixes are applied only where this is known and still matches.
  llvm::StringRef fileHash(llvm::StringRef Path) const;

  /// The content of a file as it is on disk now (read once), or its overlay, for fixes and
  /// suppressions.
  std::optional<llvm::StringRef> fileContent(llvm::StringRef Path) const;

private:
  std::vector<TUFacts> Units;
  std::vector<const FunctionFact *> Functions;
  llvm::StringMap<const FunctionFact *> ByUsr;
  llvm::StringMap<std::vector<const FunctionFact *>> Definitions;
  llvm::StringMap<std::vector<CallSite>> Callers;
  llvm::StringMap<GlobalFact> Globals;
  llvm::StringMap<std::string> Hashes;
  mutable std::mutex ContentMutex;
  mutable llvm::StringMap<std::optional<std::string>> Contents;
};

}  // namespace concurlint
