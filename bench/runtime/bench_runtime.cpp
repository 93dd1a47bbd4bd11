// Benchmark of concur::ThreadPool / concur::ProcessPool against the peers installable here:
// oneTBB (task_group, in a task_arena of 2 and in the default arena), Boost.Asio (thread_pool +
// post), and Python 3's ThreadPoolExecutor / ProcessPoolExecutor run as subprocesses. Within a
// figure the variants run interleaved, round after round (their order rotating), in this one
// process; the median of each is printed with the ratio of concur's figure to each peer's.
//
//   concur_runtime_bench            full sizes (a few minutes, most of it Python)
//   concur_runtime_bench --smoke    tiny sizes, one round: checks that every variant runs
//
// A benchmark, not a test: it always exits 0 once every variant ran, goals met or not.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <numeric>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>
#include <thread>
#include <vector>

#include "concur/process_pool.h"
#include "concur/thread_pool.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr unsigned kThreads = 2;  // every thread pool of the bench, ours and the peers'

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Sizes {
  int rounds = 5;
  std::size_t tasks = 1'000'000;            // fire-and-forget, submit -> get
  std::size_t python_submit_get = 100'000;  // Python's thread pool: per task, like ours
  std::size_t map_items = 100'000;
  std::size_t round_trips = 20'000;
  std::size_t python_round_trips = 2'000;
  int cpu_heavy_range = 250;
  int cpu_heavy_rounds = 21;  // a run takes a couple of milliseconds: more rounds, steadier median
};

struct Variant {
  std::string name;
  std::function<double()> run;  // the measured seconds (setup excluded)
  int max_rounds = 1'000;       // Python variants are slow: fewer rounds
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Runs the variants interleaved, the order rotating each round, and returns each one's median.
std::vector<double> interleaved(const std::vector<Variant>& variants, int rounds) {
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

std::string human(double seconds) {
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
void report(const std::string& title, const std::vector<Variant>& variants, const std::vector<double>& medians) {
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
};

void goal(std::vector<Goal>& goals, const std::string& text, bool met) {
  std::printf("  goal: %s -> %s\n", text.c_str(), met ? "met" : "NOT met");
  std::fflush(stdout);
  goals.push_back({text, met});
}

double python(const std::string& figure, std::size_t n, std::size_t chunksize) {
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

int trivial(int x) { return x + 1; }

// The seed's cpu_heavy: sum of i*i for i < x*x. The empty asm keeps the compiler from replacing
// the loop by its closed form, so the work is really done, as in Python.
std::int64_t cpu_heavy(int x) {
  std::int64_t count = 0;
  const std::int64_t limit = static_cast<std::int64_t>(x) * x;
  for (std::int64_t i = 0; i < limit; ++i) {
    count += i * i;
    asm volatile("" : "+r"(count));
  }
  return count;
}

// A raw pipe round trip to a forked child: the floor under any process pool's per-task cost.
double raw_pipe_round_trip(std::size_t n) {
  int to_child[2], to_parent[2];
  if (::pipe(to_child) != 0 || ::pipe(to_parent) != 0) throw std::runtime_error("pipe");
  pid_t child = ::fork();
  if (child == 0) {
    // Only its own ends: holding the parent's write end open would keep read() from ever seeing
    // EOF, and the parent's waitpid() below would wait forever.
    ::close(to_child[1]);
    ::close(to_parent[0]);
    std::int64_t value;
    while (::read(to_child[0], &value, sizeof value) == sizeof value) {
      ++value;
      if (::write(to_parent[1], &value, sizeof value) != sizeof value) break;
    }
    ::_exit(0);
  }
  ::close(to_child[0]);
  ::close(to_parent[1]);
  std::int64_t value = 0;
  auto start = Clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    if (::write(to_child[1], &value, sizeof value) != sizeof value) break;
    if (::read(to_parent[0], &value, sizeof value) != sizeof value) break;
  }
  double per_trip = seconds_since(start) / static_cast<double>(n);
  ::close(to_child[1]);
  ::close(to_parent[0]);
  ::waitpid(child, nullptr, 0);
  if (value != static_cast<std::int64_t>(n)) throw std::runtime_error("raw pipe round trip lost a message");
  return per_trip;
}

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

std::string load_average() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace

int main(int argc, char** argv) {
  Sizes sizes;
  std::vector<Goal> goals;
  bool smoke = argc > 1 && std::string(argv[1]) == "--smoke";
  if (smoke) sizes = Sizes{1, 2'000, 200, 1'000, 200, 20, 40, 1};
  char date[64];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::printf("concur runtime benchmark%s, %s\n", smoke ? " (smoke: tiny sizes, one round)" : "", date);
  std::printf("machine: %u hardware threads, %s; load average before: %s\n", std::thread::hardware_concurrency(),
              cpu_model().c_str(), load_average().c_str());
  std::printf("every pool has %u threads (processes); medians of %d rounds unless a variant says otherwise\n",
              kThreads, sizes.rounds);

  // Pools used by several variants are created once, outside the timings, like the warmed-up
  // Python pools. (tbb::task_arena starts its threads lazily: the first round warms it.)
  concur::ProcessPool processes(kThreads);
  processes.map(trivial, std::views::iota(0, 10));
  tbb::task_arena arena(static_cast<int>(kThreads));

  // ---- 1. fire-and-forget -------------------------------------------------------------------
  {
    const std::size_t n = sizes.tasks;
    std::vector<Variant> variants{
        {"concur::ThreadPool post, then shutdown()", [n] {
           concur::ThreadPool pool(kThreads);
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i) pool.post([] {});
           pool.shutdown();  // waits for all of them
           return seconds_since(start);
         }},
        {"oneTBB task_arena(2) + task_group run/wait", [n, &arena] {
           auto start = Clock::now();
           arena.execute([n] {
             tbb::task_group group;
             for (std::size_t i = 0; i < n; ++i) group.run([] {});
             group.wait();
           });
           return seconds_since(start);
         }},
        {"oneTBB task_group run/wait (default arena)", [n] {
           tbb::task_group group;
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i) group.run([] {});
           group.wait();
           return seconds_since(start);
         }},
        {"Boost.Asio thread_pool(2) post, then join()", [n] {
           boost::asio::thread_pool pool(kThreads);
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i) boost::asio::post(pool, [] {});
           pool.join();
           return seconds_since(start);
         }},
    };
    auto m = interleaved(variants, sizes.rounds);
    report(std::to_string(n) + " fire-and-forget empty tasks, from one outside thread", variants, m);
    goal(goals, "fire-and-forget <= oneTBB (the faster of its two variants)", m[0] <= std::min(m[1], m[2]));
  }

  // ---- 2. submit -> future -> get ----------------------------------------------------------
  {
    const std::size_t n = sizes.tasks;
    const std::size_t python_n = sizes.python_submit_get;
    concur::ThreadPool pool(kThreads);
    std::vector<Variant> variants{
        {"concur::ThreadPool submit, Future::get", [n, &pool] {
           std::vector<concur::Future<int>> futures;
           futures.reserve(n);
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i) futures.push_back(pool.submit([] { return 1; }));
           long sum = 0;
           for (auto& f : futures) sum += f.get();
           double s = seconds_since(start);
           if (sum != static_cast<long>(n)) std::abort();
           return s;
         }},
        {"Boost.Asio post(use_future), std::future::get", [n] {
           boost::asio::thread_pool asio(kThreads);
           std::vector<std::future<int>> futures;
           futures.reserve(n);
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i)
             futures.push_back(boost::asio::post(asio, boost::asio::use_future([] { return 1; })));
           long sum = 0;
           for (auto& f : futures) sum += f.get();
           double s = seconds_since(start);
           asio.join();
           if (sum != static_cast<long>(n)) std::abort();
           return s;
         }},
        {"oneTBB arena.enqueue(packaged_task), get", [n, &arena] {
           std::vector<std::future<int>> futures;
           futures.reserve(n);
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i) {
             auto task = std::make_shared<std::packaged_task<int()>>([] { return 1; });
             futures.push_back(task->get_future());
             arena.enqueue([task] { (*task)(); });
           }
           long sum = 0;
           for (auto& f : futures) sum += f.get();
           double s = seconds_since(start);
           if (sum != static_cast<long>(n)) std::abort();
           return s;
         }},
        {"Python ThreadPoolExecutor submit, result (x n)",
         [n, python_n] { return python("thread_submit_get", python_n, 1) * static_cast<double>(n); }, 2},
    };
    auto m = interleaved(variants, sizes.rounds);
    report(std::to_string(n) + " submit -> future -> get (Python: " + std::to_string(python_n) +
               " tasks, scaled to the same count)",
           variants, m);
    std::printf("  per task: concur %.3f us, Asio %.3f us, oneTBB %.3f us, Python %.3f us\n", m[0] / n * 1e6,
                m[1] / n * 1e6, m[2] / n * 1e6, m[3] / n * 1e6);
    goal(goals, "submit -> future -> get <= 0.5 us per task", m[0] / static_cast<double>(n) <= 0.5e-6);
  }

  // ---- 3. map of trivial items -------------------------------------------------------------
  for (std::size_t chunksize : {std::size_t{1}, std::size_t{1000}}) {
    const std::size_t n = sizes.map_items;
    const int count = static_cast<int>(n);
    concur::ThreadPool threads(kThreads);
    std::vector<Variant> thread_variants{
        {"concur::ThreadPool map", [&threads, count, chunksize] {
           auto start = Clock::now();
           auto r = threads.map(trivial, std::views::iota(0, count), {.chunksize = chunksize});
           double s = seconds_since(start);
           if (r.back() != count) std::abort();
           return s;
         }},
        {"Python ThreadPoolExecutor.map", [n, chunksize] { return python("thread_map", n, chunksize); }, 2},
    };
    auto m = interleaved(thread_variants, sizes.rounds);
    report("map of " + std::to_string(n) + " trivial items, chunksize " + std::to_string(chunksize) +
               ", threads (Python ignores chunksize for threads)",
           thread_variants, m);
    goal(goals, "thread map at chunksize " + std::to_string(chunksize) + " >= 10x Python", m[1] / m[0] >= 10);

    std::vector<Variant> process_variants{
        {"concur::ProcessPool map", [&processes, count, chunksize] {
           auto start = Clock::now();
           auto r = processes.map(trivial, std::views::iota(0, count), {.chunksize = chunksize});
           double s = seconds_since(start);
           if (r.back() != count) std::abort();
           return s;
         }},
        {"Python ProcessPoolExecutor.map", [n, chunksize] { return python("process_map", n, chunksize); },
         chunksize == 1 ? 1 : 3},
    };
    m = interleaved(process_variants, sizes.rounds);
    report("map of " + std::to_string(n) + " trivial items, chunksize " + std::to_string(chunksize) + ", processes",
           process_variants, m);
    goal(goals, "process map at chunksize " + std::to_string(chunksize) + " >= 10x Python", m[1] / m[0] >= 10);
  }

  // ---- 4. process-pool round trip ----------------------------------------------------------
  {
    const std::size_t n = sizes.round_trips;
    concur::ProcessPool one(1);
    one.submit(trivial, 0).get();
    std::vector<Variant> variants{
        {"concur::ProcessPool(1) submit, get", [&one, n] {
           auto start = Clock::now();
           for (std::size_t i = 0; i < n; ++i)
             if (one.submit(trivial, static_cast<int>(i)).get() != static_cast<int>(i) + 1) std::abort();
           return seconds_since(start) / static_cast<double>(n);
         }},
        {"raw pipe round trip (fork, 2 pipes, 8 bytes)", [n] { return raw_pipe_round_trip(n); }},
        {"Python ProcessPoolExecutor(1) submit, result",
         [&sizes] { return python("process_round_trip", sizes.python_round_trips, 1); }, 2},
    };
    auto m = interleaved(variants, sizes.rounds);
    report("process pool round trip per small task", variants, m);
    std::printf("  concur / raw pipe = %.2f\n", m[0] / m[1]);
    goal(goals, "process round trip <= 3x the raw pipe round trip", m[0] <= 3 * m[1]);
  }

  // ---- 5. the seed's cpu_heavy over range(250): threads vs serial --------------------------
  {
    const int range = sizes.cpu_heavy_range;
    auto items = std::views::iota(0, range);
    concur::ThreadPool threads(kThreads);
    std::int64_t expected = 0;
    for (int x : items) expected += cpu_heavy(x);
    auto check = [expected](const std::vector<std::int64_t>& r) {
      if (std::accumulate(r.begin(), r.end(), std::int64_t{0}) != expected) std::abort();
    };
    auto pool_map = [&](std::size_t chunksize) {
      return [&, chunksize] {
        auto start = Clock::now();
        auto r = threads.map(cpu_heavy, items, {.chunksize = chunksize});
        double s = seconds_since(start);
        check(r);
        return s;
      };
    };
    std::vector<Variant> variants{
        {"concur::ThreadPool(2) map, chunksize 1", pool_map(1)},
        {"serial loop (C++)", [&] {
           auto start = Clock::now();
           std::vector<std::int64_t> r;
           r.reserve(static_cast<std::size_t>(range));
           for (int x : items) r.push_back(cpu_heavy(x));
           double s = seconds_since(start);
           check(r);
           return s;
         }},
        {"concur::ThreadPool(2) map, chunksize 100", pool_map(100)},
        {"concur::ProcessPool(2) map, chunksize 1", [&] {
           auto start = Clock::now();
           auto r = processes.map(cpu_heavy, items, {.chunksize = 1});
           double s = seconds_since(start);
           check(r);
           return s;
         }},
        {"Python serial loop", [range] { return python("cpu_heavy_serial", range, 1); }, 1},
        {"Python ThreadPoolExecutor(8), chunksize 100", [range] { return python("cpu_heavy_threads", range, 100); }, 1},
        {"Python ProcessPoolExecutor(4), chunksize 100",
         [range] { return python("cpu_heavy_processes", range, 100); }, 1},
    };
    auto m = interleaved(variants, sizes.cpu_heavy_rounds);
    report("the seed's cpu_heavy over range(" + std::to_string(range) + ") (Python: one round each)", variants, m);
    double efficiency = m[1] / (kThreads * m[0]);
    std::printf("  parallel efficiency of 2 threads, chunksize 1: %.2f (speed-up %.2fx over the serial loop)\n",
                efficiency, m[1] / m[0]);
    std::printf("  (chunksize 100 makes 3 chunks of very unequal cost; the last holds half of the work)\n");
    goal(goals, "parallel efficiency on 2 threads >= 0.8 (our bar; the issue sets none)", efficiency >= 0.8);
  }

  std::printf("\nload average after: %s\n", load_average().c_str());
  std::size_t met = static_cast<std::size_t>(std::count_if(goals.begin(), goals.end(), [](const Goal& g) { return g.met; }));
  std::printf("goals met: %zu of %zu\n", met, goals.size());
  for (const Goal& g : goals)
    if (!g.met) std::printf("  NOT met: %s\n", g.text.c_str());
  return 0;
}
