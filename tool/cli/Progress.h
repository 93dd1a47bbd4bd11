// The one-line progress display of a long run on a terminal: `[37/140] src/networking.c  12s,
// 30 cached`, redrawn in place on stderr as TUs start and finish and once a second, erased when
// the analysis ends (before anything is reported).
#pragma once

#include "driver/Analyzer.h"

#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace concurlint::cli {

/// --progress: whether the line is drawn.
enum class ProgressMode { Auto, Always, Never };

/// Whether a run shows progress: Always; Never; Auto when stderr is a terminal that can move the
/// cursor (not TERM=dumb) and the run is not --quiet.
bool progressWanted(ProgressMode Mode, bool Quiet);

class ProgressLine : public AnalysisObserver {
public:
  /// Draws on `OS`, `Total` TUs to go; `Width` columns (0: the terminal's, else 80).
  ProgressLine(llvm::raw_ostream &OS, size_t Total, unsigned Width = 0);
  /// Erases the line.
  ~ProgressLine() override;
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  void started(const CompileJob &Job) override;
  void finished(const TUResult &Result) override;

private:
  void draw(std::unique_lock<std::mutex> &Held);  // with Mutex held

  llvm::raw_ostream &OS;
  const size_t Total;
  const unsigned Width;
  std::string Cwd;  // files under it are shown relative to it
  const std::chrono::steady_clock::time_point Start = std::chrono::steady_clock::now();
  std::mutex Mutex;
  std::condition_variable Wake;
  size_t Done = 0, Cached = 0;
  std::string Current;  // the file started last
  bool Drawn = false, Stop = false;
  std::thread Ticker;  // redraws the elapsed time while one long TU keeps the line still
};

}  // namespace concurlint::cli
