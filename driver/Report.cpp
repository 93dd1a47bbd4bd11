#include "driver/Report.h"

#include "engine/Catalog.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <map>

namespace concurlint {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

std::string displayPath(llvm::StringRef File, llvm::StringRef Root) {
  if (!Root.empty() && File.starts_with(Root) && File.size() > Root.size() &&
      File[Root.size()] == '/')
    return File.substr(Root.size() + 1).str();
  return File.str();
}

namespace {

std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Out;
}

llvm::StringRef lineOf(llvm::StringRef Text, unsigned Line) {
  for (unsigned I = 1; I < Line && !Text.empty(); ++I)
    Text = Text.split('\n').second;
  return Text.split('\n').first.rtrim("\r");
}

std::vector<std::pair<std::string, const clang::tooling::Replacement *>>
allReplacements(const Finding &F) {
  std::vector<std::pair<std::string, const clang::tooling::Replacement *>> Out;
  for (const auto &[File, Reps] : F.fixes)
    for (const clang::tooling::Replacement &R : Reps)
      Out.push_back({File, &R});
  return Out;
}

}  // namespace

std::string fileUri(llvm::StringRef AbsPath) { return "file://" + percentEncode(AbsPath); }

const std::string &docsBaseUri() {
  // Computed once, read-only afterwards: the binary does not move while it runs.
  static const std::string Base = [] {
    llvm::StringRef Built(CONCUR_DOCS_BASE_URI);
    // A file:// URI built in is the source tree's docs/, which an installed binary may not
    // have (another machine) or should not use (another version): the copy installed beside
    // it comes first. A web address chosen at build time is kept.
    if (!Built.starts_with("file://"))
      return Built.str();
    std::string Exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
    llvm::SmallString<256> Installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
    llvm::sys::path::append(Installed, "share", "doc", "concur-lint");
    if (!Exe.empty() && llvm::sys::fs::is_directory(Installed))
      return fileUri(Installed) + "/";
    return Built.str();
  }();
  return Base;
}

std::string ruleDocUrl(llvm::StringRef RuleId) {
  const RuleInfo *Info = RuleCatalog::builtin().find(RuleId);
  return Info ? docsBaseUri() + Info->docs : std::string();
}

void writeText(llvm::raw_ostream &OS, const ReportData &R) {
  for (const Finding &F : R.findings) {
    OS << displayPath(F.where.file, R.root) << ":" << F.where.line << ":" << F.where.column
       << ": " << severityName(F.severity) << ": " << F.message << " [" << F.rule << "]\n";
    if (std::optional<llvm::StringRef> Text = R.program.fileContent(F.where.file)) {
      llvm::StringRef Line = lineOf(*Text, F.where.line);
      if (!Line.empty()) {
        std::string Gutter = llvm::formatv("{0,5} | ", F.where.line).str();
        OS << Gutter << Line << "\n";
        std::string Pad(Gutter.size() - 2, ' ');
        std::string Marker(F.where.column > 0 ? F.where.column - 1 : 0, ' ');
        for (size_t I = 0; I < Marker.size() && I < Line.size(); ++I)
          if (Line[I] == '\t')
            Marker[I] = '\t';
        unsigned Width = F.where.endLine == F.where.line && F.where.endColumn > F.where.column
                             ? F.where.endColumn - F.where.column
                             : 1;
        OS << Pad << "| " << Marker << "^" << std::string(Width - 1, '~') << "\n";
        // A one-line fix-it on the finding's own range is shown under it, as clang does.
        for (const auto &[File, Rep] : allReplacements(F))
          if (File == F.where.file && Rep->getOffset() == F.where.offset &&
              !llvm::StringRef(Rep->getReplacementText()).contains('\n'))
            OS << Pad << "| " << Marker << Rep->getReplacementText() << "\n";
      }
    }
    if (F.confidence != Confidence::High)
      OS << displayPath(F.where.file, R.root) << ":" << F.where.line << ":" << F.where.column
         << ": note: " << nameOf(F.confidence) << " confidence"
         << (F.confidenceReason.empty() ? "" : ": " + F.confidenceReason) << "\n";
    for (const Note &N : F.notes)
      OS << displayPath(N.where.file, R.root) << ":" << N.where.line << ":" << N.where.column
         << ": note: " << N.message << "\n";
  }
}

void writeJson(llvm::raw_ostream &OS, const ReportData &R) {
  // Streamed, not built as a json::Value tree: a tree of redis's 523 findings cost most of a
  // warm run (json::Value's move is not noexcept, so every growth of an Array deep-copies it).
  // Keys are written in sorted order, as a json::Object prints them; strings are passed as
  // StringRefs, which a json::Value holds without a copy.
  llvm::json::OStream J(OS, /*IndentSize=*/2);
  J.object([&] {
    J.attributeArray("diagnostics", [&] {
      for (const Finding &F : R.findings)
        J.object([&] {
          J.attribute("column", F.where.column);
          J.attribute("confidence", nameOf(F.confidence));
          if (!F.confidenceReason.empty())
            J.attribute("confidence_reason", llvm::StringRef(F.confidenceReason));
          J.attribute("end_column", F.where.endColumn);
          J.attribute("end_line", F.where.endLine);
          J.attribute("file", llvm::StringRef(F.where.file));
          J.attributeArray("fixes", [&] {
            for (const auto &[File, Rep] : allReplacements(F))
              J.object([&] {
                J.attribute("file", llvm::StringRef(File));
                J.attribute("length", Rep->getLength());
                J.attribute("offset", Rep->getOffset());
                J.attribute("replacement", Rep->getReplacementText());
              });
          });
          J.attribute("line", F.where.line);
          J.attribute("message", llvm::StringRef(F.message));
          J.attributeArray("notes", [&] {
            for (const Note &N : F.notes)
              J.object([&] {
                J.attribute("column", N.where.column);
                J.attribute("file", llvm::StringRef(N.where.file));
                J.attribute("line", N.where.line);
                J.attribute("message", llvm::StringRef(N.message));
              });
          });
          J.attribute("rule", llvm::StringRef(F.rule));
          J.attribute("severity", severityName(F.severity));
        });
    });
    J.attributeArray("errors", [&] {
      for (const AnalysisError &E : R.errors)
        J.object([&] {
          J.attribute("file", llvm::StringRef(E.file));
          J.attribute("message", llvm::StringRef(E.message));
        });
    });
    J.attribute("version", 1);
  });
  OS << "\n";
}

namespace {

const char *sarifLevel(Severity S) {
  switch (S) {
  case Severity::Info: return "note";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "warning";
}

Object artifactLocation(llvm::StringRef File, llvm::StringRef Root) {
  std::string Shown = displayPath(File, Root);
  if (Shown != File)
    return Object{{"uri", percentEncode(Shown)}, {"uriBaseId", "%SRCROOT%"}};
  return Object{{"uri", fileUri(File)}};
}

Object physicalLocation(const Span &S, llvm::StringRef Root) {
  Object Region{{"startLine", S.line}, {"startColumn", S.column}};
  if (S.endLine >= S.line && S.endColumn > 0) {
    Region["endLine"] = S.endLine;
    Region["endColumn"] = S.endColumn;
  }
  return Object{{"artifactLocation", artifactLocation(S.file, Root)},
                {"region", std::move(Region)}};
}

}  // namespace

void writeSarif(llvm::raw_ostream &OS, const ReportData &R) {
  const RuleCatalog &Catalog = RuleCatalog::builtin();
  Array Rules;
  std::map<std::string, int> RuleIndex;
  for (const RuleInfo &Info : Catalog.rules()) {
    RuleIndex[Info.id] = static_cast<int>(Rules.size());
    std::string HelpUri = ruleDocUrl(Info.id);
    Rules.push_back(Object{
        {"id", Info.id},
        {"name", Info.id},
        {"shortDescription", Object{{"text", Info.summary}}},
        {"fullDescription", Object{{"text", Info.description}}},
        {"help", Object{{"text", Info.description + " See " + HelpUri},
                        {"markdown", Info.description + "\n\nSee [" + Info.id + "](" + HelpUri +
                                         ")."}}},
        {"helpUri", HelpUri},
        {"defaultConfiguration", Object{{"level", sarifLevel(Info.defaultSeverity)}}}});
  }

  // primaryLocationLineHash: the rule and the finding's line without whitespace, hashed, with
  // the number of earlier identical hashes in the file, so that moving code keeps the identity.
  std::map<std::pair<std::string, std::string>, unsigned> Occurrences;
  Array Results;
  // json::Value's move is not noexcept: an Array that grows copies its elements.
  Results.reserve(R.findings.size());
  for (const Finding &F : R.findings) {
    std::string LineText;
    if (auto Text = R.program.fileContent(F.where.file))
      for (char C : lineOf(*Text, F.where.line))
        if (!llvm::isSpace(C))
          LineText += C;
    std::string Hash = llvm::utohexstr(llvm::xxh3_64bits(F.rule + "\n" + LineText), true, 16);
    unsigned N = Occurrences[{F.where.file, Hash}]++;

    Object Result{{"ruleId", F.rule},
                  {"level", sarifLevel(F.severity)},
                  {"message", Object{{"text", F.message}}},
                  {"locations", Array{Object{{"physicalLocation",
                                              physicalLocation(F.where, R.root)}}}},
                  {"partialFingerprints",
                   Object{{"primaryLocationLineHash", Hash + ":" + std::to_string(N + 1)}}}};
    if (auto It = RuleIndex.find(F.rule); It != RuleIndex.end())
      Result["ruleIndex"] = It->second;
    Object Properties{{"confidence", nameOf(F.confidence)}};
    if (!F.confidenceReason.empty())
      Properties["confidenceReason"] = F.confidenceReason;
    Result["properties"] = std::move(Properties);
    if (!F.notes.empty()) {
      Array Related;
      int Id = 1;
      for (const Note &Nt : F.notes)
        Related.push_back(Object{{"id", Id++},
                                 {"physicalLocation", physicalLocation(Nt.where, R.root)},
                                 {"message", Object{{"text", Nt.message}}}});
      Result["relatedLocations"] = std::move(Related);
    }
    if (F.hasFixes()) {
      Array Changes;
      for (const auto &[File, Reps] : F.fixes) {
        Array Replacements;
        for (const clang::tooling::Replacement &Rep : Reps)
          Replacements.push_back(
              Object{{"deletedRegion",
                      Object{{"charOffset", Rep.getOffset()}, {"charLength", Rep.getLength()}}},
                     {"insertedContent", Object{{"text", Rep.getReplacementText()}}}});
        Changes.push_back(Object{{"artifactLocation", artifactLocation(File, R.root)},
                                 {"replacements", std::move(Replacements)}});
      }
      Result["fixes"] = Array{Object{{"description", Object{{"text", "Apply the fix-it"}}},
                                     {"artifactChanges", std::move(Changes)}}};
    }
    Results.push_back(std::move(Result));
  }

  Array Notifications;
  for (const AnalysisError &E : R.errors) {
    Object Notification{{"level", "error"}, {"message", Object{{"text", E.message}}}};
    if (!E.file.empty())
      Notification["locations"] = Array{Object{
          {"physicalLocation", Object{{"artifactLocation", artifactLocation(E.file, R.root)}}}}};
    Notifications.push_back(std::move(Notification));
  }

  Object Run{
      {"tool", Object{{"driver", Object{{"name", "concur-lint"},
                                        {"semanticVersion", CONCUR_LINT_VERSION},
                                        {"version", CONCUR_LINT_VERSION},
                                        {"informationUri", docsBaseUri() + "usage.md"},
                                        {"rules", std::move(Rules)}}}}},
      {"invocations", Array{Object{{"executionSuccessful", R.errors.empty()},
                                   {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)},
      {"columnKind", "unicodeCodePoints"}};
  if (!R.root.empty())
    Run["originalUriBaseIds"] =
        Object{{"%SRCROOT%", Object{{"uri", fileUri(R.root) + "/"}}}};
  OS << llvm::formatv(
            "{0:2}",
            Value(Object{{"version", "2.1.0"},
                         {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                         {"runs", Array{std::move(Run)}}}))
     << "\n";
}

}  // namespace concurlint
