// What the benchmark's figures share: interleaved rounds, medians, reports, goals, Python peers.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace concur_bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// CPU time used so far by every thread of the process, in seconds.
inline double process_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// How much of the machine a measured run had: CPU seconds per wall second (a single thread that
// ran undisturbed: 1.0; two threads on two free cores: 2.0).
struct CpuShare {
  std::vector<double> per_round;
  std::vector<double> wall;
  void add(double cpu, double seconds) {
    per_round.push_back(seconds > 0 ? cpu / seconds : 0);
    wall.push_back(seconds);
  }
};

struct Variant {
  std::string name;
  std::function<double()> run;  // the measured seconds (setup excluded)
  int max_rounds = 1'000;       // Python variants are slow: fewer rounds
};

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Runs the variants interleaved, the order rotating each round, and returns each one's median.
inline std::vector<double> interleaved(const std::vector<Variant>& variants, int rounds) {
  std::vector<std::vector<double>> samples(variants.size());
  for (int round = 0; round < rounds; ++round)
    for (std::size_t k = 0; k < variants.size(); ++k) {
      std::size_t v = (k + static_cast<std::size_t>(round)) % variants.size();
      if (round < variants[v].max_rounds) samples[v].push_back(variants[v].run());
    }
  std::vector<double> medians;
  for (auto& s : samples) medians.push_back(median(s));
  return medians;
}

inline std::string human(double seconds) {
  char text[64];
  if (seconds < 1e-3) {
    std::snprintf(text, sizeof text, "%.2f us", seconds * 1e6);
  } else if (seconds < 1) {
    std::snprintf(text, sizeof text, "%.1f ms", seconds * 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  }
  return text;
}

// Prints a figure: each variant's median and, for each peer (every variant after the first, which
// is concur's), how concur's figure compares with it.
inline void report(const std::string& title, const std::vector<Variant>& variants, const std::vector<double>& medians) {
  std::printf("\n== %s\n", title.c_str());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    std::printf("  %-46s %10s", variants[v].name.c_str(), human(medians[v]).c_str());
    if (v > 0) {
      double ratio = medians[v] / medians[0];
      if (ratio >= 1) {
        std::printf("   concur %.2fx faster", ratio);
      } else {
        std::printf("   concur %.2fx slower", 1 / ratio);
      }
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

struct Goal {
  std::string text;
  bool met;
  bool measured = true;  // false: the machine could not give the figure what it is about
};

inline void goal(std::vector<Goal>& goals, const std::string& text, bool met) {
  std::printf("  goal: %s -> %s\n", text.c_str(), met ? "met" : "NOT met");
  std::fflush(stdout);
  goals.push_back({text, met});
}

inline void goal_not_measured(std::vector<Goal>& goals, const std::string& text, const std::string& why) {
  std::printf("  goal: %s -> not measured (%s)\n", text.c_str(), why.c_str());
  std::fflush(stdout);
  goals.push_back({text, false, false});
}

inline double python(const std::string& figure, std::size_t n, std::size_t chunksize) {
  std::string command = "python3 " + std::string(CONCUR_BENCH_PEERS_PY) + " " + figure + " " + std::to_string(n) +
                        " " + std::to_string(chunksize);
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char line[128] = {};
  bool got = std::fgets(line, sizeof line, pipe) != nullptr;
  int status = ::pclose(pipe);
  if (!got || status != 0) throw std::runtime_error("python peer failed: " + command);
  return std::strtod(line, nullptr);
}

}  // namespace concur_bench
