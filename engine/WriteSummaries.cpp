#include "engine/WriteSummaries.h"

#include "llvm/ADT/StringMap.h"

#include <deque>
#include <vector>

namespace concurlint {

std::string WriteSummaries::key(llvm::StringRef Usr, unsigned Param, bool Object) {
  return (Usr + (Object ? "#this" : "#" + std::to_string(Param))).str();
}

WriteSummaries::WriteSummaries(const Program &P) : Prog(P) {
  // A (function, parameter) pair is written when its body writes through it, or hands it to a
  // pair that is written, or to a function nobody defines: the least fixpoint, found by walking
  // the hand-ons backwards from the direct writes.
  llvm::StringMap<std::vector<std::string>> HandedBy;  // callee pair -> caller pairs
  std::deque<std::string> Queue;
  auto Mark = [&](std::string Key) {
    if (Written.insert(Key).second)
      Queue.push_back(std::move(Key));
  };
  for (const FunctionFact *F : P.functions())
    for (const ParamWriteFact &W : F->paramWrites) {
      std::string Caller = key(F->usr, W.param, W.object);
      if (W.callee.empty() || !P.function(W.callee))
        Mark(Caller);
      else
        HandedBy[key(W.callee, W.calleeParam, W.calleeObject)].push_back(std::move(Caller));
    }
  while (!Queue.empty()) {
    std::string Key = std::move(Queue.front());
    Queue.pop_front();
    auto It = HandedBy.find(Key);
    if (It == HandedBy.end())
      continue;
    for (const std::string &Caller : It->second)
      Mark(Caller);
  }
}

bool WriteSummaries::writes(llvm::StringRef Usr, unsigned Param, bool Object) const {
  if (!Prog.function(Usr))
    return true;
  return Written.contains(key(Usr, Param, Object));
}

}  // namespace concurlint
