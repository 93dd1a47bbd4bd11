#include "tool/cli/Findings.h"

#include "driver/Inputs.h"
#include "driver/HtmlReport.h"
#include "driver/Report.h"
#include "engine/ThreadStarts.h"
#include "rules/AllRules.h"
#include "transforms/ExportFixes.h"
#include "transforms/FixApplier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace concurlint::cli {

namespace {

/// The project a run may write fixes into: the git work tree holding the current directory,
/// else the current directory.
std::string projectRoot(const std::string &Cwd) {
  for (llvm::StringRef D = Cwd; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return D.str();
  }
  return Cwd;
}

std::string render(OutputFormat Format, const ReportData &Data) {
  std::string Rendered;
  llvm::raw_string_ostream OS(Rendered);
  switch (Format) {
  case OutputFormat::Text:
    writeText(OS, Data);
    break;
  case OutputFormat::Json:
    writeJson(OS, Data);
    break;
  case OutputFormat::Sarif:
    writeSarif(OS, Data);
    break;
  case OutputFormat::Html:  // a folder, written by report()
    break;
  }
  return Rendered;
}

/// 0, or 1 when a finding is at least as severe as --fail-on, or 3 after an analysis error.
int exitStatus(const CliOptions &Opts, const std::vector<AnalysisError> &Errors,
               const unsigned (&Counts)[3]) {
  if (!Errors.empty())
    return ExitAnalysis;
  int Threshold = Opts.failOn == FailOn::Never ? 3 : static_cast<int>(Opts.failOn);
  for (int S = Threshold; S < 3; ++S)
    if (Counts[S])
      return ExitFindings;
  return ExitClean;
}

/// A place of the points-to analysis as a reader names it: "parameter 2 of 'start'",
/// "the result of 'pick'", "'ops::run'" (a field), "'on_tick'" (a variable).
std::string placeName(llvm::StringRef Place, const Program &P) {
  if (auto [Usr, What] = FunctionPointers::splitPlace(Place); !What.empty()) {
    const FunctionFact *F = P.function(Usr);
    std::string Fn = F ? "'" + F->name + "'" : "a function";
    return What == "ret" ? "the result of " + Fn : "parameter " + What.str() + " of " + Fn;
  }
  // USRs: "c:@S@ops@FI@run" (a field), "c:@U@u" (a union), "c:file.c@on_tick" (a variable).
  // An anonymous record is named by its place: "c:thread.c@6334@F@fn@U@thread.c@6334".
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Place.split(Parts, '@');
  std::string Name;
  llvm::StringRef Function;
  for (size_t I = 0; I + 1 < Parts.size(); ++I) {
    if (Parts[I] == "F")
      Function = Parts[I + 1].split('#').first;
    bool Record = Parts[I] == "S" || Parts[I] == "U";
    if (Record && Parts[I + 1].contains('.'))  // anonymous
      return std::string("the anonymous ") + (Parts[I] == "U" ? "union" : "struct") +
             (Function.empty() ? "" : " in '" + Function.str() + "'");
    if (Record || Parts[I] == "N" || Parts[I] == "FI" || Parts[I] == "ST" || Parts[I] == "SP")
      Name += (Name.empty() ? "" : "::") + Parts[I + 1].split('>').first.str();
  }
  if (Name.empty() && !Parts.empty())
    Name = Parts.back().str();
  return "'" + Name + "'";
}

}  // namespace

int listThreads(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Run) {
  Program P(std::move(Run.facts));
  std::vector<std::string> ConfigErrors;
  ThreadStarts Starts(P, [&](llvm::StringRef File) -> const ThreadCatalog & {
    static const ThreadCatalog &Builtin = builtinThreadCatalog();
    auto C = Configs.forFile(File);
    if (C)
      return (*C)->threads();
    ConfigErrors.push_back(llvm::toString(C.takeError()));
    return Builtin;
  });
  for (const std::string &E : ConfigErrors)
    llvm::errs() << "concur-lint: " << E << "\n";
  if (!ConfigErrors.empty())
    return ExitUsage;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  auto Name = [&](const std::string &Usr) {
    const FunctionFact *F = P.function(Usr);
    return F ? F->name : Usr;
  };
  if (Opts.format == OutputFormat::Json) {
    llvm::json::Array All;
    for (const ThreadStart &S : Starts.starts()) {
      llvm::json::Array Entries;
      for (const std::string &E : S.entries)
        Entries.push_back(llvm::json::Object{{"name", Name(E)}, {"usr", E}});
      llvm::json::Object O{{"file", S.call->span.file},
                           {"line", S.call->span.line},
                           {"column", S.call->span.column},
                           {"started_in", S.caller->name},
                           {"entries", std::move(Entries)},
                           {"resolved", S.resolved == EntryResolution::Named ? "named" : "points-to"},
                           {"many", S.kind->many}};
      if (S.wrapper)
        O["wrapper"] = S.wrapper->name;
      if (!S.place.empty())
        O["place"] = placeName(S.place, P);
      All.push_back(std::move(O));
    }
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(All))) << "\n";
  } else {
    for (const ThreadStart &S : Starts.starts()) {
      llvm::outs() << displayPath(S.call->span.file, Cwd) << ":" << S.call->span.line << ":"
                   << S.call->span.column << ": thread started in '" << S.caller->name
                   << "' running ";
      for (size_t I = 0; I < S.entries.size(); ++I)
        llvm::outs() << (I ? ", '" : "'") << Name(S.entries[I]) << "'";
      if (S.wrapper)
        llvm::outs() << " (through '" << S.wrapper->name << "')";
      if (S.resolved == EntryResolution::PointsTo)
        llvm::outs() << " (what " << placeName(S.place, P) << " may hold)";
      llvm::outs() << "\n";
    }
  }
  llvm::outs().flush();
  if (!Opts.quiet) {
    const FunctionPointers::Stats &FP = P.functionPointers().stats();
    llvm::errs() << "concur-lint: " << Starts.starts().size() << " thread start(s); "
                 << FP.calls << " call(s) through pointers or callables: " << FP.byFlow
                 << " resolved by the flows of function values, " << FP.byType << " by type, "
                 << FP.unresolved << " unresolved\n";
  }
  return Run.errors.empty() ? ExitClean : ExitAnalysis;
}

int dumpFacts(const Analysed &Run) {
  llvm::json::Array All;
  All.reserve(Run.facts.size());  // a growing Array copies its elements
  for (const TUFacts &F : Run.facts)
    All.push_back(toJSON(F));
  llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(All))) << "\n";
  return Run.errors.empty() ? ExitClean : ExitAnalysis;
}

std::optional<int> lintProgram(const CliOptions &Opts, ConfigResolver &Configs, Analysed &Run,
                               RunCache &RC, std::optional<Outcome> &Out) {
  EngineResult Result;
  std::vector<TUFacts> Units;
  if (RC.reused) {
    // The findings of this very run, stored by an earlier one; the files' hashes are what fixes
    // are checked against.
    Units.emplace_back().files = std::move(RC.reused->files);
    Result.findings = std::move(RC.reused->findings);
  } else {
    Units = std::move(Run.facts);
  }
  Out.emplace(std::move(Units));
  Out->result = std::move(Result);
  if (RC.reused)
    return std::nullopt;
  if (Opts.verbose) {
    const FunctionPointers::Stats &FP = Out->program.functionPointers().stats();
    llvm::errs() << "concur-lint: note: " << FP.calls
                 << " call(s) through pointers or callables: " << FP.byFlow
                 << " resolved by the flows of function values, " << FP.byType
                 << " by the called type, " << FP.unresolved << " unresolved; "
                 << FP.virtualCalls << " virtual call(s), " << FP.overriders
                 << " overrider(s) they may run\n";
  }
  std::vector<std::unique_ptr<Rule>> Rules = createAllRules();
  Out->result = runRules(Out->program, Rules, Configs, Run.files);
  if (!Out->result.configErrors.empty()) {
    for (const std::string &E : Out->result.configErrors)
      llvm::errs() << "concur-lint: " << E << "\n";
    return ExitUsage;
  }
  if (!RC.key.empty()) {
    CachedRun Stored;
    for (const TUFacts &U : Out->program.units())
      Stored.files.insert(Stored.files.end(), U.files.begin(), U.files.end());
    Stored.findings = Out->result.findings;
    std::string Note;
    RC.cache->storeRun(RC.key, Stored, Configs.probed(), &Note);
    if (Opts.verbose && !Note.empty())
      llvm::errs() << "concur-lint: note: " << Note << "\n";
  }
  return std::nullopt;
}

int report(const CliOptions &Opts, Analysed &Run, Outcome &Out) {
  std::vector<AnalysisError> &Errors = Run.errors;
  std::vector<Finding> &Findings = Out.result.findings;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);

  if (Opts.fix || !Opts.exportFixes.empty()) {
    std::vector<AnalysisError> Stale = dropStaleFixes(Findings, Out.program);
    Errors.insert(Errors.end(), Stale.begin(), Stale.end());
  }
  if (!Opts.exportFixes.empty()) {
    std::string Yaml =
        exportFixesYaml(Findings, Run.files.empty() ? "" : Run.files.front(), Cwd);
    if (llvm::Error E = writeFileAtomically(absolutePath(Opts.exportFixes), Yaml))
      return fail(llvm::toString(std::move(E)));
  }
  FixOutcome Fixed;
  if (Opts.fix) {
    Fixed = applyFixes(Findings, Out.program, projectRoot(Cwd.str().str()),
                       FixFormat{Opts.formatStyle});
    Errors.insert(Errors.end(), Fixed.refused.begin(), Fixed.refused.end());
    // The fixes are in: only their layout is not what was asked. Not an analysis error.
    for (const AnalysisError &W : Fixed.unformatted)
      llvm::errs() << "concur-lint: warning: " << W.message << "\n";
  }

  ReportData Data{Findings, Errors, Out.program, Cwd.str().str()};
  std::string Rendered = render(Opts.format, Data);
  if (Opts.format == OutputFormat::Html) {
    if (llvm::Error E = writeHtmlReport(Data, absolutePath(Opts.outputFile)))
      return fail(llvm::toString(std::move(E)));
    if (!Opts.quiet)
      llvm::errs() << "concur-lint: report written to " << Opts.outputFile << "/index.html\n";
  } else if (Opts.outputFile.empty()) {
    llvm::outs() << Rendered;
    llvm::outs().flush();
  } else if (llvm::Error E = writeFileAtomically(absolutePath(Opts.outputFile), Rendered)) {
    return fail(llvm::toString(std::move(E)));
  }

  // Errors go to stderr whatever the format, so that nobody misses them.
  for (const AnalysisError &E : Errors)
    llvm::errs() << "concur-lint: error: " << E.message << "\n";

  unsigned Counts[3] = {0, 0, 0};
  for (const Finding &F : Findings)
    ++Counts[static_cast<int>(F.severity)];
  if (!Opts.quiet) {
    llvm::errs() << llvm::formatv("concur-lint: {0} file(s) analysed: {1} error(s), "
                                  "{2} warning(s), {3} info",
                                  Run.jobs, Counts[2], Counts[1], Counts[0]);
    if (!Errors.empty())
      llvm::errs() << llvm::formatv("; {0} problem(s) (see above)", Errors.size());
    llvm::errs() << "\n";
    if (Opts.fix)
      llvm::errs() << llvm::formatv("concur-lint: applied the fixes of {0} finding(s) to {1} "
                                    "file(s)\n",
                                    Fixed.appliedFindings, Fixed.changedFiles.size());
  }
  return exitStatus(Opts, Errors, Counts);
}

}  // namespace concurlint::cli
