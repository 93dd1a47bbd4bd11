// Suppression comments, with clang-tidy's meaning:
//   // NOLINT            this line, every rule        // NOLINT(glob,…)          listed rules
//   // NOLINTNEXTLINE(…) the next line                // NOLINTBEGIN(…) … // NOLINTEND(…)
// A glob matches `rule-id` and `concur-rule-id`. A BEGIN without its END (or an END without
// its BEGIN) is itself reported, as an error.
#pragma once

#include "engine/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace concurlint {

class NolintIndex {
public:
  /// Indexes the suppression comments of one file's text.
  NolintIndex(llvm::StringRef Path, llvm::StringRef Text);

  bool suppresses(unsigned Line, llvm::StringRef Rule) const;

  /// Unmatched NOLINTBEGIN/NOLINTEND comments, as error findings.
  const std::vector<Finding> &problems() const { return Problems; }

private:
  struct Range {
    unsigned first, last;            // lines, inclusive
    std::vector<std::string> globs;  // empty: every rule
  };
  std::vector<Range> Ranges;
  std::vector<Finding> Problems;
};

}  // namespace concurlint
