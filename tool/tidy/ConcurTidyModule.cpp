// libConcurTidyModule.so: concur-lint's rules as clang-tidy checks, loaded with
//
//   clang-tidy-19 --load=libConcurTidyModule.so -checks='-*,concur-*' file.cpp -- ...
//
// Every rule of the catalog is a check `concur-<rule-id>`. A check extracts the facts of the TU
// clang-tidy has parsed (once per TU, whichever concur check runs first) and runs its rule over
// the program made of that one TU: what a whole-program run finds across TUs is out of reach
// here (a thread started in another file, a lock taken by a caller in another file). Findings
// become clang-tidy diagnostics, their notes notes, their fixes FixItHints, so `--fix`,
// `--export-fixes`, NOLINT, `.clang-tidy` and run-clang-tidy work as for any check.
//
// Options: the rule's options from engine/catalogs/rules.yaml (`concur-coro-blocking-call.max-depth`),
// over what the .concur-lint.yaml of the file's folder says (which also extends the catalogs
// of blocking functions, frameworks and thread functions).
//
// The module links no clang-tidy library: clang-tidy exports its symbols (ClangTidyCheck, the
// module registry) and they resolve against the host at load time. Clang and LLVM come from the
// same shared libclang-cpp and libLLVM that clang-tidy-19 itself uses.
#include "rules/AllRules.h"
#include "engine/Catalog.h"
#include "engine/Config.h"
#include "engine/Engine.h"
#include "facts/FactsExtractor.h"
#include "engine/Program.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {
namespace {

using namespace clang;
using namespace clang::tidy;

/// The facts of the TU being checked, shared by the concur checks: extracted by the first one
/// that runs, dropped at the end of the TU.
struct TUState {
  const ASTContext *context = nullptr;
  std::unique_ptr<Program> program;
};

TUState &currentTU() {
  static TUState State;
  return State;
}

const Program &programFor(ASTContext &Ctx) {
  TUState &S = currentTU();
  if (S.context != &Ctx || !S.program) {
    TUFacts Facts;
    extractFacts(Ctx, Facts);
    std::vector<TUFacts> Units;
    Units.push_back(std::move(Facts));
    S.program = std::make_unique<Program>(std::move(Units));
    S.context = &Ctx;
  }
  return *S.program;
}

/// The location of a byte offset in a file of the TU, or an invalid location when clang did not
/// read that file.
SourceLocation locationOf(const SourceManager &SM, llvm::StringRef File, unsigned Offset) {
  auto Entry = SM.getFileManager().getOptionalFileRef(File);
  if (!Entry)
    return {};
  FileID FID = SM.translateFile(*Entry);
  if (FID.isInvalid())
    return {};
  std::optional<llvm::MemoryBufferRef> Buffer = SM.getBufferOrNone(FID);
  if (!Buffer || Offset > Buffer->getBufferSize())
    return {};
  return SM.getLocForStartOfFile(FID).getLocWithOffset(Offset);
}

class ConcurRuleCheck : public ClangTidyCheck {
public:
  ConcurRuleCheck(llvm::StringRef Name, ClangTidyContext *Context, std::string RuleId)
      : ClangTidyCheck(Name, Context), RuleId(std::move(RuleId)) {
    if (const RuleInfo *Info = RuleCatalog::builtin().find(this->RuleId))
      for (const RuleOption &O : Info->options)
        if (std::optional<llvm::StringRef> V = Options.get(O.name))
          Given[O.name] = V->str();
  }

  bool isLanguageVersionSupported(const LangOptions &) const override { return true; }

  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    if (const RuleInfo *Info = RuleCatalog::builtin().find(RuleId))
      for (const RuleOption &O : Info->options) {
        auto It = Given.find(O.name);
        Options.store(Opts, O.name, It != Given.end() ? It->second : O.defaultValue);
      }
  }

  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    Finder->addMatcher(ast_matchers::translationUnitDecl().bind("tu"), this);
  }

  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    const Program &Prog = programFor(Ctx);
    const SourceManager &SM = Ctx.getSourceManager();

    // This rule, enabled whatever .concur-lint.yaml says (clang-tidy decides that), with the
    // options given to clang-tidy over the file's configuration.
    ConfigLayer Tidy;
    Tidy.source = "clang-tidy option concur-" + RuleId;
    RuleSetting Setting;
    Setting.glob = RuleId;
    Setting.enabled = true;
    Setting.options = Given;
    Tidy.rules.push_back(std::move(Setting));
    ConfigResolver Configs("", std::move(Tidy));

    std::vector<std::unique_ptr<Rule>> Rules;
    for (std::unique_ptr<Rule> &R : createAllRules())
      if (R->id() == RuleId)
        Rules.push_back(std::move(R));
    std::vector<std::string> Analysed;
    if (!Prog.units().empty() && !Prog.units().front().mainFile.empty())
      Analysed.push_back(Prog.units().front().mainFile);
    EngineResult Out = runRules(Prog, Rules, Configs, Analysed);
    for (const std::string &E : Out.configErrors)
      diag("%0", DiagnosticIDs::Error) << E;

    for (const Finding &F : Out.findings) {
      if (F.rule != RuleId)  // unmatched NOLINTBEGIN: clang-tidy reports those itself
        continue;
      SourceLocation Loc = locationOf(SM, F.where.file, F.where.offset);
      {
        DiagnosticBuilder D = Loc.isValid() ? diag(Loc, "%0") : diag("%0");
        D << F.message;
        if (Loc.isValid() && F.where.length > 0)
          D << CharSourceRange::getCharRange(Loc, Loc.getLocWithOffset(F.where.length));
        // A finding's replacements are applied all together or not at all.
        std::vector<FixItHint> Hints;
        bool Complete = true;
        for (const auto &[File, Reps] : F.fixes)
          for (const clang::tooling::Replacement &R : Reps) {
            SourceLocation B = locationOf(SM, File, R.getOffset());
            if (B.isInvalid()) {
              Complete = false;
              continue;
            }
            Hints.push_back(FixItHint::CreateReplacement(
                CharSourceRange::getCharRange(B, B.getLocWithOffset(R.getLength())),
                R.getReplacementText()));
          }
        if (Complete)
          for (const FixItHint &H : Hints)
            D << H;
      }
      if (F.confidence != Confidence::High) {
        std::string Why = nameOf(F.confidence).str() + " confidence" +
                          (F.confidenceReason.empty() ? "" : ": " + F.confidenceReason);
        if (Loc.isValid())
          diag(Loc, "%0", DiagnosticIDs::Note) << Why;
        else
          diag("%0", DiagnosticIDs::Note) << Why;
      }
      for (const Note &N : F.notes) {
        SourceLocation NL = locationOf(SM, N.where.file, N.where.offset);
        if (NL.isValid())
          diag(NL, "%0", DiagnosticIDs::Note) << N.message;
        else
          diag("%0", DiagnosticIDs::Note) << N.message;
      }
    }
  }

  void onEndOfTranslationUnit() override {
    TUState &S = currentTU();
    S.program.reset();
    S.context = nullptr;
  }

private:
  std::string RuleId;
  std::map<std::string, std::string> Given;  // options set in clang-tidy's configuration
};

class ConcurModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const std::unique_ptr<Rule> &R : createAllRules()) {
      std::string Id = R->id().str();
      if (!RuleCatalog::builtin().find(Id))
        continue;
      Factories.registerCheckFactory(
          "concur-" + Id, [Id](llvm::StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<ConcurRuleCheck>(Name, Context, Id);
          });
    }
  }
};

}  // namespace
}  // namespace concurlint

static clang::tidy::ClangTidyModuleRegistry::Add<concurlint::ConcurModule>
    ConcurModuleRegistration("concur-module", "concur-lint's rules as concur-<rule-id> checks.");
