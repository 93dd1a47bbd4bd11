// Every rule concur-lint runs. A new rule: a class in rules/<Name>.cpp, an entry in
// engine/catalogs/rules.yaml, a page in docs/rules/, a folder of cases in tests/rules/, and a line here.
#pragma once

#include "engine/Rule.h"

#include <memory>
#include <vector>

namespace concurlint {

std::unique_ptr<Rule> createCoroBlockingCall();
std::unique_ptr<Rule> createRaceSharedGlobal();
std::unique_ptr<Rule> createCoroLockAcrossSuspend();
std::unique_ptr<Rule> createProcessLostWrite();
std::unique_ptr<Rule> createThreadNotJoined();
std::unique_ptr<Rule> createLockManual();
std::unique_ptr<Rule> createCoroSequentialAwait();
std::unique_ptr<Rule> createLoopParallelizable();
std::unique_ptr<Rule> createRaceOpenMP();

std::vector<std::unique_ptr<Rule>> createAllRules();

}  // namespace concurlint
