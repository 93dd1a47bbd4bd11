#include "transforms/ExportFixes.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

namespace concurlint {

std::string exportFixesYaml(const std::vector<Finding> &Findings, llvm::StringRef MainSourceFile,
                            llvm::StringRef BuildDirectory) {
  using namespace clang::tooling;
  TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainSourceFile.str();
  for (const Finding &F : Findings) {
    DiagnosticMessage Message;
    Message.Message = F.message;
    Message.FilePath = F.where.file;
    Message.FileOffset = F.where.offset;
    for (const auto &[File, Reps] : F.fixes)
      Message.Fix[File] = Reps;
    llvm::SmallVector<DiagnosticMessage, 1> Notes;
    for (const Note &N : F.notes) {
      DiagnosticMessage NoteMessage;
      NoteMessage.Message = N.message;
      NoteMessage.FilePath = N.where.file;
      NoteMessage.FileOffset = N.where.offset;
      Notes.push_back(std::move(NoteMessage));
    }
    Diagnostic::Level Level =
        F.severity == Severity::Error ? Diagnostic::Error
                                      : (F.severity == Severity::Warning ? Diagnostic::Warning
                                                                         : Diagnostic::Remark);
    TU.Diagnostics.emplace_back("concur-" + F.rule, Message, Notes, Level, BuildDirectory);
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::yaml::Output YAML(OS);
  YAML << TU;
  OS.flush();
  return Out;
}

}  // namespace concurlint
