#include "driver/Inputs.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace concurlint {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;

static llvm::Error makeError(const llvm::Twine &Message) {
  return llvm::make_error<llvm::StringError>(Message, llvm::inconvertibleErrorCode());
}

bool isSourceFile(llvm::StringRef Path) {
  llvm::StringRef Ext = path::extension(Path);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".C";
}

bool isCFile(llvm::StringRef Path) { return path::extension(Path) == ".c"; }

bool isHeaderFile(llvm::StringRef Path) {
  llvm::StringRef Ext = path::extension(Path);
  return Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" || Ext == ".h++" ||
         Ext == ".H" || Ext == ".inl" || Ext == ".ipp" || Ext == ".tpp" || Ext == ".tcc";
}

bool headerLanguageIsC(llvm::StringRef Path) {
  if (path::extension(Path) != ".h")
    return false;
  bool SawC = false, SawCxx = false;
  std::error_code EC;
  for (fs::directory_iterator It(path::parent_path(Path), EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!isSourceFile(It->path()))
      continue;
    (isCFile(It->path()) ? SawC : SawCxx) = true;
  }
  return SawC && !SawCxx;
}

/// Calls `Visit` with each preprocessor directive of `Text`, read without the preprocessor: the
/// rest of its line after the `#` and the spaces that follow it ("include <omp.h>"). Stops, and
/// says so, when `Visit` returns true.
static bool anyDirective(llvm::StringRef Text, llvm::function_ref<bool(llvm::StringRef)> Visit) {
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.ltrim(" \t");
    if (Line.consume_front("#") && Visit(Line.ltrim(" \t")))
      return true;
  }
  return false;
}

/// Whether a file's text uses OpenMP: a `#pragma omp` directive or `#include <omp.h>`. Without
/// -fopenmp clang ignores the pragmas (the regions are then analysed as sequential code) and
/// omp.h's functions are undeclared, so such a file gets it.
static bool usesOpenMP(llvm::StringRef Text) {
  return anyDirective(Text, [](llvm::StringRef Line) {
    if (Line.consume_front("pragma")) {
      llvm::StringRef Name = Line.ltrim(" \t");
      return Name.size() < Line.size() && Name.consume_front("omp") &&
             (Name.empty() || Name.front() == ' ' || Name.front() == '\t');
    }
    if (!Line.consume_front("include"))
      return false;
    Line = Line.ltrim(" \t");
    return Line.starts_with("<omp.h>") || Line.starts_with("\"omp.h\"");
  });
}

/// The file names a TU's text includes (`#include "a/b.h"` -> "a/b.h"): fast enough to scan a
/// whole compile database for one header.
static std::vector<std::string> includedNames(llvm::StringRef Text) {
  std::vector<std::string> Names;
  anyDirective(Text, [&](llvm::StringRef Line) {
    if (!Line.consume_front("include"))
      return false;
    Line = Line.ltrim(" \t");
    if (Line.empty() || (Line.front() != '"' && Line.front() != '<'))
      return false;
    char Close = Line.front() == '"' ? '"' : '>';
    size_t End = Line.find(Close, 1);
    if (End != llvm::StringRef::npos && End > 1)
      Names.push_back(Line.substr(1, End - 1).str());
    return false;
  });
  return Names;
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  fs::make_absolute(Abs);
  path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return Abs.str().str();
}

/// Compiler options whose value is a path, as clang spells them: `-I dir` or `-Idir`;
/// `-include file` only (a joined `-includefile` is not read as a path here, since `-include-pch`
/// begins the same way); `--sysroot=dir`.
struct PathOption {
  llvm::StringLiteral spelling;
  bool joined;  // also `<spelling><path>` (always, for spellings ending in `=`)
};
static constexpr PathOption PathOptions[] = {
    {"-I", true},          {"-isystem", true},        {"-iquote", true},
    {"-idirafter", true},  {"-F", true},              {"-include", false},
    {"-imacros", false},   {"-include-pch", false},   {"-isysroot", false},
    {"-iprefix", false},   {"-iwithprefix", false},   {"-iwithprefixbefore", false},
    {"-ivfsoverlay", false}, {"-resource-dir", false}, {"--sysroot=", true},
    {"-fmodule-map-file=", true}, {"-fprebuilt-module-path=", true},
    {"-fmodules-cache-path=", true}};

std::vector<std::string> pathsFromWorkingDirectory(const std::vector<std::string> &Args) {
  auto Absolute = [](llvm::StringRef P) {
    return P.empty() || path::is_absolute(P) ? P.str() : absolutePath(P);
  };
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    const PathOption *Matched = nullptr;
    for (const PathOption &O : PathOptions)
      if (A == O.spelling || (O.joined && A.size() > O.spelling.size() && A.starts_with(O.spelling)))
        if (!Matched || O.spelling.size() > Matched->spelling.size())
          Matched = &O;  // the longest spelling: `-isystem`, not `-I`... nor `-i`
    if (!Matched || (A == Matched->spelling && Matched->spelling.ends_with("="))) {
      Out.push_back(A.str());
    } else if (A == Matched->spelling) {
      Out.push_back(A.str());
      if (I + 1 < Args.size())
        Out.push_back(Absolute(Args[++I]));
    } else {
      Out.push_back((Matched->spelling + Absolute(A.drop_front(Matched->spelling.size()))).str());
    }
  }
  return Out;
}

InputResolver::InputResolver(InputOptions Options) : Options(std::move(Options)) {
  // Arguments after `--` are the user's, written from the directory concur-lint runs in, as
  // they would be for clang; the commands run in the database's directory (or the file's).
  this->Options.extraArgs = pathsFromWorkingDirectory(this->Options.extraArgs);
}

llvm::Error InputResolver::init() {
  if (Options.buildPath.empty())
    return llvm::Error::success();
  std::string P = absolutePath(Options.buildPath);
  if (!fs::exists(P))
    return makeError(P + ": error: compile database path does not exist");
  if (fs::is_directory(P)) {
    for (const char *Name : {"compile_commands.json", "compile_flags.txt"}) {
      llvm::SmallString<256> Candidate(P);
      path::append(Candidate, Name);
      if (fs::exists(Candidate)) {
        auto DB = load(Candidate);
        if (!DB)
          return DB.takeError();
        Explicit = std::move(*DB);
        return llvm::Error::success();
      }
    }
    return makeError(P + ": error: no compile_commands.json or compile_flags.txt in this directory");
  }
  auto DB = load(P);
  if (!DB)
    return DB.takeError();
  Explicit = std::move(*DB);
  return llvm::Error::success();
}

/// Loads one database file. JSON is parsed first with llvm::json so that a malformed file gets
/// an error with its line and column, which JSONCompilationDatabase does not give.
llvm::Expected<std::unique_ptr<CompilationDatabase>> InputResolver::load(llvm::StringRef File) {
  std::string Error;
  std::unique_ptr<CompilationDatabase> DB;
  if (path::filename(File) == "compile_flags.txt") {
    DB = clang::tooling::FixedCompilationDatabase::loadFromFile(File, Error);
  } else {
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    if (!Buffer)
      return makeError(File + ": error: cannot read compile database: " +
                       Buffer.getError().message());
    llvm::StringRef Text = (*Buffer)->getBuffer();
    auto Parsed = llvm::json::parse(Text);
    if (!Parsed) {
      std::string Message = llvm::toString(Parsed.takeError());
      // llvm::json reports "[line:col, byte=N]: message"; turn it into file:line:col.
      unsigned Line = 0, Col = 0;
      llvm::StringRef Rest(Message);
      if (Rest.consume_front("[")) {
        auto [Pos, Tail] = Rest.split(']');
        auto [L, C] = Pos.split(':');
        L.getAsInteger(10, Line);
        C.split(',').first.getAsInteger(10, Col);
        Message = Tail.ltrim(": ").str();
      }
      return makeError(File + ":" + llvm::Twine(Line) + ":" + llvm::Twine(Col) +
                       ": error: malformed compile database: " + Message);
    }
    const llvm::json::Array *Entries = Parsed->getAsArray();
    if (!Entries)
      return makeError(File + ":1:1: error: malformed compile database: expected a JSON array");
    for (size_t I = 0; I < Entries->size(); ++I) {
      const llvm::json::Object *Entry = (*Entries)[I].getAsObject();
      if (!Entry || !Entry->getString("directory") || !Entry->getString("file") ||
          (!Entry->get("command") && !Entry->get("arguments")))
        return makeError(File + ": error: malformed compile database: entry " + llvm::Twine(I + 1) +
                         " needs \"directory\", \"file\" and \"command\" or \"arguments\"");
    }
    DB = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
        Text, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (DB) {
      // Headers and sources missing from the database get the flags of their nearest neighbour,
      // as clangd gives them.
      DB = clang::tooling::inferMissingCompileCommands(std::move(DB));
    }
  }
  if (!DB)
    return makeError(File + ": error: cannot load compile database: " + Error);
  return std::move(DB);
}

llvm::Expected<CompilationDatabase *> InputResolver::databaseFor(llvm::StringRef Dir) {
  if (Explicit)
    return Explicit.get();
  auto Cached = ByDirectory.find(Dir.str());
  if (Cached != ByDirectory.end())
    return Cached->second;

  CompilationDatabase *Found = nullptr;
  llvm::SmallVector<std::string, 8> Visited;
  for (llvm::StringRef D = Dir; !D.empty(); D = path::parent_path(D)) {
    auto Hit = ByDirectory.find(D.str());
    if (Hit != ByDirectory.end()) {
      Found = Hit->second;
      break;
    }
    Visited.push_back(D.str());
    llvm::SmallVector<std::string, 4> Candidates;
    for (const char *Sub : {"", "build"})
      for (const char *Name : {"compile_commands.json", "compile_flags.txt"}) {
        llvm::SmallString<256> C(D);
        path::append(C, Sub, Name);
        Candidates.push_back(C.str().str());
      }
    for (const std::string &C : Candidates) {
      if (!fs::is_regular_file(C))
        continue;
      auto &Slot = Loaded[C];
      if (!Slot) {
        auto DB = load(C);
        if (!DB)
          return DB.takeError();
        Slot = std::move(*DB);
      }
      Found = Slot.get();
      break;
    }
    if (Found)
      break;
  }
  for (const std::string &V : Visited)
    ByDirectory[V] = Found;
  return Found;
}

llvm::Expected<CompileJob> InputResolver::jobFor(const std::string &AbsFile) {
  auto DB = databaseFor(path::parent_path(AbsFile));
  if (!DB)
    return DB.takeError();
  CompileJob Job;
  Job.file = AbsFile;
  std::vector<CompileCommand> Commands;
  if (*DB)
    Commands = (*DB)->getCompileCommands(AbsFile);
  if (!Commands.empty()) {
    Job.command = std::move(Commands.front());
    // The command's own file name may be relative to its directory; analyse the file we name.
    Job.command.Filename = AbsFile;
    // A header under flags that name no language (compile_flags.txt: `clang-tool -std=c++20
    // … x.h`) would be parsed as C; the C++ standard asked for says it is C++.
    auto &Line = Job.command.CommandLine;
    if (isHeaderFile(AbsFile) &&
        std::none_of(Line.begin(), Line.end(),
                     [](const std::string &A) { return llvm::StringRef(A).starts_with("-x"); }) &&
        std::any_of(Line.begin(), Line.end(), [](const std::string &A) {
          return llvm::StringRef(A).starts_with("-std=c++") ||
                 llvm::StringRef(A).starts_with("-std=gnu++");
        })) {
      auto File = std::find(Line.begin() + 1, Line.end(), AbsFile);
      if (File == Line.end())
        File = std::find_if(Line.begin() + 1, Line.end(), [&](const std::string &A) {
          return !A.empty() && A[0] != '-' && absolutePath(A) == AbsFile;
        });
      if (File != Line.end())
        Line.insert(File, {"-x", "c++-header"});
    }
  } else {
    bool Header = isHeaderFile(AbsFile);
    bool C = Header ? headerLanguageIsC(AbsFile) : isCFile(AbsFile);
    Job.command.Directory = path::parent_path(AbsFile).str();
    Job.command.Filename = AbsFile;
    Job.command.CommandLine = {C ? "clang" : "clang++", C ? "-std=c11" : "-std=c++20", "-pthread"};
    if (auto Text = llvm::MemoryBuffer::getFile(AbsFile); Text && usesOpenMP((*Text)->getBuffer()))
      Job.command.CommandLine.push_back("-fopenmp");
    if (Header)  // parsed as the main file, in the header's language
      for (const char *A : {"-x", C ? "c-header" : "c++-header"})
        Job.command.CommandLine.push_back(A);
    Job.command.CommandLine.push_back(AbsFile);
    Job.command.Heuristic = "fallback flags";
  }
  // Extra arguments go before the file name so that they cannot be taken for its options, and
  // before a `--` (inferred commands end with `-- file`) so that they are not taken for files.
  if (Options.extraArgs.empty())
    return Job;
  auto &Line = Job.command.CommandLine;
  auto DashDash = std::find(Line.begin() + 1, Line.end(), "--");
  auto FileArg = std::find_if(Line.begin() + 1, DashDash, [&](const std::string &A) {
    return A == AbsFile || absolutePath(A) == AbsFile ||
           (!A.empty() && A[0] != '-' &&
            absolutePath((llvm::Twine(Job.command.Directory) + "/" + A).str()) == AbsFile);
  });
  Line.insert(FileArg, Options.extraArgs.begin(), Options.extraArgs.end());
  return Job;
}

llvm::Expected<std::string> InputResolver::includerFor(const std::string &Header) {
  auto DB = databaseFor(path::parent_path(Header));
  if (!DB)
    return DB.takeError();
  if (!*DB)
    return std::string();
  llvm::StringRef HeaderDir = path::parent_path(Header);
  llvm::StringRef Stem = path::stem(Header);
  std::string Best;
  int BestScore = -1;
  std::vector<std::string> Files = (*DB)->getAllFiles();
  std::sort(Files.begin(), Files.end());
  for (const std::string &F : Files) {
    std::string Abs = absolutePath(F);
    if (!isSourceFile(Abs))
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(Abs, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      continue;
    bool Includes = false;
    for (std::string Name : includedNames((*Buffer)->getBuffer())) {
      llvm::StringRef N(Name);
      while (N.consume_front("./"))
        ;
      // Relative to the including file; else a suffix of the header's path (an -I folder),
      // unless the including file's folder has a file of that name (which it would include).
      std::string Beside = absolutePath((path::parent_path(Abs) + "/" + N).str());
      if (Beside == Header || (llvm::StringRef(Header).ends_with(("/" + N).str()) &&
                               !fs::exists(Beside))) {
        Includes = true;
        break;
      }
    }
    if (!Includes)
      continue;
    int Score = path::stem(Abs) == Stem ? 2 : path::parent_path(Abs) == HeaderDir ? 1 : 0;
    if (Score > BestScore) {
      Best = Abs;
      BestScore = Score;
    }
  }
  return Best;
}

bool InputResolver::listed(CompilationDatabase *DB, llvm::StringRef AbsFile) {
  auto [It, New] = ListedFiles.try_emplace(DB);
  if (New)
    for (const std::string &F : DB->getAllFiles())
      It->second.insert(absolutePath(F));
  return It->second.contains(AbsFile);
}

llvm::Expected<ResolvedInputs> InputResolver::resolve(const std::vector<std::string> &Paths) {
  ResolvedInputs Result;
  std::vector<std::string> Files;
  for (const std::string &Given : Paths) {
    std::string P = absolutePath(Given);
    fs::file_status Status;
    if (fs::status(P, Status)) {
      Result.errors.push_back({P, "no such file or directory"});
      continue;
    }
    // The database names files by the paths the build used, usually real ones; a path given
    // through a symbolic link (`src -> src-1.2`) finds its commands under its real path.
    llvm::SmallString<256> Real;
    if (fs::real_path(P, Real))
      Real = P;
    if (fs::is_regular_file(Status)) {
      auto DB = databaseFor(path::parent_path(P));
      if (!DB)
        return DB.takeError();
      Files.push_back(*DB && Real != P && listed(*DB, Real.str()) && !listed(*DB, P)
                          ? Real.str().str()
                          : P);
      continue;
    }
    if (!fs::is_directory(Status)) {
      Result.errors.push_back({P, "not a regular file or directory"});
      continue;
    }
    // Through the compile database: the TUs it lists under this directory.
    auto DB = databaseFor(P);
    if (!DB)
      return DB.takeError();
    std::vector<std::string> Under;
    if (*DB)
      for (const std::string &F : (*DB)->getAllFiles()) {
        std::string Abs = absolutePath(F);
        if ((llvm::StringRef(Abs).starts_with(P + "/") ||
             llvm::StringRef(Abs).starts_with((Real + "/").str())) &&
            isSourceFile(Abs) && fs::exists(Abs))
          Under.push_back(Abs);
      }
    if (Under.empty()) {
      std::error_code EC;
      for (fs::recursive_directory_iterator It(P, EC), End; It != End && !EC; It.increment(EC)) {
        llvm::StringRef Name = path::filename(It->path());
        if (Name.starts_with(".") && It->type() == fs::file_type::directory_file) {
          It.no_push();
          continue;
        }
        if (It->type() != fs::file_type::directory_file && isSourceFile(It->path()))
          Under.push_back(absolutePath(It->path()));
      }
      if (EC)
        Result.errors.push_back({P, "cannot list directory: " + EC.message()});
    }
    if (Under.empty())
      Result.errors.push_back({P, "no C or C++ source files under this directory"});
    std::sort(Under.begin(), Under.end());
    Files.insert(Files.end(), Under.begin(), Under.end());
  }
  std::vector<std::string> Unique;
  for (std::string &F : Files)
    if (std::find(Unique.begin(), Unique.end(), F) == Unique.end())
      Unique.push_back(std::move(F));
  for (const std::string &F : Unique) {
    std::string Main = F;
    if (isHeaderFile(F)) {
      auto Includer = includerFor(F);
      if (!Includer)
        return Includer.takeError();
      if (!Includer->empty())
        Main = *Includer;
    }
    if (std::any_of(Result.jobs.begin(), Result.jobs.end(),
                    [&](const CompileJob &J) { return J.file == Main; }))
      continue;  // a TU given too, or including another header given
    auto Job = jobFor(Main);
    if (!Job)
      return Job.takeError();
    if (Main != F)
      Job->forHeader = F;
    Result.jobs.push_back(std::move(*Job));
  }
  return Result;
}

}  // namespace concurlint
