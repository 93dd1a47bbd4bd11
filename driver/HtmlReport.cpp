#include "driver/HtmlReport.h"

#include "transforms/FixApplier.h"

#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace concurlint {

namespace {

std::string escape(llvm::StringRef Text) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::printHTMLEscaped(Text, OS);
  return Out;
}

/// How the highlighter colours a character.
enum class Ink : uint8_t { Plain, Keyword, Comment, String, Number, Preprocessor };

const char *inkClass(Ink I) {
  switch (I) {
  case Ink::Keyword: return "kw";
  case Ink::Comment: return "cm";
  case Ink::String: return "st";
  case Ink::Number: return "nu";
  case Ink::Preprocessor: return "pp";
  case Ink::Plain: return "";
  }
  return "";
}

/// A file's lines as HTML, coloured by Clang's lexer in raw mode (no preprocessing, no
/// includes: what is written is what is coloured).
std::vector<std::string> highlightedLines(llvm::StringRef Code, bool C) {
  clang::LangOptions LO;
  LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = LO.CPlusPlus17 = LO.CPlusPlus20 = !C;
  LO.C11 = LO.C17 = C;
  LO.LineComment = LO.Bool = true;
  clang::IdentifierTable Keywords(LO);
  std::vector<Ink> Inks(Code.size(), Ink::Plain);
  // Token locations count from this one: an offset into Code is the location's encoding - 1.
  clang::SourceLocation Start = clang::SourceLocation::getFromRawEncoding(1);
  clang::Lexer L(Start, LO, Code.begin(), Code.begin(), Code.end());
  L.SetCommentRetentionState(true);
  bool DirectiveName = false;
  clang::Token T;
  while (true) {
    L.LexFromRawLexer(T);
    if (T.is(clang::tok::eof))
      break;
    size_t Off = T.getLocation().getRawEncoding() - 1, Len = T.getLength();
    if (Off >= Code.size())
      break;
    Len = std::min(Len, Code.size() - Off);
    Ink I = Ink::Plain;
    if (T.is(clang::tok::comment))
      I = Ink::Comment;
    else if (clang::tok::isStringLiteral(T.getKind()) || T.is(clang::tok::char_constant) ||
             T.is(clang::tok::wide_char_constant) || T.is(clang::tok::utf8_char_constant) ||
             T.is(clang::tok::utf16_char_constant) || T.is(clang::tok::utf32_char_constant))
      I = Ink::String;
    else if (T.is(clang::tok::numeric_constant))
      I = Ink::Number;
    else if (T.is(clang::tok::hash) && T.isAtStartOfLine()) {
      I = Ink::Preprocessor;
      DirectiveName = true;
    } else if (T.is(clang::tok::raw_identifier)) {
      if (DirectiveName)
        I = Ink::Preprocessor;
      else if (Keywords.get(T.getRawIdentifier()).getTokenID() != clang::tok::identifier)
        I = Ink::Keyword;
    }
    if (!T.is(clang::tok::hash))
      DirectiveName = false;
    for (size_t K = Off; K < Off + Len; ++K)
      Inks[K] = I;
  }
  std::vector<std::string> Lines;
  size_t Begin = 0;
  while (Begin <= Code.size()) {
    size_t End = Code.find('\n', Begin);
    if (End == llvm::StringRef::npos)
      End = Code.size();
    std::string Line;
    size_t K = Begin;
    while (K < End) {
      size_t Run = K;
      while (Run < End && Inks[Run] == Inks[K])
        ++Run;
      std::string Text = escape(Code.slice(K, Run).rtrim("\r"));
      if (Inks[K] == Ink::Plain)
        Line += Text;
      else
        Line += std::string("<span class=\"") + inkClass(Inks[K]) + "\">" + Text + "</span>";
      K = Run;
    }
    Lines.push_back(std::move(Line));
    if (End == Code.size())
      break;
    Begin = End + 1;
  }
  return Lines;
}

/// Each file's highlighted lines, made once per report.
class SourceCache {
public:
  explicit SourceCache(const Program &P) : P(P) {}

  const std::vector<std::string> *lines(const std::string &File) {
    auto [It, New] = Cache.try_emplace(File);
    if (New)
      if (std::optional<llvm::StringRef> Code = P.fileContent(File))
        It->second = highlightedLines(*Code, llvm::sys::path::extension(File) == ".c");
    return It->second.empty() ? nullptr : &It->second;
  }

private:
  const Program &P;
  std::map<std::string, std::vector<std::string>> Cache;
};

const char *Style = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
.summary { color: #59636e; margin-bottom: 14px; }
table.findings { border-collapse: collapse; width: 100%; }
table.findings th, table.findings td { border-bottom: 1px solid #d1d9e0; padding: 5px 8px;
  text-align: left; vertical-align: top; }
table.findings th { cursor: pointer; user-select: none; background: #f6f8fa; white-space: nowrap; }
table.findings th[aria-sort=ascending]::after { content: " \25B2"; }
table.findings th[aria-sort=descending]::after { content: " \25BC"; }
.sev { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; color: #fff; }
.sev.error { background: #cf222e; } .sev.warning { background: #9a6700; } .sev.info { background: #0969da; }
pre.code { background: #f6f8fa; border: 1px solid #d1d9e0; border-radius: 6px; padding: 6px 0;
  overflow-x: auto; font: 12.5px/1.5 ui-monospace, monospace; margin: 0; }
pre.code .ln { display: inline-block; width: 5ch; padding-right: 1ch; text-align: right;
  color: #8c959f; user-select: none; }
pre.code .hit { background: #fff8c5; display: block; }
pre.code .line { display: block; padding-right: 12px; }
.kw { color: #cf222e; } .cm { color: #6e7781; font-style: italic; } .st { color: #0a3069; }
.nu { color: #0550ae; } .pp { color: #8250df; }
.note { margin-top: 14px; } .where { color: #59636e; font-size: 13px; }
pre.diff { font: 12.5px/1.5 ui-monospace, monospace; background: #f6f8fa; border: 1px solid #d1d9e0;
  border-radius: 6px; padding: 6px 10px; overflow-x: auto; }
pre.diff .add { background: #dafbe1; display: block; } pre.diff .del { background: #ffebe9; display: block; }
pre.diff .hunk { color: #8250df; display: block; }
.errors li { color: #cf222e; }
.chains { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chain { border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px 12px; min-width: 0; }
.chain h3 { font-size: 14px; margin: 0 0 6px; }
.chain ol { margin: 0; padding-left: 22px; } .chain li { margin: 6px 0; }
.chain pre.code { padding: 2px 0; margin-top: 2px; } .chain a.where { color: #0969da; }
)css";

/// The index's sorting: a click on a header sorts by that column (again: the other way);
/// `#sort=COLUMN` or `#sort=-COLUMN` in the address sorts on load (links, tests).
const char *SortScript = R"js(
(function () {
  var table = document.querySelector('table.findings');
  if (!table) return;
  var heads = Array.prototype.slice.call(table.querySelectorAll('th'));
  function sortBy(index, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute('data-key'), y = b.cells[index].getAttribute('data-key');
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      if (c === 0) c = parseFloat(a.cells[0].getAttribute('data-key')) - parseFloat(b.cells[0].getAttribute('data-key'));
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h, i) {
      if (i === index) h.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else h.removeAttribute('aria-sort');
    });
  }
  heads.forEach(function (h, i) {
    h.addEventListener('click', function () {
      sortBy(i, h.getAttribute('aria-sort') === 'ascending');
    });
  });
  var m = /sort=(-?)([a-z]+)/.exec(location.hash);
  if (m) heads.forEach(function (h, i) {
    if (h.getAttribute('data-column') === m[2]) sortBy(i, m[1] === '-');
  });
})();
)js";

std::string page(llvm::StringRef Title, llvm::StringRef Body, bool Script = false) {
  std::string Out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" + escape(Title) + "</title>\n<style>" + Style + "</style>\n"
                    "</head>\n<body>\n" + Body.str();
  if (Script)
    Out += "<script>" + std::string(SortScript) + "</script>\n";
  return Out + "</body>\n</html>\n";
}

int severityRank(Severity S) { return static_cast<int>(S); }

/// The source around `Line` (1-based), that line marked.
std::string snippet(SourceCache &Sources, const std::string &File, unsigned Line) {
  const std::vector<std::string> *Lines = Sources.lines(File);
  if (!Lines || Line == 0 || Line > Lines->size())
    return "";
  unsigned First = Line > 4 ? Line - 4 : 1, Last = std::min<unsigned>(Lines->size(), Line + 4);
  std::string Out = "<pre class=\"code\">";
  for (unsigned N = First; N <= Last; ++N)
    Out += llvm::formatv("<span class=\"line{0}\"{1}><span class=\"ln\">{2}</span>{3}</span>",
                         N == Line ? " hit" : "", N == Line ? " id=\"hit\"" : "", N,
                         (*Lines)[N - 1])
               .str();
  return Out + "</pre>\n";
}

/// One line of a file (1-based) with its number, highlighted, as a step of a call chain shows it.
std::string sourceLine(SourceCache &Sources, const std::string &File, unsigned Line) {
  const std::vector<std::string> *Lines = Sources.lines(File);
  if (!Lines || Line == 0 || Line > Lines->size())
    return "";
  return llvm::formatv("<pre class=\"code\"><span class=\"line\"><span class=\"ln\">{0}</span>{1}"
                       "</span></pre>",
                       Line, (*Lines)[Line - 1])
      .str();
}

/// The threads' call chains side by side, one column each: every step with its place, linked
/// to the excerpt below that shows it (the finding's own or a note's) when there is one, and
/// its source line.
std::string chainColumns(const Finding &F, const ReportData &R, SourceCache &Sources) {
  if (F.chains.empty())
    return "";
  auto Anchor = [&](const Span &S) -> std::string {
    if (S.file == F.where.file && S.line == F.where.line)
      return "where";
    for (size_t K = 0; K < F.notes.size(); ++K)
      if (F.notes[K].where.file == S.file && F.notes[K].where.line == S.line)
        return "note-" + std::to_string(K + 1);
    return "";
  };
  std::string Out = "<h2>The threads, side by side</h2>\n<div class=\"chains\">\n";
  for (size_t C = 0; C < F.chains.size(); ++C) {
    const CallChain &Chain = F.chains[C];
    Out += llvm::formatv("<section class=\"chain\" id=\"chain-{0}\"><h3>{1}</h3>\n<ol>\n", C + 1,
                         escape(Chain.title))
               .str();
    for (size_t K = 0; K < Chain.steps.size(); ++K) {
      const Note &Step = Chain.steps[K];
      std::string Place = escape(displayPath(Step.where.file, R.root)) + ":" +
                          std::to_string(Step.where.line);
      std::string Target = Anchor(Step.where);
      Out += llvm::formatv("<li class=\"step\" id=\"chain-{0}-step-{1}\">{2} &middot; {3}\n{4}"
                           "</li>\n",
                           C + 1, K + 1, escape(Step.message),
                           Target.empty() ? "<span class=\"where\">" + Place + "</span>"
                                          : "<a class=\"where\" href=\"#" + Target + "\">" +
                                                Place + "</a>",
                           sourceLine(Sources, Step.where.file, Step.where.line))
                 .str();
    }
    Out += "</ol></section>\n";
  }
  return Out + "</div>\n";
}

std::vector<llvm::StringRef> splitLines(llvm::StringRef Text) {
  std::vector<llvm::StringRef> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line.rtrim("\r"));
    Text = Rest;
  }
  return Lines;
}

/// The fix of one file as a unified diff: one hunk from the first changed line to the last,
/// with three lines of context; within it, the lines both sides share (a longest common
/// subsequence) are context too.
std::string unifiedDiff(llvm::StringRef Shown, llvm::StringRef Before, llvm::StringRef After) {
  std::vector<llvm::StringRef> A = splitLines(Before), B = splitLines(After);
  size_t Prefix = 0;
  while (Prefix < A.size() && Prefix < B.size() && A[Prefix] == B[Prefix])
    ++Prefix;
  size_t Suffix = 0;
  while (Suffix < A.size() - Prefix && Suffix < B.size() - Prefix &&
         A[A.size() - 1 - Suffix] == B[B.size() - 1 - Suffix])
    ++Suffix;
  size_t From = Prefix > 3 ? Prefix - 3 : 0;
  size_t ToA = std::min(A.size(), A.size() - Suffix + 3), ToB = std::min(B.size(), B.size() - Suffix + 3);
  std::string Out = "<pre class=\"diff\">--- a/" + escape(Shown) + "\n+++ b/" + escape(Shown) + "\n";
  Out += llvm::formatv("<span class=\"hunk\">@@ -{0},{1} +{2},{3} @@</span>", From + 1, ToA - From,
                       From + 1, ToB - From)
             .str();
  for (size_t K = From; K < Prefix; ++K)
    Out += " " + escape(A[K]) + "\n";
  size_t N = A.size() - Suffix - Prefix, M = B.size() - Suffix - Prefix;
  auto Del = [&](size_t K) { Out += "<span class=\"del\">-" + escape(A[K]) + "</span>"; };
  auto Add = [&](size_t K) { Out += "<span class=\"add\">+" + escape(B[K]) + "</span>"; };
  if (N * M > 4'000'000) {  // a fix this large: the changed lines as a block
    for (size_t K = Prefix; K < A.size() - Suffix; ++K)
      Del(K);
    for (size_t K = Prefix; K < B.size() - Suffix; ++K)
      Add(K);
  } else {
    // Common[i][j]: the longest common subsequence of A's changed lines from i and B's from j.
    std::vector<std::vector<unsigned>> Common(N + 1, std::vector<unsigned>(M + 1, 0));
    for (size_t I = N; I-- > 0;)
      for (size_t J = M; J-- > 0;)
        Common[I][J] = A[Prefix + I] == B[Prefix + J]
                           ? Common[I + 1][J + 1] + 1
                           : std::max(Common[I + 1][J], Common[I][J + 1]);
    size_t I = 0, J = 0;
    while (I < N || J < M) {
      if (I < N && J < M && A[Prefix + I] == B[Prefix + J]) {
        Out += " " + escape(A[Prefix + I]) + "\n";
        ++I, ++J;
      } else if (I < N && (J == M || Common[I + 1][J] >= Common[I][J + 1])) {
        Del(Prefix + I++);  // removals before additions, as diff -u writes them
      } else {
        Add(Prefix + J++);
      }
    }
  }
  for (size_t K = A.size() - Suffix; K < ToA; ++K)
    Out += " " + escape(A[K]) + "\n";
  return Out + "</pre>\n";
}

std::string findingPage(const Finding &F, size_t Number, size_t Count, const ReportData &R,
                        SourceCache &Sources) {
  std::string Body;
  std::string Doc = ruleDocUrl(F.rule);
  Body += "<p><a href=\"index.html\">&larr; all findings</a>";
  if (Number > 1)
    Body += llvm::formatv(" &middot; <a href=\"finding-{0}.html\">previous</a>", Number - 1).str();
  if (Number < Count)
    Body += llvm::formatv(" &middot; <a href=\"finding-{0}.html\">next</a>", Number + 1).str();
  Body += "</p>\n";
  Body += llvm::formatv("<h1><span class=\"sev {0}\">{0}</span> {1}</h1>\n",
                        severityName(F.severity), escape(F.message))
              .str();
  Body += "<div class=\"summary\">" +
          (Doc.empty() ? escape(F.rule)
                       : "<a href=\"" + escape(Doc) + "\">" + escape(F.rule) + "</a>") +
          " &middot; " + escape(displayPath(F.where.file, R.root)) + ":" +
          std::to_string(F.where.line) + ":" + std::to_string(F.where.column) + " &middot; " +
          nameOf(F.confidence).str() + " confidence" +
          (F.confidenceReason.empty() ? "" : ": " + escape(F.confidenceReason)) + "</div>\n";
  Body += "<div id=\"where\">" + snippet(Sources, F.where.file, F.where.line) + "</div>\n";
  Body += chainColumns(F, R, Sources);
  for (size_t K = 0; K < F.notes.size(); ++K) {
    const Note &N = F.notes[K];
    Body += llvm::formatv("<div class=\"note\" id=\"note-{0}\">", K + 1).str() + "<h2>" +
            escape(N.message) + "</h2><div class=\"where\">" +
            escape(displayPath(N.where.file, R.root)) + ":" + std::to_string(N.where.line) +
            "</div>\n" + snippet(Sources, N.where.file, N.where.line) + "</div>\n";
  }
  if (F.hasFixes()) {
    Body += "<h2>Fix</h2>\n";
    for (const auto &[File, Reps] : F.fixes) {
      std::optional<llvm::StringRef> Code = R.program.fileContent(File);
      if (!Code)
        continue;
      llvm::Expected<std::string> Fixed = clang::tooling::applyAllReplacements(*Code, Reps);
      if (!Fixed) {
        llvm::consumeError(Fixed.takeError());
        continue;
      }
      Body += unifiedDiff(displayPath(File, R.root), *Code, *Fixed);
    }
  }
  return page(F.rule + ": " + F.message, Body);
}

std::string indexPage(const ReportData &R) {
  unsigned Counts[3] = {0, 0, 0};
  for (const Finding &F : R.findings)
    ++Counts[severityRank(F.severity)];
  std::string Body = "<h1>concur-lint report</h1>\n";
  Body += llvm::formatv("<div class=\"summary\">{0} finding(s): {1} error(s), {2} warning(s), "
                        "{3} info &middot; {4}</div>\n",
                        R.findings.size(), Counts[2], Counts[1], Counts[0], escape(R.root))
              .str();
  if (!R.errors.empty()) {
    Body += "<h2>Not analysed</h2>\n<ul class=\"errors\">\n";
    for (const AnalysisError &E : R.errors)
      Body += "<li><pre>" + escape(E.message) + "</pre></li>\n";
    Body += "</ul>\n";
  }
  if (R.findings.empty())
    return page("concur-lint report", Body + "<p>No findings.</p>\n");
  Body += "<table class=\"findings\">\n<thead><tr>"
          "<th data-column=\"number\">#</th><th data-column=\"severity\">Severity</th>"
          "<th data-column=\"rule\">Rule</th><th data-column=\"file\">File</th>"
          "<th data-column=\"line\">Line</th><th data-column=\"confidence\">Confidence</th>"
          "<th data-column=\"message\">Message</th>"
          "</tr></thead>\n<tbody>\n";
  for (size_t K = 0; K < R.findings.size(); ++K) {
    const Finding &F = R.findings[K];
    std::string Shown = displayPath(F.where.file, R.root);
    // The severity's key is 0 for an error: sorted ascending, the most severe come first.
    Body += llvm::formatv("<tr><td data-key=\"{0}\">{0}</td>"
                          "<td data-key=\"{1}\"><span class=\"sev {2}\">{2}</span></td>"
                          "<td data-key=\"{3}\">{3}</td><td data-key=\"{4}\">{4}</td>"
                          "<td data-key=\"{5}\">{5}</td>"
                          "<td data-key=\"{7}\" title=\"{8}\">{9}</td>"
                          "<td data-key=\"{6}\"><a href=\"finding-{0}.html\">{6}</a></td></tr>\n",
                          K + 1, 2 - severityRank(F.severity), severityName(F.severity),
                          escape(F.rule), escape(Shown), F.where.line, escape(F.message),
                          // High first when sorted ascending, as severities are.
                          2 - static_cast<int>(F.confidence), escape(F.confidenceReason),
                          nameOf(F.confidence))
                .str();
  }
  Body += "</tbody>\n</table>\n";
  return page("concur-lint report", Body, /*Script=*/true);
}

}  // namespace

llvm::Error writeHtmlReport(const ReportData &R, llvm::StringRef Dir) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "%s: cannot create the report folder: %s",
                                   Dir.str().c_str(), EC.message().c_str());
  SourceCache Sources(R.program);
  std::set<std::string> Written;
  auto Write = [&](const std::string &Name, const std::string &Content) -> llvm::Error {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, Name);
    Written.insert(Name);
    return writeFileAtomically(Path, Content);
  };
  for (size_t K = 0; K < R.findings.size(); ++K)
    if (llvm::Error E = Write("finding-" + std::to_string(K + 1) + ".html",
                              findingPage(R.findings[K], K + 1, R.findings.size(), R, Sources)))
      return E;
  if (llvm::Error E = Write("index.html", indexPage(R)))
    return E;
  // An earlier report's pages beyond this one's findings would be stale links' targets.
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (Name.starts_with("finding-") && Name.ends_with(".html") && !Written.count(Name.str()))
      llvm::sys::fs::remove(It->path());
  }
  return llvm::Error::success();
}

}  // namespace concurlint
