#include "engine/Nolint.h"

#include "engine/Config.h"

#include "llvm/ADT/SmallVector.h"

namespace concurlint {
namespace {

struct Directive {
  enum Kind { SameLine, NextLine, Begin, End } kind;
  std::vector<std::string> globs;
  std::string written;  // "(a,b)" as written, to pair BEGIN with END
  unsigned column;
  unsigned length;
};

/// Every NOLINT directive on one line. NOLINTNEXTLINE/BEGIN/END are tried before NOLINT, which
/// is their prefix.
std::vector<Directive> directivesOf(llvm::StringRef Line) {
  std::vector<Directive> Out;
  size_t Pos = 0;
  while ((Pos = Line.find("NOLINT", Pos)) != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.substr(Pos);
    Directive D{Directive::SameLine, {}, {}, unsigned(Pos + 1), 0};
    size_t Len = 6;
    if (Rest.starts_with("NOLINTNEXTLINE")) {
      D.kind = Directive::NextLine;
      Len = 14;
    } else if (Rest.starts_with("NOLINTBEGIN")) {
      D.kind = Directive::Begin;
      Len = 11;
    } else if (Rest.starts_with("NOLINTEND")) {
      D.kind = Directive::End;
      Len = 9;
    }
    llvm::StringRef After = Rest.substr(Len);
    if (!After.empty() && (isalnum(static_cast<unsigned char>(After[0])) || After[0] == '_')) {
      Pos += Len;  // NOLINTFOO is not a directive
      continue;
    }
    if (After.starts_with("(")) {
      size_t Close = After.find(')');
      if (Close != llvm::StringRef::npos) {
        D.written = After.substr(0, Close + 1).str();
        llvm::SmallVector<llvm::StringRef, 4> Items;
        After.substr(1, Close - 1).split(Items, ',', -1, false);
        for (llvm::StringRef I : Items)
          if (!I.trim().empty())
            D.globs.push_back(I.trim().str());
        Len += Close + 1;
      }
    }
    D.length = Len;
    Out.push_back(std::move(D));
    Pos += Len;
  }
  return Out;
}

Finding problem(llvm::StringRef Path, unsigned Line, const Directive &D,
                const std::string &Message) {
  Finding F;
  F.rule = "nolint";
  F.severity = Severity::Error;
  F.message = Message;
  F.where.file = Path.str();
  F.where.line = F.where.endLine = Line;
  F.where.column = D.column;
  F.where.endColumn = D.column + D.length;
  return F;
}

}  // namespace

NolintIndex::NolintIndex(llvm::StringRef Path, llvm::StringRef Text) {
  struct Open {
    unsigned line;
    Directive d;
  };
  std::vector<Open> Stack;
  unsigned LineNo = 0;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    ++LineNo;
    if (!Line.contains("NOLINT"))
      continue;
    for (Directive &D : directivesOf(Line)) {
      switch (D.kind) {
      case Directive::SameLine:
        Ranges.push_back({LineNo, LineNo, D.globs});
        break;
      case Directive::NextLine:
        Ranges.push_back({LineNo + 1, LineNo + 1, D.globs});
        break;
      case Directive::Begin:
        Stack.push_back({LineNo, D});
        break;
      case Directive::End: {
        // An END closes the innermost BEGIN with the same rule list, as in clang-tidy.
        auto It = std::find_if(Stack.rbegin(), Stack.rend(),
                               [&](const Open &O) { return O.d.written == D.written; });
        if (It == Stack.rend()) {
          Problems.push_back(problem(Path, LineNo, D,
                                     "unmatched 'NOLINTEND' comment without a previous "
                                     "'NOLINTBEGIN" + D.written + "' comment"));
          break;
        }
        Ranges.push_back({It->line, LineNo, It->d.globs});
        Stack.erase(std::next(It).base());
        break;
      }
      }
    }
  }
  for (const Open &O : Stack)
    Problems.push_back(problem(Path, O.line, O.d,
                               "unmatched 'NOLINTBEGIN' comment without a subsequent "
                               "'NOLINTEND" + O.d.written + "' comment"));
}

bool NolintIndex::suppresses(unsigned Line, llvm::StringRef Rule) const {
  for (const Range &R : Ranges) {
    if (Line < R.first || Line > R.last)
      continue;
    if (R.globs.empty())
      return true;
    // Globs read left to right, the last match wins: NOLINT(concur-*,-race-shared-global).
    bool Suppressed = false;
    for (llvm::StringRef G : R.globs) {
      bool Negative = G.consume_front("-");
      if (ruleMatches(G, Rule))
        Suppressed = !Negative;
    }
    if (Suppressed)
      return true;
  }
  return false;
}

}  // namespace concurlint
