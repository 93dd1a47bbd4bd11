#include "engine/ThreadStarts.h"

#include "llvm/ADT/STLExtras.h"

namespace concurlint {

std::string threadHandle(const CallFact &C, llvm::StringRef Handle) {
  if (Handle == "object")
    return C.objectId;
  if (Handle == "result")
    return C.resultId;
  if (Handle.consume_front("="))
    return Handle.str();
  unsigned N = 0;
  if (Handle.consume_front("arg") && !Handle.getAsInteger(10, N))
    return N < C.argIds.size() ? C.argIds[N] : "";
  return {};
}

bool sharedHandle(llvm::StringRef Identity) {
  // USRs: "c:@S@Job@FI@tid" (a field), "c:@maintenance_tid" and "c:assoc.c@maintenance_tid"
  // (globals); a local or a function-local static names its function ("@F@"), a parameter is
  // a place ("USR#N").
  if (Identity.empty() || !Identity.starts_with("c:"))
    return false;
  if (Identity.contains("@FI@"))
    return true;
  return !Identity.contains("@F@") && !Identity.contains('#');
}

namespace {

/// "USR#N" when `Place` is parameter N of `Fn`.
std::optional<unsigned> paramOf(llvm::StringRef Place, const FunctionFact &Fn) {
  auto [Usr, What] = FunctionPointers::splitPlace(Place);
  unsigned N = 0;
  if (Usr != Fn.usr || What.empty() || What.getAsInteger(10, N))
    return std::nullopt;
  return N;
}

bool inLoop(const FunctionFact &F, unsigned Offset) {
  return llvm::any_of(F.loops, [&](const LoopFact &L) { return L.begin <= Offset && Offset < L.end; });
}

}  // namespace

ThreadStarts::ThreadStarts(const Program &P, CatalogFor Catalogs)
    : P(P), Catalogs(std::move(Catalogs)) {
  findJoiners();
  findWrappers();
  collect();
}

int ThreadStarts::entryArgument(const CallFact &C, const ThreadSpawner &K) {
  if (K.entry >= 0)
    return K.entry;
  // The first argument naming a function or holding one (std::async's launch policy comes
  // before it).
  size_t N = std::max(C.argEntries.size(), C.argSources.size());
  for (size_t A = 0; A < N; ++A) {
    bool Named = A < C.argEntries.size() && !C.argEntries[A].empty();
    bool Held = A < C.argSources.size() && !C.argSources[A].empty() &&
                !(A < C.args.size() && llvm::StringRef(C.args[A]).contains("launch::"));
    if (Named || Held)
      return static_cast<int>(A);
  }
  return -1;
}

template <class T>
const T *ThreadStarts::calledIn(const llvm::StringMap<T> &Found, const CallFact &C) const {
  if (!C.calleeUsr.empty())
    if (auto It = Found.find(C.calleeUsr); It != Found.end())
      return &It->getValue();
  for (const std::string &Target : P.functionPointers().targets(C))
    if (auto It = Found.find(Target); It != Found.end())
      return &It->getValue();
  return nullptr;
}

const ThreadStarts::Wrapper *ThreadStarts::wrapperCalled(const CallFact &C) const {
  return calledIn(Wrappers, C);
}

const ThreadSpawner *ThreadStarts::spawner(const CallFact &C, const ThreadCatalog &Cat) const {
  if (const ThreadSpawner *K = Cat.spawner(C))
    return K;
  const Wrapper *W = wrapperCalled(C);
  return W ? &W->kind : nullptr;
}

std::string ThreadStarts::handleForCallers(llvm::StringRef Handle, const FunctionFact &F) {
  if (std::optional<unsigned> Param = paramOf(Handle, F))
    return "arg" + std::to_string(*Param);
  if (sharedHandle(Handle))
    return "=" + Handle.str();
  return {};
}

const ThreadJoiner *ThreadStarts::joiner(const CallFact &C, const ThreadCatalog &Cat) const {
  if (const ThreadJoiner *J = Cat.joiner(C))
    return J;
  const JoinWrapper *W = calledIn(JoinWrappers, C);
  return W ? &W->kind : nullptr;
}

void ThreadStarts::findJoiners() {
  for (int Round = 0; Round < WrapperDepth; ++Round) {
    bool Found = false;
    for (const FunctionFact *F : P.functions()) {
      if (JoinWrappers.count(F->usr))
        continue;
      const ThreadCatalog &Cat = Catalogs(F->span.file);
      for (const CallFact &C : F->calls) {
        const ThreadJoiner *J = joiner(C, Cat);
        if (!J || !J->joinedWhen.empty())  // a join that may fail makes no wrapper
          continue;
        std::string Handle = handleForCallers(threadHandle(C, J->handle), *F);
        if (Handle.empty())
          continue;
        JoinWrappers.try_emplace(F->usr, JoinWrapper{F, ThreadJoiner{F->name, Handle}});
        Found = true;
        break;
      }
    }
    if (!Found)
      break;
  }
}

const FunctionFact *ThreadStarts::wrapperOf(const CallFact &C) const {
  const Wrapper *W = wrapperCalled(C);
  return W ? W->fn : nullptr;
}

void ThreadStarts::findWrappers() {
  // A function that hands its parameter p on as the entry of a start it makes is a spawner
  // whose entry is its argument p; a wrapper of a wrapper is found in the next round.
  for (int Round = 0; Round < WrapperDepth; ++Round) {
    bool Found = false;
    for (const FunctionFact *F : P.functions()) {
      if (Wrappers.count(F->usr))
        continue;
      const ThreadCatalog &Cat = Catalogs(F->span.file);
      for (const CallFact &C : F->calls) {
        const ThreadSpawner *K = spawner(C, Cat);
        int Entry = K ? entryArgument(C, *K) : -1;
        if (Entry < 0 || static_cast<size_t>(Entry) >= C.argSources.size())
          continue;
        std::optional<unsigned> Param = paramOf(C.argSources[Entry], *F);
        if (!Param)
          continue;
        ThreadSpawner W;
        W.name = F->name;
        W.entry = static_cast<int>(*Param);
        // The first argument the thread gets, when the wrapper hands on its own parameter;
        // else none is bound at its call sites.
        W.args = ~0u >> 1;
        unsigned First = std::max<unsigned>(K->args, Entry + 1);
        if (First < C.argSources.size())
          if (std::optional<unsigned> Arg = paramOf(C.argSources[First], *F))
            W.args = *Arg;
        // The handle: the wrapper's parameter the start writes it to (`pthread_t *out`), a
        // field, or the wrapper's result when the start's result is not kept in the wrapper.
        std::string Handle = threadHandle(C, K->handle);
        W.handle = handleForCallers(Handle, *F);
        if (W.handle.empty())
          W.handle = K->handle == "result" && C.resultId.empty() && !C.resultDiscarded
                         ? "result"
                         : "none";
        // A wrapper that waits for the thread before it returns runs it like a call.
        W.waits = K->waits;
        if (!Handle.empty())
          for (const CallFact &J : F->calls)
            if (J.span.offset > C.span.offset && !exclusiveCalls(C, J))
              if (const ThreadJoiner *Joiner = joiner(J, Cat);
                  Joiner && threadHandle(J, Joiner->handle) == Handle)
                W.waits = true;
        W.many = K->many || inLoop(*F, C.span.offset);
        W.temporaryWaits = K->temporaryWaits;
        Wrappers.try_emplace(F->usr, Wrapper{F, std::move(W)});
        Found = true;
        break;
      }
    }
    if (!Found)
      break;
  }
}

void ThreadStarts::collect() {
  const FunctionPointers &FP = P.functionPointers();
  for (const FunctionFact *F : P.functions()) {
    const ThreadCatalog &Cat = Catalogs(F->span.file);
    for (const CallFact &C : F->calls) {
      const ThreadSpawner *K = spawner(C, Cat);
      if (!K)
        continue;
      // std::async(std::launch::deferred, f): runs in the thread that waits for it.
      if (!C.args.empty() && llvm::StringRef(C.args[0]).contains("deferred") &&
          !llvm::StringRef(C.args[0]).contains("async"))
        continue;
      int Entry = entryArgument(C, *K);
      if (Entry < 0)
        continue;
      ThreadStart S;
      S.caller = F;
      S.call = &C;
      S.kind = K;
      S.wrapper = Cat.spawner(C) ? nullptr : wrapperOf(C);
      llvm::StringRef Named =
          static_cast<size_t>(Entry) < C.argEntries.size() ? llvm::StringRef(C.argEntries[Entry]) : "";
      llvm::StringRef Source =
          static_cast<size_t>(Entry) < C.argSources.size() ? llvm::StringRef(C.argSources[Entry]) : "";
      if (!Named.empty() && P.function(Named)) {
        S.entries.push_back(Named.str());
      } else if (!Source.empty()) {
        // The inner start of a wrapper is made at the wrapper's call sites, with their entries.
        if (paramOf(Source, *F) && Wrappers.count(F->usr))
          continue;
        S.resolved = EntryResolution::PointsTo;
        S.place = Source.str();
        for (const std::string &E : FP.pointsTo(Source))
          if (P.function(E))
            S.entries.push_back(E);
      }
      if (S.entries.empty())
        continue;  // a default-constructed thread, or an entry with no body anywhere
      ByCall[&C] = Starts.size();
      Starts.push_back(std::move(S));
    }
  }
}

const ThreadStart *ThreadStarts::start(const CallFact &C) const {
  auto It = ByCall.find(&C);
  return It == ByCall.end() ? nullptr : &Starts[It->second];
}

}  // namespace concurlint
