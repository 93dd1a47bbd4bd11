// What a rule reports.
#pragma once

#include "facts/EnumNames.h"
#include "facts/Facts.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {

enum class Severity { Info, Warning, Error };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(Severity) {
  static constexpr llvm::StringLiteral Names[] = {"info", "warning", "error"};
  return Names;
}
inline llvm::StringRef severityName(Severity S) { return nameOf(S); }
inline std::optional<Severity> parseSeverity(llvm::StringRef Name) {
  return parseEnum<Severity>(Name);
}

/// How sure a rule is that a finding is what it says (Finding::confidence). Ordered: a run shows
/// the findings at or above its minimum (--min-confidence, `min-confidence` in the
/// configuration; medium by default).
enum class Confidence { Low, Medium, High };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(Confidence) {
  static constexpr llvm::StringLiteral Names[] = {"low", "medium", "high"};
  return Names;
}
inline std::optional<Confidence> parseConfidence(llvm::StringRef Name) {
  return parseEnum<Confidence>(Name);
}

struct Note {
  Span where;
  std::string message;
};

/// How one thread reaches one of a finding's accesses: from the function it starts in, through
/// the calls and thread starts on the way, to the access; each step a place and what happens
/// there. A race has one per side (the HTML report shows them side by side); the notes tell the
/// same in prose.
struct CallChain {
  std::string title;        // "thread started at main.c:12, running 'worker'"
  std::vector<Note> steps;  // from the root down to the access
};

struct Finding {
  std::string rule;
  Severity severity = Severity::Warning;
  /// Set by a rule whose finding is less (or more) severe than the rule's default: a balanced
  /// lock()/unlock() pair is style (info), a path leaving the mutex locked is the bug. A
  /// severity configured for the rule overrides it, as it overrides the default.
  std::optional<Severity> ownSeverity;
  std::string message;
  Span where;
  std::vector<Note> notes;
  /// The threads' ways to the accesses, for reports that lay them out (HTML); none for rules
  /// that have no such ways to show.
  std::vector<CallChain> chains;
  /// Fix-its, per file. Every replacement of a finding is applied or none is.
  std::map<std::string, clang::tooling::Replacements> fixes;
  /// Below High, `confidenceReason` says why ("reached only through a call through
  /// 'dictType::keyDestructor', which may run 9 functions").
  Confidence confidence = Confidence::High;
  std::string confidenceReason;

  bool hasFixes() const { return !fixes.empty(); }
};

/// A file that could not be analysed (or fixed), and why.
struct AnalysisError {
  std::string file;
  std::string message;
};

/// Orders findings by file, position, rule and message: the report order.
bool reportOrder(const Finding &A, const Finding &B);

}  // namespace concurlint
