#include "tool/cli/Progress.h"

#include "driver/Report.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"

#include <cstdlib>
#include <cstring>

namespace concurlint::cli {

bool progressWanted(ProgressMode Mode, bool Quiet) {
  if (Mode != ProgressMode::Auto)
    return Mode == ProgressMode::Always;
  if (Quiet || !llvm::sys::Process::StandardErrIsDisplayed())
    return false;
  const char *Term = std::getenv("TERM");
  return !Term || std::strcmp(Term, "dumb") != 0;
}

ProgressLine::ProgressLine(llvm::raw_ostream &OS, size_t Total, unsigned Width)
    : OS(OS), Total(Total),
      Width(Width ? Width
                  : (llvm::sys::Process::StandardErrColumns()
                         ? llvm::sys::Process::StandardErrColumns()
                         : 80)) {
  llvm::SmallString<256> Dir;
  if (!llvm::sys::fs::current_path(Dir))
    Cwd = Dir.str().str();
  Ticker = std::thread([this] {
    std::unique_lock<std::mutex> Held(Mutex);
    while (!Wake.wait_for(Held, std::chrono::seconds(1), [this] { return Stop; }))
      if (Drawn)
        draw(Held);
  });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> Held(Mutex);
    Stop = true;
    if (Drawn) {
      OS << "\r\x1b[K";
      OS.flush();
    }
  }
  Wake.notify_all();
  Ticker.join();
}

void ProgressLine::started(const CompileJob &Job) {
  std::unique_lock<std::mutex> Held(Mutex);
  Current = displayPath(Job.file, Cwd);  // as the user would write it
  draw(Held);
}

void ProgressLine::finished(const TUResult &Result) {
  std::unique_lock<std::mutex> Held(Mutex);
  ++Done;
  if (Result.fromCache)
    ++Cached;
  draw(Held);
}

void ProgressLine::draw(std::unique_lock<std::mutex> &) {
  if (Stop)
    return;
  auto Seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::steady_clock::now() - Start)
                     .count();
  std::string Counter = llvm::formatv("[{0}/{1}] ", Done, Total).str();
  std::string Tail = llvm::formatv("  {0}s", Seconds).str();
  if (Cached)
    Tail += llvm::formatv(", {0} cached", Cached).str();
  // One line, never wrapped (a wrapped line cannot be erased with \r): the file's name gives
  // way from the left, where its folders are.
  size_t Room = Width > Counter.size() + Tail.size() + 1 ? Width - 1 - Counter.size() - Tail.size()
                                                         : 0;
  std::string File = Current;
  if (File.size() > Room)
    File = Room > 3 ? "..." + File.substr(File.size() - (Room - 3)) : "";
  std::string Line = Counter + File + Tail;
  if (Line.size() >= Width)
    Line = Counter.substr(0, Width ? Width - 1 : 0);
  OS << "\r" << Line << "\x1b[K";
  OS.flush();
  Drawn = true;
}

}  // namespace concurlint::cli
