#include "transforms/FixApplier.h"

#include "clang/Format/Format.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace concurlint {

namespace fs = llvm::sys::fs;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

static std::string where(const Finding &F) {
  return F.where.file + ":" + std::to_string(F.where.line) + ":" + std::to_string(F.where.column);
}

/// `Reps` with the insertion `R` joined to an insertion at the same offset, or none if there
/// is no such insertion.
static std::optional<Replacements> joinInsertions(const Replacements &Reps, const Replacement &R) {
  if (R.getLength() != 0)
    return std::nullopt;
  Replacements Out;
  bool Joined = false;
  for (const Replacement &E : Reps) {
    Replacement Keep = E;
    if (!Joined && E.getLength() == 0 && E.getOffset() == R.getOffset()) {
      Keep = Replacement(E.getFilePath(), E.getOffset(), 0,
                         (E.getReplacementText() + R.getReplacementText()).str());
      Joined = true;
    }
    if (llvm::Error Err = Out.add(Keep)) {
      llvm::consumeError(std::move(Err));
      return std::nullopt;
    }
  }
  if (!Joined)
    return std::nullopt;
  return Out;
}

std::map<std::string, Replacements> selectFixes(const std::vector<Finding> &Findings,
                                                std::vector<AnalysisError> &Refused,
                                                unsigned &Selected) {
  std::map<std::string, Replacements> Chosen;
  Selected = 0;
  for (const Finding &F : Findings) {
    if (!F.hasFixes())
      continue;
    // Trial merge into copies: all of a finding's replacements, or none.
    std::map<std::string, Replacements> Trial;
    bool Conflict = false;
    for (const auto &[File, Reps] : F.fixes) {
      Replacements Merged = Chosen[File];
      for (const Replacement &R : Reps) {
        // The same edit asked for twice (an #include two fixes need) is made once.
        bool Duplicate = false;
        for (const Replacement &Existing : Merged)
          Duplicate |= Existing == R ||
                       // already part of a joined insertion (below)
                       (R.getLength() == 0 && Existing.getLength() == 0 &&
                        Existing.getOffset() == R.getOffset() && !R.getReplacementText().empty() &&
                        Existing.getReplacementText().contains(R.getReplacementText()));
        if (Duplicate)
          continue;
        if (llvm::Error E = Merged.add(R)) {
          llvm::consumeError(std::move(E));
          // Two insertions at one place (`#include <atomic>` and `#include <mutex>` at the end
          // of the includes) are both wanted: one insertion of both texts.
          if (std::optional<Replacements> Joined = joinInsertions(Merged, R)) {
            Merged = std::move(*Joined);
            continue;
          }
          Conflict = true;
          break;
        }
      }
      if (Conflict)
        break;
      Trial[File] = std::move(Merged);
    }
    if (Conflict) {
      Refused.push_back({F.where.file, "fix for [" + F.rule + "] at " + where(F) +
                                           " overlaps another fix; not applied"});
      continue;
    }
    for (auto &[File, Reps] : Trial)
      Chosen[File] = std::move(Reps);
    ++Selected;
  }
  return Chosen;
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content) {
  llvm::SmallString<256> Temp;
  int FD;
  if (std::error_code EC = fs::createUniqueFile(Path + ".concur-lint-%%%%%%", FD, Temp))
    return llvm::createStringError(EC, "%s: cannot create a temporary file: %s",
                                   Path.str().c_str(), EC.message().c_str());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.flush();
    if (OS.has_error()) {
      std::string Message = OS.error().message();
      OS.clear_error();
      fs::remove(Temp);
      return llvm::createStringError(std::make_error_code(std::errc::io_error),
                                     "%s: cannot write: %s", Path.str().c_str(), Message.c_str());
    }
  }
  if (auto Perms = fs::getPermissions(Path))
    fs::setPermissions(Temp, *Perms);
  if (std::error_code EC = fs::rename(Temp, Path)) {
    fs::remove(Temp);
    return llvm::createStringError(EC, "%s: cannot replace the file: %s", Path.str().c_str(),
                                   EC.message().c_str());
  }
  return llvm::Error::success();
}

std::vector<AnalysisError> dropStaleFixes(std::vector<Finding> &Findings, const Program &P) {
  std::map<std::string, bool> Stale;  // file -> changed since the analysis
  auto IsStale = [&](const std::string &File) {
    auto [It, New] = Stale.try_emplace(File, false);
    if (New) {
      llvm::StringRef Expected = P.fileHash(File);
      auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
      // A file the analysis did not read, or cannot be read now, is left to applyFixes,
      // which says why it refuses it.
      It->second = !Expected.empty() && Buffer && contentHash((*Buffer)->getBuffer()) != Expected;
    }
    return It->second;
  };
  std::vector<AnalysisError> Errors;
  std::set<std::string> Reported;
  for (Finding &F : Findings) {
    bool Drop = false;
    for (const auto &[File, Reps] : F.fixes)
      if (IsStale(File)) {
        Drop = true;
        if (Reported.insert(File).second)
          Errors.push_back({File, File + ": changed on disk since it was analysed; its fixes were "
                                         "not applied"});
      }
    if (Drop)
      F.fixes.clear();
  }
  return Errors;
}

llvm::Error checkFormatStyle(llvm::StringRef Style) {
  if (Style == "none" || Style == "file" || Style.starts_with("file:"))
    return llvm::Error::success();
  // Resolved for a file that does not exist: a named or inline style does not look at the disk.
  llvm::Expected<clang::format::FormatStyle> Parsed =
      clang::format::getStyle(Style, "concur-lint-style-check.cpp", "none");
  if (!Parsed)
    return llvm::createStringError(std::make_error_code(std::errc::invalid_argument),
                                   "--format-style=%s: not a style clang-format knows (%s); "
                                   "use none, file, llvm, google, chromium, mozilla, webkit, "
                                   "gnu, microsoft or '{key: value, ...}'",
                                   Style.str().c_str(),
                                   llvm::toString(Parsed.takeError()).c_str());
  return llvm::Error::success();
}

namespace {

/// The lines clang-format is asked to lay out after a fix: each changed range widened to its
/// paragraph (the lines around it up to a blank line, at most `Reach` each way), since
/// clang-format aligns consecutive lines (trailing comments, declarations, assignments) with
/// each other: a declaration that grew by `std::atomic<…>` moves its neighbours' comments too.
std::vector<clang::tooling::Range> paragraphsAround(llvm::StringRef Code,
                                                    const std::vector<clang::tooling::Range> &Changed) {
  constexpr unsigned Reach = 20;
  auto LineBegin = [&](size_t Off) {
    size_t NL = Code.rfind('\n', Off == 0 ? 0 : Off - 1);
    return Off == 0 || NL == llvm::StringRef::npos ? size_t(0) : NL + 1;
  };
  auto LineEnd = [&](size_t Off) {  // the offset of the line's '\n' (or the end)
    size_t NL = Code.find('\n', Off);
    return NL == llvm::StringRef::npos ? Code.size() : NL;
  };
  auto Blank = [&](size_t Begin) {
    return Code.slice(Begin, LineEnd(Begin)).trim(" \t\r").empty();
  };
  std::vector<clang::tooling::Range> Out;
  for (const clang::tooling::Range &R : Changed) {
    size_t Begin = LineBegin(std::min<size_t>(R.getOffset(), Code.size()));
    size_t End = LineEnd(std::min<size_t>(R.getOffset() + R.getLength(), Code.size()));
    for (unsigned I = 0; I < Reach && Begin > 0; ++I) {
      size_t Previous = LineBegin(Begin - 1);
      if (Blank(Previous))
        break;
      Begin = Previous;
    }
    for (unsigned I = 0; I < Reach && End < Code.size(); ++I) {
      size_t Next = End + 1;
      if (Next >= Code.size() || Blank(Next))
        break;
      End = LineEnd(Next);
    }
    Out.emplace_back(Begin, End - Begin);
  }
  return Out;
}

/// `Code` with `Reps` applied, then cleaned up (a comma or empty line an edit leaves behind)
/// and laid out in `Format`'s style for `File` around what changed. With style none, or "file"
/// without a .clang-format, `Reps` as they are; an error when the style cannot be read for
/// this file, or the replacements do not apply.
llvm::Expected<std::string> applyFormatted(llvm::StringRef File, llvm::StringRef Code,
                                           const Replacements &Reps, const FixFormat &Format) {
  if (Format.style == "none")
    return clang::tooling::applyAllReplacements(Code, Reps);
  llvm::Expected<clang::format::FormatStyle> Style =
      clang::format::getStyle(Format.style, File, /*FallbackStyle=*/"none", Code);
  if (!Style)
    return Style.takeError();
  if (Style->DisableFormat)
    return clang::tooling::applyAllReplacements(Code, Reps);
  llvm::Expected<Replacements> Clean = clang::format::cleanupAroundReplacements(Code, Reps, *Style);
  if (!Clean)
    return Clean.takeError();
  llvm::Expected<std::string> Fixed = clang::tooling::applyAllReplacements(Code, *Clean);
  if (!Fixed)
    return Fixed.takeError();
  Replacements Layout = clang::format::reformat(
      *Style, *Fixed, paragraphsAround(*Fixed, Clean->getAffectedRanges()), File);
  return clang::tooling::applyAllReplacements(*Fixed, Layout);
}

}  // namespace

FixOutcome applyFixes(const std::vector<Finding> &Findings, const Program &P,
                      llvm::StringRef ProjectRoot, const FixFormat &Format) {
  FixOutcome Out;
  std::map<std::string, Replacements> Chosen =
      selectFixes(Findings, Out.refused, Out.appliedFindings);
  for (const auto &[File, Reps] : Chosen) {
    auto Refuse = [&](const std::string &Why) {
      Out.refused.push_back({File, File + ": " + Why + "; its fixes were not applied"});
    };
    llvm::StringRef Path(File);
    if (ProjectRoot.empty() || !Path.starts_with(ProjectRoot) ||
        (Path.size() > ProjectRoot.size() && Path[ProjectRoot.size()] != '/')) {
      Refuse("outside the project (" + ProjectRoot.str() + ")");
      continue;
    }
    llvm::StringRef Expected = P.fileHash(File);
    if (Expected.empty()) {
      Refuse("not a file the analysis read as project source");
      continue;
    }
    auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
    if (!Buffer) {
      Refuse("cannot read: " + Buffer.getError().message());
      continue;
    }
    llvm::StringRef Code = (*Buffer)->getBuffer();
    if (contentHash(Code) != Expected) {
      Refuse("changed on disk since it was analysed");
      continue;
    }
    // access() alone says yes to root whatever the mode: a file nobody may write (chmod a-w)
    // is read-only on purpose, so its permission bits are checked too.
    auto Perms = fs::getPermissions(File);
    if (fs::access(File, fs::AccessMode::Write) || !Perms || !(*Perms & fs::all_write)) {
      Refuse("not writable");
      continue;
    }
    llvm::Expected<std::string> NewCode = applyFormatted(File, Code, Reps, Format);
    if (!NewCode && Format.style != "none") {
      Out.unformatted.push_back(
          {File, File + ": fixes applied unformatted: " + llvm::toString(NewCode.takeError())});
      NewCode = clang::tooling::applyAllReplacements(Code, Reps);
    }
    if (!NewCode) {
      Refuse(llvm::toString(NewCode.takeError()));
      continue;
    }
    if (llvm::Error E = writeFileAtomically(File, *NewCode)) {
      Out.refused.push_back({File, llvm::toString(std::move(E))});
      continue;
    }
    Out.changedFiles.push_back(File);
  }
  // Findings whose files were refused were not applied after all.
  if (!Out.refused.empty()) {
    unsigned Applied = 0;
    for (const Finding &F : Findings) {
      if (!F.hasFixes())
        continue;
      bool AllWritten = true;
      for (const auto &[File, Reps] : F.fixes)
        AllWritten &= std::find(Out.changedFiles.begin(), Out.changedFiles.end(), File) !=
                      Out.changedFiles.end();
      Applied += AllWritten;
    }
    Out.appliedFindings = std::min(Out.appliedFindings, Applied);
  }
  return Out;
}

}  // namespace concurlint
