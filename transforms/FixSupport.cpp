#include "transforms/FixSupport.h"

#include "clang/Tooling/Inclusions/HeaderIncludes.h"

namespace concurlint {

bool addInclude(const Program &P, const std::string &File, llvm::StringRef Header,
                clang::tooling::Replacements &Reps) {
  std::optional<llvm::StringRef> Code = P.analysedContent(File);
  if (!Code || Header.size() < 3)
    return false;
  clang::tooling::HeaderIncludes Includes(File, *Code, clang::tooling::IncludeStyle());
  bool Angled = Header.front() == '<';
  llvm::StringRef Name = Header.drop_front().drop_back();
  std::optional<clang::tooling::Replacement> Insert =
      Includes.insert(Name, Angled, clang::tooling::IncludeDirective::Include);
  if (!Insert)
    return true;  // already included
  for (const clang::tooling::Replacement &R : Reps)
    if (R == *Insert)
      return true;
  if (llvm::Error E = Reps.add(*Insert)) {
    llvm::consumeError(std::move(E));
    return false;
  }
  return true;
}

bool addIncludes(const Program &P, const std::string &File,
                 const std::vector<std::string> &Headers, clang::tooling::Replacements &Reps) {
  std::optional<llvm::StringRef> Code = P.analysedContent(File);
  if (!Code)
    return false;
  clang::tooling::HeaderIncludes Includes(File, *Code, clang::tooling::IncludeStyle());
  std::map<unsigned, std::string> ByOffset;
  for (const std::string &Header : Headers) {
    if (Header.size() < 3)
      return false;
    bool Angled = Header.front() == '<';
    llvm::StringRef Name = llvm::StringRef(Header).drop_front().drop_back();
    std::optional<clang::tooling::Replacement> Insert =
        Includes.insert(Name, Angled, clang::tooling::IncludeDirective::Include);
    if (!Insert)
      continue;  // already included
    std::string &Text = ByOffset[Insert->getOffset()];
    if (Text.find(Insert->getReplacementText().str()) == std::string::npos)
      Text += Insert->getReplacementText().str();
  }
  for (const auto &[Offset, Text] : ByOffset)
    if (llvm::Error E = Reps.add(clang::tooling::Replacement(File, Offset, 0, Text))) {
      llvm::consumeError(std::move(E));
      return false;
    }
  return true;
}

bool addEdits(const std::vector<EditFact> &Edits,
              std::map<std::string, clang::tooling::Replacements> &Fixes) {
  for (const EditFact &E : Edits) {
    if (E.at.file.empty())
      return false;
    clang::tooling::Replacement R(E.at.file, E.at.offset, E.at.length, E.text);
    if (llvm::Error Err = Fixes[E.at.file].add(R)) {
      llvm::consumeError(std::move(Err));
      return false;
    }
  }
  return true;
}

}  // namespace concurlint
