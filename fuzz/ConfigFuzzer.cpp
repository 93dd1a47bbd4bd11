// libFuzzer target: the configuration loader (.concur-lint.yaml and --rules). Any input must
// give a configuration or an error naming the file; never a crash, a hang or a leak.
// Built with clang++-19 -fsanitize=fuzzer,address (fuzz/CMakeLists.txt, docs/fuzzing.md).
#include "engine/Config.h"

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace concurlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<ConfigLayer> Layer = parseConfigText(Text, "fuzz/.concur-lint.yaml");
  if (!Layer) {
    std::string Message = llvm::toString(Layer.takeError());
    // Errors name the file they are about.
    if (llvm::StringRef(Message).find("fuzz/.concur-lint.yaml") == llvm::StringRef::npos)
      __builtin_trap();
  } else {
    // A layer that parses must also merge: the effective configuration of a directory.
    Config C({std::make_shared<const ConfigLayer>(std::move(*Layer))});
    for (const RuleInfo &R : RuleCatalog::builtin().rules()) {
      (void)C.enabled(R.id);
      (void)C.severity(R.id);
      for (const RuleOption &O : R.options)
        (void)C.option(R.id, O.name);
    }
  }
  if (llvm::Expected<ConfigLayer> Flag = parseRulesFlag(Text); !Flag)
    llvm::consumeError(Flag.takeError());
  return 0;
}
