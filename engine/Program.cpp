#include "engine/Program.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace concurlint {

Program::Program(std::vector<TUFacts> TheUnits, llvm::StringMap<std::string> Overlay)
    : Program(std::move(TheUnits)) {
  for (auto &Entry : Overlay)
    Contents[Entry.getKey()] = std::move(Entry.getValue());
}

Program::Program(std::vector<TUFacts> TheUnits) : Units(std::move(TheUnits)) {
  // A definition is identified by its USR and where it is written: an inline function from a
  // header is one function however many TUs include it, but two files each defining `run()`
  // or `main()` (several programs in one directory) are two functions, each checked.
  std::set<std::tuple<llvm::StringRef, llvm::StringRef, unsigned>> Seen;
  for (const TUFacts &U : Units) {
    for (const FileFact &F : U.files)
      Hashes.try_emplace(F.path, F.hash);
    for (const GlobalFact &G : U.globals) {
      auto [It, New] = Globals.try_emplace(G.usr, G);
      if (New)
        continue;
      for (const VarDeclFact &D : G.decls)  // a header's declaration is seen by many TUs
        if (std::find(It->second.decls.begin(), It->second.decls.end(), D) ==
            It->second.decls.end())
          It->second.decls.push_back(D);
    }
    for (const FunctionFact &F : U.functions) {
      ByUsr.try_emplace(F.usr, &F);  // calls resolve to the first definition seen
      if (Seen.insert({F.usr, F.span.file, F.span.offset}).second) {
        Functions.push_back(&F);
        Definitions[F.usr].push_back(&F);
      }
    }
  }
  std::stable_sort(Functions.begin(), Functions.end(),
                   [](const FunctionFact *A, const FunctionFact *B) {
                     return std::tie(A->span.file, A->span.offset, A->usr) <
                            std::tie(B->span.file, B->span.offset, B->usr);
                   });
  Pointers = std::make_unique<FunctionPointers>(Units, Functions);
  Execs = std::make_unique<Executables>(Units, *Pointers);
  for (const FunctionFact *F : Functions)
    for (const CallFact &C : F->calls) {
      if (!C.calleeUsr.empty())
        Callers[C.calleeUsr].push_back({F, &C});
      for (const std::string &T : Pointers->targets(C))
        if (T != C.calleeUsr)
          Callers[T].push_back({F, &C});
    }
}

llvm::SmallVector<const FunctionFact *, 2> Program::callees(const CallFact &C) const {
  llvm::SmallVector<const FunctionFact *, 2> Out;
  if (const FunctionFact *Direct = C.calleeUsr.empty() ? nullptr : function(C.calleeUsr))
    Out.push_back(Direct);
  for (const std::string &T : Pointers->targets(C))
    if (const FunctionFact *F = function(T); F && !llvm::is_contained(Out, F))
      Out.push_back(F);
  return Out;
}

const GlobalFact *Program::global(llvm::StringRef Usr) const {
  auto It = Globals.find(Usr);
  return It == Globals.end() ? nullptr : &It->second;
}

const FunctionFact *Program::function(llvm::StringRef Usr) const {
  auto It = ByUsr.find(Usr);
  return It == ByUsr.end() ? nullptr : It->second;
}

const std::vector<const FunctionFact *> &Program::definitions(llvm::StringRef Usr) const {
  static const std::vector<const FunctionFact *> None;
  auto It = Definitions.find(Usr);
  return It == Definitions.end() ? None : It->second;
}

const std::vector<CallSite> &Program::callersOf(llvm::StringRef Usr) const {
  static const std::vector<CallSite> None;
  auto It = Callers.find(Usr);
  return It == Callers.end() ? None : It->second;
}

llvm::StringRef Program::fileHash(llvm::StringRef Path) const {
  auto It = Hashes.find(Path);
  return It == Hashes.end() ? llvm::StringRef() : llvm::StringRef(It->second);
}

std::optional<llvm::StringRef> Program::fileContent(llvm::StringRef Path) const {
  std::lock_guard<std::mutex> Lock(ContentMutex);
  auto It = Contents.find(Path);
  if (It == Contents.end()) {
    std::optional<std::string> Text;
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                  /*RequiresNullTerminator=*/false))
      Text = (*Buffer)->getBuffer().str();
    It = Contents.try_emplace(Path, std::move(Text)).first;
  }
  if (!It->second)
    return std::nullopt;
  return llvm::StringRef(*It->second);
}

std::optional<llvm::StringRef> Program::analysedContent(llvm::StringRef Path) const {
  llvm::StringRef Hash = fileHash(Path);
  std::optional<llvm::StringRef> Code = fileContent(Path);
  if (Hash.empty() || !Code || contentHash(*Code) != Hash)
    return std::nullopt;
  return Code;
}

std::vector<TUFacts> dropStaleFacts(std::vector<TUFacts> NewestFirst,
                                    const llvm::StringMap<std::string> &OpenHashes) {
  llvm::StringMap<std::string> Current = OpenHashes;
  for (const TUFacts &F : NewestFirst)
    for (const FileFact &File : F.files)
      Current.try_emplace(File.path, File.hash);
  for (TUFacts &F : NewestFirst) {
    llvm::StringSet<> Stale;
    for (const FileFact &File : F.files)
      if (Current.lookup(File.path) != File.hash)
        Stale.insert(File.path);
    if (Stale.empty())
      continue;
    llvm::erase_if(F.functions,
                   [&](const FunctionFact &Fn) { return Stale.contains(Fn.span.file); });
    for (GlobalFact &G : F.globals)
      llvm::erase_if(G.decls, [&](const VarDeclFact &D) {
        return Stale.contains(D.declaration.file) || Stale.contains(D.type.file);
      });
    llvm::erase_if(F.files, [&](const FileFact &File) { return Stale.contains(File.path); });
  }
  return NewestFirst;
}

}  // namespace concurlint
