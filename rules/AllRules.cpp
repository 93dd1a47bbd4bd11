#include "rules/AllRules.h"

namespace concurlint {

std::vector<std::unique_ptr<Rule>> createAllRules() {
  std::vector<std::unique_ptr<Rule>> Rules;
  Rules.push_back(createCoroBlockingCall());
  Rules.push_back(createRaceSharedGlobal());
  Rules.push_back(createCoroLockAcrossSuspend());
  Rules.push_back(createProcessLostWrite());
  Rules.push_back(createThreadNotJoined());
  Rules.push_back(createLockManual());
  Rules.push_back(createCoroSequentialAwait());
  Rules.push_back(createLoopParallelizable());
  Rules.push_back(createRaceOpenMP());
  return Rules;
}

}  // namespace concurlint
