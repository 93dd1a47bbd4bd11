"""End-to-end tests of the concur-lint command line.

Every test runs the real binary (path in $CONCUR_LINT, or build/bin/concur-lint) on small
projects written into a temporary directory, and checks what it prints, writes and returns.
Run one class with `python3 -m unittest -v test_cli.TestFormats` from this directory; ctest
runs one entry per class (tests/cli/CMakeLists.txt).
"""

import errno
import html
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BINARY = os.environ.get("CONCUR_LINT") or os.path.join(REPO, "build", "bin", "concur-lint")
SARIF_SCHEMA = os.path.join(os.path.dirname(REPO), "shared", "data", "sarif-schema-2.1.0.json")
RULE = "coro-blocking-call"

# A coroutine type and a blocking function with nothing else: parsing stays fast (~0.1 s).
MINI_H = """\
#pragma once
#include <coroutine>
extern "C" unsigned sleep(unsigned);
extern "C" int usleep(unsigned);
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
"""

# One coroutine that sleeps: the finding is at line 3, column 3, `sleep(1);` (end column 11).
BLOCKING_CPP = """\
#include "mini.h"
Task run() {
  sleep(1);
  co_return;
}
"""

CLEAN_CPP = """\
#include "mini.h"
void work() { sleep(1); }
Task run() {
  co_return;
}
"""

# The coroutine exists only when the compile command defines WITH_CORO.
IFDEF_CPP = """\
#include "mini.h"
#ifdef WITH_CORO
Task run() {
  sleep(1);
  co_return;
}
#endif
"""

# A framework defined by the project: myco::Task (task.h) and myco::sleep (myco.h).
TASK_H = """\
#pragma once
#include <coroutine>
namespace myco {
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
}  // namespace myco
"""

MYCO_H = """\
#pragma once
#include <chrono>
#include <coroutine>
#include "task.h"
namespace myco {
struct SleepAwaiter {
  std::chrono::nanoseconds duration;
  bool await_ready() const noexcept { return duration.count() <= 0; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline auto sleep(std::chrono::nanoseconds d) -> SleepAwaiter { return {d}; }
}  // namespace myco
"""

MYCO_CONFIG = """\
frameworks: [{name: myco, coroutine-types: [myco::Task], include: '"myco.h"', fixes: {std::this_thread::sleep_for: "co_await myco::sleep({0})"}}]
"""

MYCO_CPP = """\
#include "task.h"
#include <chrono>
#include <thread>

myco::Task tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return;
}
"""


class CliTestCase(unittest.TestCase):
    """A temporary project directory per test and helpers to run the binary in it."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        if not os.access(BINARY, os.X_OK):
            raise unittest.SkipTest(f"concur-lint binary not found at {BINARY} (set CONCUR_LINT)")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="concur-lint-cli-")
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for root, dirs, files in os.walk(self.tmp):
            for name in dirs + files:
                p = os.path.join(root, name)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def read(self, rel):
        with open(self.path(rel), encoding="utf-8") as f:
            return f.read()

    def read_bytes(self, rel):
        with open(self.path(rel), "rb") as f:
            return f.read()

    def run_tool(self, *args, cwd=None):
        proc = subprocess.run([BINARY, *args], cwd=cwd or self.tmp, capture_output=True,
                              text=True, timeout=120)
        return proc

    def run_json(self, *args, cwd=None):
        proc = self.run_tool("--format=json", *args, cwd=cwd)
        try:
            doc = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            self.fail(f"stdout is not JSON ({e}):\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc, doc

    def where(self, doc):
        """The findings of a JSON report as (rule, path relative to the project, line, col)."""
        out = []
        for d in doc["diagnostics"]:
            f = d["file"]
            if f.startswith(self.tmp + "/"):
                f = f[len(self.tmp) + 1:]
            out.append((d["rule"], f, d["line"], d["column"]))
        return out

    def assertExit(self, proc, code):
        self.assertEqual(proc.returncode, code,
                         f"exit status {proc.returncode}, expected {code}\n"
                         f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")

    def compile_db(self, rel_dir, entries):
        """compile_commands.json in rel_dir: entries are (file relative to the project, flags)."""
        db = [{"directory": self.tmp, "file": self.path(f),
               "command": f"clang++ -std=c++20 {flags} -c {self.path(f)}"}
              for f, flags in entries]
        return self.write(os.path.join(rel_dir, "compile_commands.json"), json.dumps(db, indent=1))


# ---------------------------------------------------------------------------------------------


class TestInfo(CliTestCase):
    def test_version(self):
        proc = self.run_tool("--version")
        self.assertExit(proc, 0)
        self.assertRegex(proc.stdout, r"^concur-lint \d+\.\d+\.\d+ \(LLVM 19\.[0-9.]+\)\n$")

    def test_help_mentions_every_option(self):
        proc = self.run_tool("--help")
        self.assertExit(proc, 0)
        for option in ["--format", "text", "json", "sarif", "-o ", "--fix", "--export-fixes",
                       "--config", "--rules", "--list-rules", "-j ", "--quiet", "--fail-on",
                       "info", "warning", "error", "never", "--version", "--help", "-p ",
                       "-- <compiler arguments>", "Exit status", "--executor", "--progress",
                       "--format-style", "html"]:
            self.assertIn(option, proc.stdout, f"--help does not mention {option!r}")
        self.assertNotIn("--dump-facts", proc.stdout)

    def test_list_rules(self):
        proc = self.run_tool("--list-rules")
        self.assertExit(proc, 0)
        ids = [line.split()[0] for line in proc.stdout.splitlines()]
        self.assertIn(RULE, ids)
        self.assertIn("nolint", ids)
        line = next(l for l in proc.stdout.splitlines() if l.startswith(RULE + " "))
        self.assertIn("warning", line.split())


class TestProgress(CliTestCase):
    """--progress: one line on stderr, redrawn in place while files are analysed and erased
    before the summary; by default only when stderr is a terminal and the run is not --quiet."""

    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)
        for name in ("a", "b", "c"):
            self.write(f"src/{name}.cpp", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))

    def run_on_terminal(self, *args):
        """Runs the tool with stderr on a pseudo-terminal; returns (status, what it drew)."""
        import pty
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([BINARY, *args], cwd=self.tmp, stdout=subprocess.DEVNULL,
                                    stderr=slave,
                                    env={**os.environ, "TERM": "xterm", "COLUMNS": "80"})
            os.close(slave)
            out = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            return proc.wait(timeout=120), out.decode()
        finally:
            os.close(master)

    def run_raw(self, *args):
        """As run_tool, with stderr's carriage returns kept (text mode makes them newlines)."""
        proc = subprocess.run([BINARY, *args], cwd=self.tmp, capture_output=True, timeout=120)
        proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
        return proc

    def test_always_draws_and_erases(self):
        proc = self.run_raw("--no-cache", "--progress=always", "src")
        self.assertExit(proc, 1)
        self.assertIn("\r[3/3] src/", proc.stderr)
        # Each drawing overwrites the last one; the line is erased before the summary.
        for chunk in proc.stderr.split("\r")[1:-1]:
            self.assertRegex(chunk, r"^\[[0-3]/3\] src/[abc]\.cpp  \d+s\x1b\[K$")
        self.assertIn("\r\x1b[Kconcur-lint: 3 file(s) analysed", proc.stderr)

    def test_cache_hits_are_counted(self):
        cache = ["--cache-dir", self.path("cache")]
        self.assertExit(self.run_tool(*cache, "--progress=never", "src"), 1)
        proc = self.run_raw(*cache, "--progress=always", "src")
        self.assertIn("[3/3] src/", proc.stderr)
        self.assertIn(", 3 cached\x1b[K", proc.stderr)

    def test_not_a_terminal_no_progress(self):
        proc = self.run_raw("--no-cache", "src")
        self.assertNotIn("\r", proc.stderr)
        self.assertNotIn("\x1b", proc.stderr)

    def test_terminal_by_default(self):
        status, drawn = self.run_on_terminal("--no-cache", "src")
        self.assertEqual(status, 1, drawn)
        self.assertIn("[3/3] src/", drawn)
        self.assertIn("\x1b[K", drawn)

    def test_terminal_quiet_or_never(self):
        for flag in ("--quiet", "--progress=never"):
            status, drawn = self.run_on_terminal("--no-cache", flag, "src")
            self.assertEqual(status, 1, drawn)
            self.assertNotIn("[3/3]", drawn, flag)

    def test_long_names_fit_the_line(self):
        deep = "src/" + "/".join(["a_rather_long_folder_name"] * 6) + "/d.cpp"
        self.write(deep, "int x;\n")
        status, drawn = self.run_on_terminal("--no-cache", "--progress=always", deep)
        self.assertEqual(status, 0, drawn)
        # 80 columns (COLUMNS, which llvm reads first). The file gives way from the left.
        for chunk in drawn.split("\r"):
            chunk = chunk.replace("\x1b[K", "")
            self.assertLess(len(chunk), 80, chunk)
        self.assertIn("[0/1] ...", drawn)

    def test_bad_value(self):
        proc = self.run_tool("--progress=sometimes", "src")
        self.assertExit(proc, 2)
        self.assertIn("sometimes", proc.stderr)


class TestExecutor(CliTestCase):
    """--executor forces loop-parallelizable's executor; a loop that cannot run on it is not
    reported."""

    LOOPS = """
        #include <cstdlib>
        #include <vector>
        long heavy(long x) { long s = 0; for (long k = 0; k < x; ++k) s += k; return s; }
        int noisy(int seed) { std::srand(seed); int s = 0; for (int k = 0; k < 900; ++k) s += std::rand(); return s; }
        int main() {
          std::vector<long> in{1, 2, 3}, out(3);
          for (std::size_t i = 0; i < in.size(); ++i)
            out[i] = heavy(in[i]);
          std::vector<int> seeds{1, 2}, scores(2);
          for (std::size_t i = 0; i < seeds.size(); ++i)
            scores[i] = noisy(seeds[i]);
          return 0;
        }
    """

    def findings(self, *args):
        self.write("loops.cpp", self.LOOPS)
        proc, doc = self.run_json("--rules=-*,loop-parallelizable", *args, "loops.cpp")
        self.assertEqual(doc["errors"], [])
        return [(d["line"], "ProcessPool" in d["message"]) for d in doc["diagnostics"]]

    def test_chosen_per_loop_by_default(self):
        # CPU-bound and thread-safe: threads; rand() inside: processes.
        self.assertEqual(self.findings(), [(8, False), (11, True)])

    def test_forced_thread_drops_the_thread_unsafe_loop(self):
        self.assertEqual(self.findings("--executor=thread"), [(8, False)])

    def test_forced_process_takes_both_map_loops(self):
        self.assertEqual(self.findings("--executor=process"), [(8, True), (11, True)])

    def test_forced_coroutine_outside_coroutines_reports_nothing(self):
        self.assertEqual(self.findings("--executor=coroutine"), [])

    def test_unknown_executor_is_a_usage_error(self):
        self.write("loops.cpp", self.LOOPS)
        proc = self.run_tool("--executor=fibers", "loops.cpp")
        self.assertExit(proc, 2)
        self.assertIn("--executor must be thread, process, coroutine or openmp, not 'fibers'",
                      proc.stderr)

    def test_forced_openmp_drops_the_thread_unsafe_loop(self):
        self.assertEqual(self.findings("--executor=openmp"), [(8, False)])
        _, doc = self.run_json("--rules=-*,loop-parallelizable", "--executor=openmp", "loops.cpp")
        self.assertIn("'#pragma omp parallel for'", doc["diagnostics"][0]["message"])


WRAPPED_THREADS_C = textwrap.dedent("""\
    #include <pthread.h>
    typedef void *(*entry_fn)(void *);
    struct ops { entry_fn run; };
    long hits;
    static void *worker(void *a) { hits++; return a; }
    static void *logger(void *a) { return a; }
    static void start(pthread_t *t, entry_fn e) { pthread_create(t, 0, e, 0); }
    static const struct ops table = { .run = logger };
    static void count(void) { hits++; }
    static void skip(void) {}
    static void (*const handlers[])(void) = { count, skip };
    static void *dispatcher(void *a) { handlers[(long)a](); return a; }
    int main(void) {
      pthread_t a, b, c;
      start(&a, worker);
      pthread_create(&b, 0, table.run, 0);
      pthread_create(&c, 0, dispatcher, 0);
      hits = 0;
      pthread_join(a, 0);
      pthread_join(b, 0);
      pthread_join(c, 0);
      return 0;
    }
    """)


class TestListThreads(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("w.c", WRAPPED_THREADS_C)

    def test_text(self):
        proc = self.run_tool("--list-threads", "w.c")
        self.assertExit(proc, 0)
        self.assertEqual(proc.stdout.splitlines(), [
            "w.c:15:3: thread started in 'main' running 'worker' (through 'start')",
            "w.c:16:3: thread started in 'main' running 'logger' (what 'ops::run' may hold)",
            "w.c:17:3: thread started in 'main' running 'dispatcher'"])
        self.assertIn("3 thread start(s); 1 call(s) through pointers or callables: 1 resolved",
                      proc.stderr)

    def test_json(self):
        proc, doc = self.run_json("--list-threads", "w.c")
        self.assertExit(proc, 0)
        self.assertEqual([(t["line"], t["started_in"], [e["name"] for e in t["entries"]],
                           t.get("wrapper"), t["resolved"], t.get("place")) for t in doc], [
            (15, "main", ["worker"], "start", "named", None),
            (16, "main", ["logger"], None, "points-to", "'ops::run'"),
            (17, "main", ["dispatcher"], None, "named", None)])

    def test_runs_no_rule_and_combines_with_no_fix(self):
        proc = self.run_tool("--list-threads", "--fix", "w.c")
        self.assertExit(proc, 2)
        self.assertIn("--list-threads", proc.stderr)


class TestConfidence(CliTestCase):
    """The race through the array of handlers is low: hidden by default, shown on request."""

    def setUp(self):
        super().setUp()
        self.write("w.c", WRAPPED_THREADS_C)

    def races(self, doc):
        return [(d["line"], d["confidence"]) for d in doc["diagnostics"]
                if d["rule"] == "race-shared-global"]

    def test_default_hides_low(self):
        proc, doc = self.run_json("w.c")
        self.assertEqual(self.races(doc), [(5, "high")])

    def test_low_shows_all_with_reasons(self):
        proc, doc = self.run_json("--min-confidence=low", "w.c")
        self.assertEqual(self.races(doc), [(5, "high"), (9, "low")])
        low = [d for d in doc["diagnostics"] if d["line"] == 9][0]
        self.assertIn("which may run any of 2 functions", low["confidence_reason"])
        text = self.run_tool("--min-confidence=low", "w.c").stdout
        self.assertRegex(text, r"w\.c:9:\d+: note: low confidence: reached through the call at "
                               r"w\.c:12, which may run any of 2 functions")

    def test_high_only_and_per_rule_configuration(self):
        self.write(".concur-lint.yaml", "rules:\n  race-shared-global:\n    min-confidence: low\n")
        proc, doc = self.run_json("w.c")
        self.assertEqual(self.races(doc), [(5, "high"), (9, "low")])
        # The command line comes after the configuration files.
        proc, doc = self.run_json("--min-confidence=high", "w.c")
        self.assertEqual(self.races(doc), [(5, "high")])

    def test_bad_values(self):
        proc = self.run_tool("--min-confidence=sure", "w.c")
        self.assertExit(proc, 2)
        self.assertIn("--min-confidence must be low, medium or high, not 'sure'", proc.stderr)
        self.write(".concur-lint.yaml", "rules:\n  race-shared-global:\n    min-confidence: 3\n")
        proc = self.run_tool("w.c")
        self.assertExit(proc, 2)
        self.assertIn("'min-confidence' must be low, medium or high", proc.stderr)


class TestRaceReport(CliTestCase):
    """One finding per variable and pair of threads; a volatile variable's message says why
    volatile does not help."""

    SOURCE = r"""#include <pthread.h>
volatile int stop;
long hits;
static void *counter(void *arg) {
  (void)arg;
  while (!stop) {
    hits++;
    hits += 2;
  }
  return 0;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, counter, 0);
  hits = 0;
  stop = 1;
  pthread_join(t, 0);
  return 0;
}
"""

    def setUp(self):
        super().setUp()
        self.write("r.c", self.SOURCE)

    def test_one_finding_per_variable_and_pair_of_threads(self):
        proc, doc = self.run_json("r.c")
        races = {d["line"]: d for d in doc["diagnostics"] if d["rule"] == "race-shared-global"}
        self.assertEqual(sorted(races), [7, 16])  # `hits` and `stop`, once each
        self.assertIn("(and 1 other place, in the notes)", races[7]["message"])
        notes = [(n["line"], n["message"]) for n in races[7]["notes"]]
        self.assertIn((8, "also written without a lock here, against the write at r.c:15"), notes)

    def test_volatile_is_named(self):
        proc, doc = self.run_json("r.c")
        messages = {d["line"]: d["message"] for d in doc["diagnostics"]}
        self.assertIn("'volatile' is not synchronisation", messages[16])
        self.assertNotIn("volatile", messages[7])


class TestFormats(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)
        self.write("a.cpp", BLOCKING_CPP)
        # A finding with notes: run() calls helper() in b.cpp which sleeps.
        self.write("b.cpp", textwrap.dedent("""\
            #include "mini.h"
            void helper();
            Task chain() {
              helper();
              co_return;
            }
            void helper() { usleep(10); }
            """))

    def test_text(self):
        proc = self.run_tool("a.cpp", "b.cpp")
        self.assertExit(proc, 1)
        lines = proc.stdout.splitlines()
        diag = [l for l in lines if ": warning: " in l or ": note: " in l]
        self.assertEqual(len(diag), 3, proc.stdout)
        self.assertRegex(diag[0], r"^a\.cpp:3:3: warning: blocking call to 'sleep' .*"
                                  r"in coroutine 'run'.* \[coro-blocking-call\]$")
        self.assertRegex(diag[1], r"^b\.cpp:4:3: warning: call to 'helper' in coroutine 'chain'"
                                  r".*'usleep'.* \[coro-blocking-call\]$")
        self.assertRegex(diag[2], r"^b\.cpp:7:17: note: .*'usleep'")
        # The source line and a caret under the call follow the warning.
        i = lines.index(diag[0])
        self.assertEqual(lines[i + 1], "    3 |   sleep(1);")
        self.assertEqual(lines[i + 2], "      |   ^~~~~~~~")
        # The summary is on stderr, never on stdout.
        self.assertNotIn("analysed", proc.stdout)
        self.assertIn("concur-lint: 2 file(s) analysed: 0 error(s), 2 warning(s), 0 info",
                      proc.stderr)

    def test_quiet(self):
        proc = self.run_tool("--quiet", "a.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(proc.stderr, "")
        self.assertIn("a.cpp:3:3: warning:", proc.stdout)

    def test_text_clean_is_empty(self):
        self.write("c.cpp", CLEAN_CPP)
        proc = self.run_tool("c.cpp")
        self.assertExit(proc, 0)
        self.assertEqual(proc.stdout, "")
        self.assertIn("1 file(s) analysed: 0 error(s), 0 warning(s), 0 info", proc.stderr)

    def test_json_exact_shape(self):
        proc, doc = self.run_json("a.cpp", "b.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(set(doc), {"version", "diagnostics", "errors"})
        self.assertEqual(doc["version"], 1)
        self.assertEqual(doc["errors"], [])
        self.assertEqual(len(doc["diagnostics"]), 2)
        keys = {"rule", "severity", "message", "file", "line", "column", "end_line",
                "end_column", "notes", "fixes", "confidence"}
        for d in doc["diagnostics"]:
            self.assertEqual(set(d), keys)
            for n in d["notes"]:
                self.assertEqual(set(n), {"file", "line", "column", "message"})
        first, second = doc["diagnostics"]
        self.assertEqual({k: first[k] for k in keys - {"message"}}, {
            "rule": RULE, "severity": "warning", "file": self.path("a.cpp"), "line": 3,
            "column": 3, "end_line": 3, "end_column": 11, "notes": [], "fixes": [],
            "confidence": "high"})
        self.assertIn("'sleep'", first["message"])
        self.assertEqual(second["file"], self.path("b.cpp"))
        self.assertEqual((second["line"], second["column"]), (4, 3))
        self.assertEqual(len(second["notes"]), 1)
        note = second["notes"][0]
        self.assertEqual((note["file"], note["line"], note["column"]),
                         (self.path("b.cpp"), 7, 17))
        self.assertIn("usleep", note["message"])
        # Nothing but the document on stdout; the summary goes to stderr.
        self.assertIn("2 file(s) analysed", proc.stderr)

    def test_json_errors(self):
        proc, doc = self.run_json("a.cpp", "missing.cpp")
        self.assertExit(proc, 3)
        self.assertEqual(len(doc["diagnostics"]), 1)
        self.assertEqual(len(doc["errors"]), 1)
        self.assertEqual(set(doc["errors"][0]), {"file", "message"})
        self.assertEqual(doc["errors"][0]["file"], self.path("missing.cpp"))
        self.assertIn("missing.cpp", doc["errors"][0]["message"])

    def test_output_file(self):
        os.makedirs(self.path("out"))
        proc = self.run_tool("--format=json", "-o", "out/report.json", "a.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(proc.stdout, "")
        doc = json.loads(self.read("out/report.json"))
        self.assertEqual(self.where(doc), [(RULE, "a.cpp", 3, 3)])
        # Text too, and an existing file is replaced.
        proc = self.run_tool("-o", "out/report.json", "a.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(proc.stdout, "")
        self.assertTrue(self.read("out/report.json").startswith("a.cpp:3:3: warning: "))
        self.assertEqual(sorted(os.listdir(self.path("out"))), ["report.json"])

    def test_output_file_error(self):
        proc = self.run_tool("-o", "no/such/dir/report.txt", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(self.path("no/such/dir/report.txt"), proc.stderr)

    def test_sarif(self):
        self.write("c.cpp", textwrap.dedent("""\
            #include "mini.h"
            Task twice() {
              sleep(1);
              sleep(1);
              co_return;
            }
            """))
        proc = self.run_tool("--format=sarif", "a.cpp", "b.cpp", "c.cpp")
        self.assertExit(proc, 1)
        doc = json.loads(proc.stdout)
        if os.path.exists(SARIF_SCHEMA):
            import jsonschema
            with open(SARIF_SCHEMA, encoding="utf-8") as f:
                schema = json.load(f)
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
            self.assertEqual([], [f"{list(e.absolute_path)}: {e.message}" for e in errors])
        else:
            print(f"\nnote: {SARIF_SCHEMA} is absent: SARIF schema validation skipped")
        self.assertEqual(doc["version"], "2.1.0")
        self.assertEqual(len(doc["runs"]), 1)
        run = doc["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "concur-lint")
        rules = {r["id"]: r for r in driver["rules"]}
        self.assertIn(RULE, rules)
        for r in rules.values():
            for key in ("shortDescription", "fullDescription", "help"):
                self.assertTrue(r[key]["text"], f"{r['id']}: empty {key}")
            self.assertRegex(r["helpUri"], r"^[a-z]+://")
        self.assertEqual(run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
                         "file://" + self.tmp + "/")
        results = run["results"]
        self.assertEqual(len(results), 4)
        by_place = {}
        for res in results:
            self.assertEqual(res["ruleId"], RULE)
            self.assertEqual(res["level"], "warning")
            self.assertTrue(res["message"]["text"])
            self.assertEqual(driver["rules"][res["ruleIndex"]]["id"], RULE)
            loc = res["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%")
            self.assertFalse(loc["artifactLocation"]["uri"].startswith("/"))
            region = loc["region"]
            by_place[(loc["artifactLocation"]["uri"], region["startLine"])] = res
            self.assertRegex(res["partialFingerprints"]["primaryLocationLineHash"],
                             r"^[0-9a-f]{16}:\d+$")
        self.assertEqual(sorted(by_place), [("a.cpp", 3), ("b.cpp", 4), ("c.cpp", 3),
                                            ("c.cpp", 4)])
        a = by_place[("a.cpp", 3)]["locations"][0]["physicalLocation"]["region"]
        self.assertEqual(a, {"startLine": 3, "startColumn": 3, "endLine": 3, "endColumn": 11})
        # Notes become related locations.
        related = by_place[("b.cpp", 4)]["relatedLocations"]
        self.assertEqual(len(related), 1)
        self.assertEqual(related[0]["physicalLocation"]["artifactLocation"],
                         {"uri": "b.cpp", "uriBaseId": "%SRCROOT%"})
        self.assertEqual(related[0]["physicalLocation"]["region"]["startLine"], 7)
        self.assertIn("usleep", related[0]["message"]["text"])
        # Identical lines in one file get distinct fingerprints.
        h3 = by_place[("c.cpp", 3)]["partialFingerprints"]["primaryLocationLineHash"]
        h4 = by_place[("c.cpp", 4)]["partialFingerprints"]["primaryLocationLineHash"]
        self.assertNotEqual(h3, h4)
        self.assertEqual(h3.split(":")[0], h4.split(":")[0])
        # Same line text in another file: same hash, counted per file.
        ha = by_place[("a.cpp", 3)]["partialFingerprints"]["primaryLocationLineHash"]
        self.assertEqual(ha, h3)

    def test_sarif_fixes(self):
        self.write("task.h", TASK_H)
        self.write("myco.h", MYCO_H)
        self.write(".concur-lint.yaml", MYCO_CONFIG)
        self.write("t.cpp", MYCO_CPP)
        proc = self.run_tool("--format=sarif", "t.cpp")
        self.assertExit(proc, 1)
        doc = json.loads(proc.stdout)
        if os.path.exists(SARIF_SCHEMA):
            import jsonschema
            with open(SARIF_SCHEMA, encoding="utf-8") as f:
                jsonschema.Draft4Validator(json.load(f)).validate(doc)
        (res,) = doc["runs"][0]["results"]
        (fix,) = res["fixes"]
        (change,) = fix["artifactChanges"]
        self.assertEqual(change["artifactLocation"], {"uri": "t.cpp", "uriBaseId": "%SRCROOT%"})
        texts = sorted(r["insertedContent"]["text"] for r in change["replacements"])
        self.assertEqual(texts, ['#include "myco.h"\n',
                                 "co_await myco::sleep(std::chrono::milliseconds(5))"])
        source = self.read("t.cpp")
        call = "std::this_thread::sleep_for(std::chrono::milliseconds(5))"
        rep = next(r for r in change["replacements"]
                   if r["insertedContent"]["text"].startswith("co_await"))
        self.assertEqual(rep["deletedRegion"], {"charOffset": source.index(call),
                                                "charLength": len(call)})

    def test_sarif_errors_are_notifications(self):
        self.write("bad.cpp", "int main( {\n")
        proc = self.run_tool("--format=sarif", "a.cpp", "bad.cpp")
        self.assertExit(proc, 3)
        doc = json.loads(proc.stdout)
        inv = doc["runs"][0]["invocations"][0]
        self.assertFalse(inv["executionSuccessful"])
        (n,) = inv["toolExecutionNotifications"]
        self.assertEqual(n["level"], "error")
        self.assertIn("bad.cpp", n["message"]["text"])
        self.assertEqual(len(doc["runs"][0]["results"]), 1)


class TestExitStatus(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)
        self.write("a.cpp", BLOCKING_CPP)
        self.write("clean.cpp", CLEAN_CPP)

    def test_clean_is_0(self):
        self.assertExit(self.run_tool("clean.cpp"), 0)

    def test_findings_is_1(self):
        self.assertExit(self.run_tool("a.cpp"), 1)

    def test_fail_on(self):
        # A warning: info and warning fail, error and never do not.
        for level, code in [("info", 1), ("warning", 1), ("error", 0), ("never", 0)]:
            with self.subTest(level=level):
                self.assertExit(self.run_tool("--quiet", f"--fail-on={level}", "a.cpp"), code)
        # An error finding (the nolint rule) fails --fail-on=error, but not never.
        self.write("e.cpp", "// NOLINTBEGIN\nint x;\n")
        self.assertExit(self.run_tool("--quiet", "--fail-on=error", "e.cpp"), 1)
        self.assertExit(self.run_tool("--quiet", "--fail-on=never", "e.cpp"), 0)
        # An info finding fails only --fail-on=info.
        self.write("info/.concur-lint.yaml", "rules:\n  coro-blocking-call: {severity: info}\n")
        self.write("info/a.cpp", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))
        self.assertExit(self.run_tool("--quiet", "--fail-on=info", "info/a.cpp"), 1)
        self.assertExit(self.run_tool("--quiet", "info/a.cpp"), 0)
        self.assertExit(self.run_tool("--quiet", "--fail-on=bogus", "a.cpp"), 2)

    def test_unknown_option_is_2(self):
        proc = self.run_tool("--frobnicate", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn("--frobnicate", proc.stderr)
        self.assertEqual(proc.stdout, "")

    def test_no_inputs_is_2(self):
        proc = self.run_tool()
        self.assertExit(proc, 2)
        self.assertIn("no input files", proc.stderr)

    def test_bad_rules_is_2_with_suggestion(self):
        proc = self.run_tool("--rules=coro-blockng-call", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn("unknown rule 'coro-blockng-call'", proc.stderr)
        self.assertIn("did you mean 'coro-blocking-call'", proc.stderr)
        proc = self.run_tool("--rules=-*,concur-coro-blockng-call", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn("did you mean 'coro-blocking-call'", proc.stderr)

    def test_broken_config_is_2(self):
        self.write(".concur-lint.yaml", "rules: {coro-blocking-call: maybe}\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(self.path(".concur-lint.yaml") + ":1:", proc.stderr)
        self.assertEqual(proc.stdout, "")

    def test_unparsable_source_is_3_and_others_reported(self):
        self.write("bad.cpp", '#include "mini.h"\nTask run() {\n  co_return\n}\n')
        proc = self.run_tool("a.cpp", "bad.cpp")
        self.assertExit(proc, 3)
        self.assertIn("a.cpp:3:3: warning:", proc.stdout)
        self.assertIn(self.path("bad.cpp") + ": cannot be analysed", proc.stderr)
        self.assertIn(self.path("bad.cpp") + ":4:1: expected expression", proc.stderr)
        self.assertIn("1 problem(s)", proc.stderr)
        # Every line on stderr is the tool's own, attributable to a file (no compiler chatter).
        for line in proc.stderr.splitlines():
            self.assertRegex(line, r"^(concur-lint: |  /)", proc.stderr)
        # Even with --fail-on=never: a file was not analysed.
        self.assertExit(self.run_tool("--fail-on=never", "a.cpp", "bad.cpp"), 3)

    def test_missing_file_is_3(self):
        proc, doc = self.run_json("a.cpp", "nope.cpp")
        self.assertExit(proc, 3)
        self.assertEqual(self.where(doc), [(RULE, "a.cpp", 3, 3)])
        self.assertIn(self.path("nope.cpp") + ": no such file or directory", proc.stderr)
        proc = self.run_tool("nope.cpp")
        self.assertExit(proc, 3)
        self.assertIn("nope.cpp", proc.stderr)


class TestCompileDatabase(CliTestCase):
    """A define only the compile command gives (WITH_CORO) proves which command was used."""

    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)

    def findings(self, *args, cwd=None):
        proc, doc = self.run_json(*args, cwd=cwd)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return self.where(doc)

    def test_without_database_fallback_flags(self):
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.assertEqual(self.findings("p/a.cpp"), [])

    # _OPENMP is defined only under -fopenmp: each file fails to parse (exit 3) with the wrong
    # flags.
    def test_without_database_openmp_files_get_fopenmp(self):
        needs_openmp = textwrap.dedent("""\
            #include <omp.h>
            #ifndef _OPENMP
            #error "parsed without -fopenmp"
            #endif
            int threads(void) { return omp_get_max_threads(); }
            """)
        self.write("p/a.c", needs_openmp)
        self.write("p/b.cpp", needs_openmp)
        self.write("p/c.cpp", "#ifdef _OPENMP\n#error \"-fopenmp without OpenMP\"\n#endif\n"
                              "int f() {\n#pragma ompx not_openmp\n  return 0;\n}\n")
        self.write("p/d.c", "int f(int *a, int n) {\n  #  pragma  omp parallel for\n"
                            "  for (int i = 0; i < n; i++) a[i] = i;\n"
                            "#ifndef _OPENMP\n#error \"parsed without -fopenmp\"\n#endif\n"
                            "  return 0;\n}\n")
        for f in ("p/a.c", "p/b.cpp", "p/c.cpp", "p/d.c"):
            with self.subTest(f):
                proc = self.run_tool("--no-cache", f)
                self.assertExit(proc, 0)

    def test_in_file_folder(self):
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.compile_db("p", [("p/a.cpp", "-DWITH_CORO")])
        self.assertEqual(self.findings("p/a.cpp"), [(RULE, "p/a.cpp", 4, 3)])

    def test_in_parent(self):
        self.write("p/src/deep/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../../../mini.h"'))
        self.compile_db("p", [("p/src/deep/a.cpp", "-DWITH_CORO")])
        self.assertEqual(self.findings("p/src/deep/a.cpp"), [(RULE, "p/src/deep/a.cpp", 4, 3)])

    def test_in_parent_build_dir(self):
        self.write("p/src/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../../mini.h"'))
        self.compile_db("p/build", [("p/src/a.cpp", "-DWITH_CORO")])
        self.assertEqual(self.findings("p/src/a.cpp"), [(RULE, "p/src/a.cpp", 4, 3)])

    def test_nearest_database_wins(self):
        self.write("p/src/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../../mini.h"'))
        self.compile_db("p", [("p/src/a.cpp", "-DWITH_CORO")])
        self.compile_db("p/src", [("p/src/a.cpp", "-DWITHOUT_CORO")])
        self.assertEqual(self.findings("p/src/a.cpp"), [])

    def test_compile_flags_txt(self):
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p/compile_flags.txt", "-std=c++20\n-DWITH_CORO\n")
        self.assertEqual(self.findings("p/a.cpp"), [(RULE, "p/a.cpp", 4, 3)])

    def test_p_dir_and_p_file(self):
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        db = self.compile_db("elsewhere/out", [("p/a.cpp", "-DWITH_CORO")])
        self.assertEqual(self.findings("-p", "elsewhere/out", "p/a.cpp"),
                         [(RULE, "p/a.cpp", 4, 3)])
        self.assertEqual(self.findings("-p", db, "p/a.cpp"), [(RULE, "p/a.cpp", 4, 3)])
        self.assertEqual(self.findings("-p=elsewhere/out", "p/a.cpp"),
                         [(RULE, "p/a.cpp", 4, 3)])
        # -p replaces discovery: a database beside the file is not used.
        self.compile_db("p", [("p/a.cpp", "-DWITH_CORO")])
        self.write("flags/compile_flags.txt", "-std=c++20\n")
        self.assertEqual(self.findings("-p", "flags", "p/a.cpp"), [])

    def test_p_errors(self):
        self.write("p/a.cpp", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))
        os.makedirs(self.path("empty"))
        proc = self.run_tool("-p", "empty", "p/a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(self.path("empty"), proc.stderr)
        proc = self.run_tool("-p", "nowhere", "p/a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(self.path("nowhere"), proc.stderr)

    def test_extra_args_after_dashdash(self):
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.assertEqual(self.findings("p/a.cpp", "--", "-DWITH_CORO"), [(RULE, "p/a.cpp", 4, 3)])
        # Also added to the database's command.
        self.write("q/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.compile_db("q", [("q/a.cpp", "-DSOMETHING")])
        self.assertEqual(self.findings("q/a.cpp", "--", "-DWITH_CORO"), [(RULE, "q/a.cpp", 4, 3)])
        # What follows `--` is the compiler's, even what looks like our options.
        proc = self.run_tool("p/a.cpp", "--", "-DWITH_CORO", "-Wno-unused")
        self.assertExit(proc, 1)

    # Relative paths read as clang reads them: after `--`, from the directory concur-lint runs in
    # (whatever the file's folder or the database's directory); in compile_flags.txt, from the
    # file's own folder (as clangd).
    def write_with_include(self, source):
        self.write("src/include/conn.h", "#pragma once\n#define CONN_OK 1\n")
        self.write(source, '#include "conn.h"\nint ok = CONN_OK;\n')

    def assert_analysed(self, *args, cwd=None):
        proc, doc = self.run_json(*args, cwd=cwd)
        self.assertEqual(doc["errors"], [], proc.stderr)
        self.assertExit(proc, 0)

    def test_relative_include_after_dashdash_is_from_the_working_directory(self):
        self.write_with_include("src/net/conn.c")
        for form in (["-Isrc/include"], ["-I", "src/include"], ["-isystem", "src/include"],
                     ["-iquote./src/include"]):
            with self.subTest(form=form):
                self.assert_analysed("src/net/conn.c", "--", *form)
        # From another directory, the same flags relative to it.
        self.assert_analysed("net/conn.c", "--", "-Iinclude", cwd=self.path("src"))
        # A file named from elsewhere than the working directory: still the working directory.
        self.assert_analysed(self.path("src/net/conn.c"), "--", "-Isrc/include")

    def test_relative_include_after_dashdash_with_a_database(self):
        self.write_with_include("src/net/conn.c")
        db = [{"directory": self.path("build"), "file": self.path("src/net/conn.c"),
               "arguments": ["cc", "-c", self.path("src/net/conn.c")]}]
        self.write("build/compile_commands.json", json.dumps(db))
        self.assert_analysed("-p", "build", "src/net/conn.c", "--", "-Isrc/include")

    def test_relative_include_in_compile_flags_txt_is_from_its_folder(self):
        self.write_with_include("src/net/conn.c")
        self.write("src/compile_flags.txt", "-xc\n-Iinclude\n")
        self.assert_analysed("src/net/conn.c")
        self.assert_analysed("net/conn.c", cwd=self.path("src"))
        self.assert_analysed("conn.c", cwd=self.path("src/net"))

    def test_file_missing_from_database_gets_neighbours_flags(self):
        # Not listed: its command is inferred from a.cpp's (ending in `-- file`), so WITH_CORO.
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p/new.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p/inline.h", '#pragma once\n' + IFDEF_CPP.replace('"mini.h"', '"../mini.h"')
                   .replace("Task run", "inline Task run_h"))
        self.compile_db("p", [("p/a.cpp", "-DWITH_CORO")])
        self.assertEqual(self.findings("p/new.cpp"), [(RULE, "p/new.cpp", 4, 3)])
        self.assertEqual(self.findings("p/new.cpp", "--", "-DSOMETHING"),
                         [(RULE, "p/new.cpp", 4, 3)])
        # A header named on the command line is analysed with the inferred command too.
        self.assertEqual(self.findings("p/inline.h"), [(RULE, "p/inline.h", 5, 3)])

    def test_gcc_only_arguments_are_left_out(self):
        # A database written for GCC: clang's driver rejects -flifetime-dse=1 (onetbb's) and any
        # other -f flag it does not know; the TU is analysed without them, --verbose says so.
        self.write("p/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        db = [{"directory": self.path("p"), "file": "a.cpp",
               "arguments": ["g++", "-std=c++20", "-flifetime-dse=1", "-DWITH_CORO",
                             "-fconcur-no-such-flag", "-c", "a.cpp"]}]
        self.write("p/compile_commands.json", json.dumps(db))
        self.assertEqual(self.findings("p/a.cpp"), [(RULE, "p/a.cpp", 4, 3)])
        proc = self.run_tool("--verbose", "--no-cache", "p/a.cpp")
        self.assertExit(proc, 1)
        self.assertIn("arguments clang does not know, left out: -flifetime-dse=1 "
                      "-fconcur-no-such-flag", proc.stderr)
        # A known argument with a bad value is still the compiler's error, named.
        db[0]["arguments"].insert(2, "-std=c++nonsense")
        self.write("p/compile_commands.json", json.dumps(db))
        proc = self.run_tool("--no-cache", "p/a.cpp")
        self.assertExit(proc, 3)
        self.assertIn("c++nonsense", proc.stderr)

    def test_relative_file_in_database(self):
        self.write("p/src/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../../mini.h"'))
        db = [{"directory": self.path("p"), "file": "src/a.cpp",
               "arguments": ["clang++", "-std=c++20", "-DWITH_CORO", "-c", "src/a.cpp"]}]
        self.write("p/compile_commands.json", json.dumps(db))
        self.assertEqual(self.findings("p/src/a.cpp"), [(RULE, "p/src/a.cpp", 4, 3)])
        self.assertEqual(self.findings("p"), [(RULE, "p/src/a.cpp", 4, 3)])

    def test_paths_through_a_symbolic_link(self):
        # `src -> src-1.2`, the database naming the real files (as Debian's source packages
        # unpack): the file and the directory given through the link find their own commands,
        # not a neighbour's guess nor a walk over every file.
        self.write("p-1.2/a.cpp", IFDEF_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p-1.2/unlisted.cpp", "#error not in the database\n")
        self.compile_db("p-1.2", [("p-1.2/a.cpp", "-DWITH_CORO")])
        os.symlink("p-1.2", self.path("p"))
        self.assertEqual(self.findings("p/a.cpp"), [(RULE, "p-1.2/a.cpp", 4, 3)])
        proc, doc = self.run_json("p")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "p-1.2/a.cpp", 4, 3)])
        self.assertIn("1 file(s) analysed", proc.stderr)
        self.assertEqual(self.findings("-p", "p-1.2", self.path("p")), [(RULE, "p-1.2/a.cpp", 4, 3)])

    def test_malformed_database(self):
        self.write("p/a.cpp", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))
        db = self.write("p/compile_commands.json",
                        '[\n  {"directory": "/tmp",\n   "file": "a.cpp",,\n}]\n')
        proc = self.run_tool("p/a.cpp")
        self.assertExit(proc, 2)
        self.assertRegex(proc.stderr, "^concur-lint: " + db + r":3:\d+: error: malformed")
        self.assertEqual(proc.stdout, "")
        # An entry without its fields.
        self.write("p/compile_commands.json", '[{"file": "a.cpp"}]\n')
        proc = self.run_tool("p/a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(db, proc.stderr)
        self.assertIn("entry 1", proc.stderr)
        # Through -p too.
        proc = self.run_tool("-p", "p", "p/a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(db, proc.stderr)


class TestDirectories(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)

    def test_through_database(self):
        inc = '"../mini.h"'
        for name in ("a.cpp", "b.cpp", "unlisted.cpp"):
            self.write("p/" + name, BLOCKING_CPP.replace('"mini.h"', inc))
        self.write("other/c.cpp", BLOCKING_CPP.replace('"mini.h"', inc))
        self.compile_db("", [("p/a.cpp", ""), ("p/b.cpp", ""), ("other/c.cpp", "")])
        proc, doc = self.run_json("p")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "p/a.cpp", 3, 3), (RULE, "p/b.cpp", 3, 3)])
        self.assertIn("2 file(s) analysed", proc.stderr)
        proc, doc = self.run_json("p/")
        self.assertEqual(self.where(doc), [(RULE, "p/a.cpp", 3, 3), (RULE, "p/b.cpp", 3, 3)])
        # The whole project: every listed TU, still not the unlisted one.
        proc, doc = self.run_json(".")
        self.assertEqual(self.where(doc), [(RULE, "other/c.cpp", 3, 3),
                                           (RULE, "p/a.cpp", 3, 3), (RULE, "p/b.cpp", 3, 3)])

    def test_without_database(self):
        self.write("p/a.cc", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p/b.cpp", BLOCKING_CPP.replace('"mini.h"', '"../mini.h"'))
        self.write("p/sub/c.cxx", BLOCKING_CPP.replace('"mini.h"', '"../../mini.h"'))
        # C is analysed as C11, C++ as C++20; an unmatched NOLINTBEGIN proves the file was read.
        self.write("p/d.c", "// NOLINTBEGIN\n_Static_assert(__STDC_VERSION__ == 201112L, \"c11\");"
                            "\n")
        self.write("p/e.cpp", "static_assert(__cplusplus == 202002L, \"c++20\");\n")
        self.write("p/notes.txt", "not a source\n")
        self.write("p/x.h", "#error headers are not translation units\n")
        self.write("p/.hidden/h.cpp", "#error hidden directories are skipped\n")
        self.write("p/sub/.git/i.cpp", "#error hidden directories are skipped\n")
        proc, doc = self.run_json("p")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "p/a.cc", 3, 3), (RULE, "p/b.cpp", 3, 3),
                                           ("nolint", "p/d.c", 1, 4),
                                           (RULE, "p/sub/c.cxx", 3, 3)])
        self.assertIn("5 file(s) analysed", proc.stderr)

    def test_empty_directory(self):
        self.write("p/readme.txt", "nothing\n")
        proc = self.run_tool("p")
        self.assertExit(proc, 3)
        self.assertIn(self.path("p"), proc.stderr)

    def test_cross_tu(self):
        self.write("p/a.cpp", textwrap.dedent("""\
            #include "../mini.h"
            void wait_a_bit();
            Task run() {
              wait_a_bit();
              co_return;
            }
            """))
        self.write("p/b.cpp", textwrap.dedent("""\
            #include "../mini.h"
            static void inner() { sleep(1); }
            void wait_a_bit() {
              inner();
            }
            """))
        proc, doc = self.run_json("p/a.cpp")
        self.assertExit(proc, 0)
        self.assertEqual(doc["diagnostics"], [])
        for args in (["p/a.cpp", "p/b.cpp"], ["p"]):
            with self.subTest(args=args):
                proc, doc = self.run_json(*args)
                self.assertExit(proc, 1)
                self.assertEqual(self.where(doc), [(RULE, "p/a.cpp", 4, 3)])
                (d,) = doc["diagnostics"]
                self.assertIn("wait_a_bit", d["message"])
                self.assertIn("'sleep'", d["message"])
                self.assertEqual([(n["file"], n["line"], n["column"]) for n in d["notes"]],
                                 [(self.path("p/b.cpp"), 4, 3), (self.path("p/b.cpp"), 2, 23)])

    def test_header_reported_once(self):
        self.write("p/inline.h", textwrap.dedent("""\
            #pragma once
            #include "../mini.h"
            inline Task shared() {
              sleep(1);
              co_return;
            }
            """))
        for name in ("a.cpp", "b.cpp"):
            self.write("p/" + name, f'#include "inline.h"\nvoid use_{name[0]}() {{ shared(); }}\n')
        proc = self.run_tool("-j", "2", "p")
        self.assertExit(proc, 1)
        self.assertEqual(proc.stdout.count(": warning: "), 1, proc.stdout)
        self.assertIn("p/inline.h:4:3: warning: ", proc.stdout)
        self.assertIn("2 file(s) analysed: 0 error(s), 1 warning(s)", proc.stderr)
        for jobs in (["-j", "1"], ["-j", "2"], ["-j1"], ["-j2"]):  # both spellings of -j
            proc, doc = self.run_json("p/a.cpp", "p/b.cpp", *jobs)
            self.assertEqual(self.where(doc), [(RULE, "p/inline.h", 4, 3)])
        proc = self.run_tool("--format=sarif", "p")
        self.assertEqual(len(json.loads(proc.stdout)["runs"][0]["results"]), 1)


class TestConfig(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("mini.h", MINI_H)

    def source(self, rel, text=BLOCKING_CPP):
        depth = rel.count("/")
        self.write(rel, text.replace('"mini.h"', '"' + "../" * depth + 'mini.h"'))

    def report(self, *args):
        proc, doc = self.run_json(*args)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return sorted((os.path.relpath(d["file"], self.tmp), d["severity"])
                      for d in doc["diagnostics"])

    def test_nearest_wins_and_inherit(self):
        self.write("p/.concur-lint.yaml", "rules:\n  coro-blocking-call: {severity: error}\n")
        self.source("p/a.cpp")
        # Nearest, not inheriting: the parent's severity is not used, the rule is disabled.
        self.write("p/off/.concur-lint.yaml", "rules:\n  coro-blocking-call: false\n")
        self.source("p/off/a.cpp")
        # Nearest, not inheriting: back to the default severity.
        self.write("p/plain/.concur-lint.yaml", "remove-blocking-functions: [usleep]\n")
        self.source("p/plain/a.cpp")
        # inherit: true merges the parent's severity with the child's own setting.
        self.write("p/inh/.concur-lint.yaml", "inherit: true\nremove-blocking-functions: [sleep]\n")
        self.source("p/inh/a.cpp")
        self.source("p/inh/b.cpp", BLOCKING_CPP.replace("sleep(1)", "usleep(1)"))
        # Deeper without a file of its own: the nearest above it.
        self.source("p/off/deeper/a.cpp")
        self.assertEqual(self.report("p"), [("p/a.cpp", "error"),
                                            ("p/inh/b.cpp", "error"),
                                            ("p/plain/a.cpp", "warning")])

    def test_disable_and_severity(self):
        self.source("a.cpp")
        self.write(".concur-lint.yaml", "rules:\n  coro-*: false\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 0)
        self.assertEqual(proc.stdout, "")
        self.write(".concur-lint.yaml", "rules:\n  concur-coro-blocking-call:\n"
                                        "    severity: info\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 0)
        self.assertIn("a.cpp:3:3: info: ", proc.stdout)
        self.assertIn("0 error(s), 0 warning(s), 1 info", proc.stderr)
        self.assertExit(self.run_tool("--fail-on=info", "a.cpp"), 1)
        self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call:\n    enabled: false\n")
        self.assertExit(self.run_tool("a.cpp"), 0)
        # --rules applies after the configuration files.
        self.assertExit(self.run_tool("--rules=coro-*", "a.cpp"), 1)

    def test_config_flag(self):
        self.source("a.cpp")
        self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call: false\n")
        self.write("conf/strict.yaml", "rules:\n  coro-blocking-call: {severity: error}\n")
        self.assertEqual(self.report("--config=conf/strict.yaml", "a.cpp"), [("a.cpp", "error")])
        self.assertEqual(self.report("--config", "conf/strict.yaml", "a.cpp"),
                         [("a.cpp", "error")])
        self.assertEqual(self.report("a.cpp"), [])
        proc = self.run_tool("--config=conf/none.yaml", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn("conf/none.yaml", proc.stderr)

    def test_unknown_key(self):
        self.source("a.cpp")
        cfg = self.write(".concur-lint.yaml", "inherit: false\nrulez:\n  coro-blocking-call: false\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(cfg + ":2:1: error: unknown key 'rulez'", proc.stderr)
        self.assertIn("did you mean 'rules'?", proc.stderr)
        self.assertEqual(proc.stdout, "")
        # In a rule's settings, and a misspelt rule id.
        self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call:\n    severty: error\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(cfg + ":3:5: error: unknown key 'severty'", proc.stderr)
        self.assertIn("did you mean 'severity'?", proc.stderr)
        self.write(".concur-lint.yaml", "rules:\n  coro-blockng-call: false\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(cfg + ":2:3: error: unknown rule 'coro-blockng-call'", proc.stderr)
        self.assertIn("did you mean 'coro-blocking-call'?", proc.stderr)

    def test_invalid_yaml(self):
        self.source("a.cpp")
        cfg = self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call: [false\n")
        proc = self.run_tool("a.cpp")
        self.assertExit(proc, 2)
        self.assertRegex(proc.stderr, "^concur-lint: " + cfg + r":\d+:\d+: error: invalid YAML")
        self.assertEqual(proc.stdout, "")
        # Through --config too, and a parent's broken file under inherit.
        proc = self.run_tool("--config", cfg, "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(cfg + ":", proc.stderr)
        self.write("sub/.concur-lint.yaml", "inherit: true\n")
        self.source("sub/a.cpp")
        proc = self.run_tool("sub/a.cpp")
        self.assertExit(proc, 2)
        self.assertIn(cfg + ":", proc.stderr)

    def test_rules_flag(self):
        self.source("a.cpp")
        self.write("e.cpp", "// NOLINTBEGIN\n")
        proc, doc = self.run_json("--rules=-*", "a.cpp", "e.cpp")
        self.assertExit(proc, 0)
        self.assertEqual(doc["diagnostics"], [])
        proc, doc = self.run_json("--rules=-*,coro-*", "a.cpp", "e.cpp")
        self.assertEqual(self.where(doc), [(RULE, "a.cpp", 3, 3)])
        proc, doc = self.run_json("--rules=-coro-blocking-call", "a.cpp", "e.cpp")
        self.assertEqual(self.where(doc), [("nolint", "e.cpp", 1, 4)])


class TestNolint(CliTestCase):
    def test_suppressions(self):
        self.write("mini.h", MINI_H)
        self.write("n.cpp", textwrap.dedent("""\
            #include "mini.h"
            Task run() {
              sleep(1);  // NOLINT
              sleep(2);  // NOLINT(coro-blocking-call)
              sleep(3);  // NOLINT(concur-coro-blocking-call)
              sleep(4);  // NOLINT(other-rule)
              sleep(5);  // NOLINT(concur-*)
              // NOLINTNEXTLINE(coro-blocking-call)
              sleep(6);
              sleep(7);
              // NOLINTNEXTLINE
              sleep(8);
              // NOLINTBEGIN(coro-blocking-call)
              sleep(9);
              sleep(10);
              // NOLINTEND(coro-blocking-call)
              sleep(11);
              // NOLINTBEGIN(other-rule)
              sleep(12);
              // NOLINTEND(other-rule)
              sleep(13);  // NOLINTNEXTLINE(coro-blocking-call)
              sleep(14);
              co_return;
            }
            """))
        proc, doc = self.run_json("n.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "n.cpp", 6, 3), (RULE, "n.cpp", 10, 3),
                                           (RULE, "n.cpp", 17, 3), (RULE, "n.cpp", 19, 3),
                                           (RULE, "n.cpp", 21, 3)])

    def test_unmatched_begin_and_end(self):
        self.write("mini.h", MINI_H)
        self.write("u.cpp", textwrap.dedent("""\
            #include "mini.h"
            Task run() {
              // NOLINTBEGIN(coro-blocking-call)
              sleep(1);
              co_return;
            }
            """))
        self.write("v.cpp", "int x;\n// NOLINTEND(coro-blocking-call)\n")
        proc, doc = self.run_json("u.cpp", "v.cpp")
        self.assertExit(proc, 1)
        # As in clang-tidy, an unmatched NOLINTBEGIN suppresses nothing: sleep(1) is reported.
        self.assertEqual(self.where(doc), [("nolint", "u.cpp", 3, 6), (RULE, "u.cpp", 4, 3),
                                           ("nolint", "v.cpp", 2, 4)])
        nolint = [d for d in doc["diagnostics"] if d["rule"] == "nolint"]
        for d in nolint:
            self.assertEqual(d["severity"], "error")
        self.assertIn("unmatched 'NOLINTBEGIN'", nolint[0]["message"])
        self.assertIn("unmatched 'NOLINTEND'", nolint[1]["message"])
        proc = self.run_tool("u.cpp")
        self.assertRegex(proc.stdout, r"(?m)^u\.cpp:3:6: error: unmatched 'NOLINTBEGIN'.*\[nolint\]$")


class TestFormatStyle(CliTestCase):
    """--format-style: the lines --fix changes, and the lines aligned with them, are laid out
    by clang-format in that style; none (the default) writes the fix as it is."""

    COUNTERS = textwrap.dedent("""\
        #include <thread>

        long hits = 0;      // requests served
        int misses = 0;     // lookups that failed
        bool on = true;     // accepting

        int spare = 0;      // not next to the fix: left alone
        void serve() { hits++; }

        int main() {
          std::thread t(serve);
          hits++;
          t.join();
          return on ? misses + spare : 1;
        }
        """)

    def fixed_with(self, *args):
        self.write("a.cpp", self.COUNTERS)
        proc = self.run_tool("--no-cache", "--fix", "--rules=-*,race-shared-global", *args, "a.cpp")
        self.assertExit(proc, 1)
        self.assertIn("applied the fixes of 1 finding(s) to 1 file(s)", proc.stderr)
        return proc, self.read("a.cpp").splitlines()

    def test_none_by_default(self):
        _, lines = self.fixed_with()
        self.assertEqual(lines[3], "std::atomic<long> hits = 0;      // requests served")
        self.assertEqual(lines[4], "int misses = 0;     // lookups that failed")

    def test_named_style_aligns_the_paragraph(self):
        _, lines = self.fixed_with("--format-style=llvm")
        self.assertEqual(lines[3:6], ["std::atomic<long> hits = 0; // requests served",
                                      "int misses = 0;             // lookups that failed",
                                      "bool on = true;             // accepting"])
        self.assertEqual(lines[7], "int spare = 0;      // not next to the fix: left alone")
        self.assertEqual(lines[8], "void serve() { hits++; }")

    def test_file_style_and_inline_style(self):
        self.write(".clang-format", "BasedOnStyle: Google\n")
        _, lines = self.fixed_with("--format-style=file")
        self.assertEqual(lines[3], "std::atomic<long> hits = 0;  // requests served")
        self.assertEqual(lines[4], "int misses = 0;              // lookups that failed")
        os.remove(self.path(".clang-format"))
        _, lines = self.fixed_with("--format-style={BasedOnStyle: llvm, SpacesBeforeTrailingComments: 3}")
        self.assertEqual(lines[3], "std::atomic<long> hits = 0;   // requests served")

    def test_file_style_without_a_clang_format_is_none(self):
        _, lines = self.fixed_with("--format-style=file")
        self.assertEqual(lines[3], "std::atomic<long> hits = 0;      // requests served")

    def test_malformed_clang_format_applies_unformatted(self):
        self.write(".clang-format", "{ BasedOnStyle: llvm, ColumnLimit: 5x }\n")
        proc, lines = self.fixed_with("--format-style=file")
        self.assertEqual(lines[3], "std::atomic<long> hits = 0;      // requests served")
        self.assertIn(".clang-format", proc.stderr)
        self.assertIn("concur-lint: warning: " + self.path("a.cpp") + ": fixes applied unformatted",
                      proc.stderr)

    def test_unknown_style_is_a_usage_error(self):
        self.write("a.cpp", self.COUNTERS)
        proc = self.run_tool("--fix", "--format-style=pretty", "a.cpp")
        self.assertExit(proc, 2)
        self.assertIn("--format-style=pretty: not a style clang-format knows", proc.stderr)
        self.assertEqual(self.read("a.cpp"), self.COUNTERS)


class TestHtmlReport(CliTestCase):
    """--format=html -o DIR: an index sortable by column and a page per finding with the source
    around it and its notes, highlighted, and the fix as a diff; self-contained; checked in a
    real headless browser (Debian's chromium) when one is installed."""

    RACE = textwrap.dedent("""\
        #include <thread>
        long hits = 0;  // requests served
        void serve() { hits++; }
        int main() {
          std::thread t(serve);
          hits++;
          t.join();
        }
        """)
    MANUAL = textwrap.dedent("""\
        #include <mutex>
        std::mutex m;
        int total = 0;
        void add(int v) {
          m.lock();
          total += v;
          m.unlock();
        }
        """)

    def report(self, *files, out="report"):
        proc = self.run_tool("--no-cache", "--format=html", "-o", out, *files)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return proc

    def test_needs_a_folder(self):
        self.write("race.cpp", self.RACE)
        proc = self.run_tool("--format=html", "race.cpp")
        self.assertExit(proc, 2)
        self.assertIn("--format=html writes a folder of pages: name it with -o DIR", proc.stderr)

    def test_index_and_pages(self):
        self.write("race.cpp", self.RACE)
        self.write("manual.cpp", self.MANUAL)
        proc = self.report("race.cpp", "manual.cpp")
        self.assertIn("report written to report/index.html", proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(sorted(os.listdir(self.path("report"))),
                         ["finding-1.html", "finding-2.html", "index.html"])
        index = self.read("report/index.html")
        self.assertIn("2 finding(s): 0 error(s), 1 warning(s), 1 info", index)
        self.assertEqual(index.count('<a href="finding-'), 2)
        self.assertIn('<th data-column="severity">', index)
        manual = self.read("report/finding-1.html")  # report order: manual.cpp first
        self.assertIn("lock-manual", manual)
        self.assertIn('<span class="kw">void</span>', manual)  # highlighted by Clang's lexer
        self.assertIn('<span class="line hit" id="hit"><span class="ln">5</span>', manual)
        self.assertIn("<h2>unlocked here</h2>", manual)
        self.assertIn('<span class="del">-  m.lock();</span>', manual)
        self.assertIn('<span class="add">+  std::lock_guard guard(m);</span>', manual)
        race = self.read("report/finding-2.html")
        self.assertIn("data race on &apos;hits&apos;", race)  # escaped (llvm::printHTMLEscaped)
        self.assertIn('<span class="cm">// requests served</span>', race)
        self.assertIn("this thread started here", race)
        # The two threads' call chains, side by side: each a column with its steps, each step
        # with its source line and a link to the excerpt that shows it.
        chains = re.findall(r'<section class="chain" id="chain-(\d)"><h3>(.*?)</h3>(.*?)</section>',
                            race, re.S)
        self.assertEqual([c[0] for c in chains], ["1", "2"], race)
        titles = [c[1] for c in chains]
        self.assertEqual(titles, ["thread started at race.cpp:5, running &apos;serve&apos;",
                                  "&apos;main&apos; (which started the thread)"])
        steps = [re.findall(r'<li class="step" id="chain-\d-step-\d">(.*?) &middot; (.*?)\n'
                            r'<pre class="code"><span class="line"><span class="ln">(\d+)</span>',
                            c[2]) for c in chains]
        self.assertEqual([(what, line) for what, _, line in steps[0]],
                         [("in &apos;main&apos;", "4"),
                          ("starts a thread running &apos;serve&apos;", "5"),
                          ("writes &apos;hits&apos; without a lock", "3")])
        self.assertEqual([(what, line) for what, _, line in steps[1]],
                         [("in &apos;main&apos;", "4"),
                          ("writes &apos;hits&apos; without a lock", "6")])
        # The access of the first thread is the finding's own excerpt; the other's, a note's.
        self.assertIn('<a class="where" href="#where">race.cpp:3</a>', chains[0][2])
        note = re.search(r'<a class="where" href="#(note-\d+)">race.cpp:6</a>', chains[1][2])
        self.assertTrue(note, chains[1][2])
        self.assertIn('<div class="note" id="%s"><h2>conflicting write' % note.group(1), race)
        # Self-contained: nothing loaded from the network.
        for page in (index, manual, race):
            self.assertNotRegex(page, r"(src|href)=\"https?:|@import|url\(")

    def test_a_smaller_report_removes_stale_pages(self):
        self.write("race.cpp", self.RACE)
        self.write("manual.cpp", self.MANUAL)
        self.report("race.cpp", "manual.cpp")
        self.write("report/notes.txt", "mine\n")
        self.report("race.cpp")
        self.assertEqual(sorted(os.listdir(self.path("report"))),
                         ["finding-1.html", "index.html", "notes.txt"])

    def test_no_findings(self):
        self.write("clean.cpp", "int main() { return 0; }\n")
        self.report("clean.cpp")
        self.assertIn("<p>No findings.</p>", self.read("report/index.html"))

    def test_in_a_browser(self):
        browser = next((shutil.which(b) for b in ("chromium", "chromium-browser")
                        if shutil.which(b)), None)
        if not browser:
            self.skipTest("chromium is not installed")
        self.write("race.cpp", self.RACE)
        self.write("manual.cpp", self.MANUAL)
        self.write("more.cpp", self.MANUAL.replace("add", "add_more").replace("m;", "m2;")
                   .replace("m.", "m2.").replace("total", "grand"))
        self.report("race.cpp", "manual.cpp", "more.cpp")
        common = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--no-first-run",
                  "--user-data-dir=" + self.path("profile"), "--virtual-time-budget=2000"]
        index = "file://" + self.path("report", "index.html")

        def rows(fragment):
            dom = subprocess.run(common + ["--dump-dom", index + fragment], capture_output=True,
                                 text=True, timeout=120).stdout
            return dom, re.findall(r'<a href="(finding-\d+)\.html">', dom)

        dom, by_number = rows("")
        self.assertEqual(by_number, ["finding-1", "finding-2", "finding-3"])
        # The script ran in the browser: sorted by severity, the warning comes first, and the
        # header says how the table is sorted.
        dom, by_severity = rows("#sort=severity")
        self.assertEqual(by_severity[0], "finding-3", dom)  # race.cpp's warning
        self.assertIn('data-column="severity" aria-sort="ascending"', dom)
        dom, by_file = rows("#sort=-file")
        self.assertEqual(by_file, ["finding-3", "finding-2", "finding-1"])  # race, more, manual
        shot = os.environ.get("CONCUR_HTML_SCREENSHOT", self.path("index.png"))
        subprocess.run(common + ["--window-size=1100,420", "--screenshot=" + shot,
                                 index + "#sort=severity"], capture_output=True, timeout=120)
        self.assertGreater(os.path.getsize(shot), 10000)

        # The race's page as laid out by the browser: a copy of it with a script that measures
        # the two chains' columns and writes what it finds into the document.
        page = self.read("report/finding-3.html")
        probe = page.replace("</body>", """<script>
          var cs = document.querySelectorAll('section.chain');
          var out = [];
          cs.forEach(function (c) {
            var r = c.getBoundingClientRect();
            out.push([Math.round(r.left), Math.round(r.top), Math.round(r.width),
                      c.querySelectorAll('li.step').length, c.querySelector('h3').textContent]);
          });
          document.body.setAttribute('data-layout', JSON.stringify(out));
          </script></body>""")
        self.write("report/probe.html", probe)
        dom = subprocess.run(common + ["--window-size=1100,800", "--dump-dom",
                                       "file://" + self.path("report", "probe.html")],
                             capture_output=True, text=True, timeout=120).stdout
        layout = re.search(r'data-layout="([^"]*)"', dom)
        self.assertTrue(layout, dom[:2000])
        columns = json.loads(html.unescape(layout.group(1)))
        self.assertEqual(len(columns), 2, columns)
        (left1, top1, width1, steps1, title1), (left2, top2, width2, steps2, title2) = columns
        self.assertEqual(top1, top2, columns)              # side by side: the same height
        self.assertGreaterEqual(left2, left1 + width1, columns)  # the second right of the first
        self.assertGreater(width1, 300, columns)
        self.assertEqual((steps1, steps2), (3, 2))
        self.assertEqual(title1, "thread started at race.cpp:5, running 'serve'")
        self.assertEqual(title2, "'main' (which started the thread)")
        shot = os.environ.get("CONCUR_HTML_FINDING_SCREENSHOT", self.path("finding.png"))
        subprocess.run(common + ["--window-size=1100,900", "--screenshot=" + shot,
                                 "file://" + self.path("report", "finding-3.html")],
                       capture_output=True, timeout=120)
        self.assertGreater(os.path.getsize(shot), 10000)


class TestFixes(CliTestCase):
    def make_project(self, rel=""):
        self.write(os.path.join(rel, "task.h"), TASK_H)
        self.write(os.path.join(rel, "myco.h"), MYCO_H)
        self.write(os.path.join(rel, ".concur-lint.yaml"), MYCO_CONFIG)
        return self.write(os.path.join(rel, "t.cpp"), MYCO_CPP)

    def assertCompiles(self, path):
        if not shutil.which("clang++-19"):
            self.skipTest("clang++-19 is not installed")
        proc = subprocess.run(["clang++-19", "-std=c++20", "-fsyntax-only", path],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_fix_applies_compiles_and_clears(self):
        t = self.make_project()
        proc = self.run_tool("--fix", "t.cpp")
        self.assertExit(proc, 1)  # the finding was reported (and fixed)
        self.assertIn("applied the fixes of 1 finding(s) to 1 file(s)", proc.stderr)
        fixed = self.read("t.cpp")
        self.assertIn('#include "myco.h"\n', fixed)
        self.assertEqual(fixed.count('#include "myco.h"'), 1)
        self.assertIn("  co_await myco::sleep(std::chrono::milliseconds(5));\n", fixed)
        self.assertNotIn("sleep_for", fixed)
        self.assertCompiles(t)
        proc = self.run_tool("t.cpp")
        self.assertExit(proc, 0)
        self.assertEqual(proc.stdout, "")
        # Nothing left behind beside the file.
        self.assertEqual(sorted(os.listdir(self.tmp)),
                         [".concur-lint.yaml", "myco.h", "t.cpp", "task.h"])

    def test_include_not_duplicated(self):
        self.make_project()
        self.write("t.cpp", MYCO_CPP.replace('"task.h"', '"myco.h"'))
        self.assertExit(self.run_tool("--fix", "t.cpp"), 1)
        fixed = self.read("t.cpp")
        self.assertEqual(fixed.count("#include"), 3, fixed)
        self.assertCompiles(self.path("t.cpp"))

    def test_export_fixes_matches_fix(self):
        self.make_project("one")
        self.make_project("two")
        proc = self.run_tool("--fix", "one/t.cpp")
        self.assertExit(proc, 1)
        os.makedirs(self.path("fixes"))
        proc = self.run_tool("--export-fixes=fixes/t.yaml", "two/t.cpp")
        self.assertExit(proc, 1)
        self.assertEqual(self.read("two/t.cpp"), MYCO_CPP)  # exporting changes nothing
        exported = self.read("fixes/t.yaml")
        self.assertIn("DiagnosticName:  concur-coro-blocking-call", exported)
        self.assertIn("MainSourceFile:", exported)
        if not shutil.which("clang-apply-replacements-19"):
            self.skipTest("clang-apply-replacements-19 is not installed")
        car = subprocess.run(["clang-apply-replacements-19", self.path("fixes")],
                             capture_output=True, text=True)
        self.assertEqual(car.returncode, 0, car.stderr)
        self.assertEqual(self.read("two/t.cpp"), self.read("one/t.cpp"))
        self.assertNotEqual(self.read("two/t.cpp"), MYCO_CPP)

    def test_export_fixes_without_fixes(self):
        self.write("mini.h", MINI_H)
        self.write("a.cpp", BLOCKING_CPP)
        proc = self.run_tool("--export-fixes", "f.yaml", "a.cpp")
        self.assertExit(proc, 1)
        self.assertIn("DiagnosticName:  concur-coro-blocking-call", self.read("f.yaml"))
        self.assertExit(self.run_tool("--fix", "a.cpp"), 1)
        self.assertEqual(self.read("a.cpp"), BLOCKING_CPP)

    def test_read_only_file_untouched(self):
        t = self.make_project()
        os.chmod(t, 0o444)
        before = self.read_bytes("t.cpp")
        proc = self.run_tool("--fix", "t.cpp")
        self.assertExit(proc, 3)
        self.assertEqual(self.read_bytes("t.cpp"), before)
        self.assertEqual(stat.S_IMODE(os.stat(t).st_mode), 0o444)
        self.assertIn(t + ":", proc.stderr)
        self.assertIn("not writable", proc.stderr)
        self.assertIn("t.cpp:6:3: warning:", proc.stdout)  # still reported
        self.assertEqual(sorted(os.listdir(self.tmp)),
                         [".concur-lint.yaml", "myco.h", "t.cpp", "task.h"])

    def test_outside_project_not_written(self):
        # Run from a directory that is not above the file: the project is the current directory.
        t = self.make_project("code")
        os.makedirs(self.path("elsewhere"))
        proc = self.run_tool("--fix", t, cwd=self.path("elsewhere"))
        self.assertExit(proc, 3)
        self.assertEqual(self.read("code/t.cpp"), MYCO_CPP)
        self.assertIn("outside the project", proc.stderr)

    def test_changed_on_disk_untouched(self):
        """t.cpp is edited after it was analysed and before the fixes are written.

        Deterministic: with -j 1 the TUs are analysed in the order given, and the second one
        includes a FIFO, so the tool blocks reading it once t.cpp has been analysed. The test
        edits t.cpp only then, and releases the tool by writing the header into the FIFO.
        """
        t = self.make_project()
        self.write("z.cpp", '#include "gate.h"\n')
        gate = self.path("gate.h")
        os.mkfifo(gate)
        proc = subprocess.Popen([BINARY, "--fix", "-j", "1", "t.cpp", "z.cpp"], cwd=self.tmp,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while True:  # wait, without blocking, until the tool opens the FIFO to read it
                try:
                    fd = os.open(gate, os.O_WRONLY | os.O_NONBLOCK)
                    break
                except OSError as e:
                    if e.errno != errno.ENXIO:
                        raise
                if proc.poll() is not None or time.monotonic() > deadline:
                    self.fail("concur-lint never read gate.h:\n" + proc.stderr.read())
                time.sleep(0.02)
            with open(t, "a", encoding="utf-8") as f:
                f.write("// edited while concur-lint was running\n")
            os.write(fd, b"int gate;\n")
            os.close(fd)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertEqual(proc.returncode, 3, err)
        self.assertEqual(self.read("t.cpp"),
                         MYCO_CPP + "// edited while concur-lint was running\n")
        self.assertIn(t + ": changed on disk since it was analysed", err)
        self.assertIn("t.cpp:6:3: warning:", out)
        self.assertIn("applied the fixes of 0 finding(s) to 0 file(s)", err)


if __name__ == "__main__":
    unittest.main()


class TestHeaders(CliTestCase):
    """Headers given as files (pre-commit passes them): through a TU that includes them when
    a compile database lists one, else parsed on their own as C or C++."""

    # A coroutine in a header: found whichever way the header is analysed.
    CORO_H = "#pragma once\n#include \"mini.h\"\ninline Task later() {\n  sleep(1);\n  co_return;\n}\n"

    def test_header_through_the_tu_that_includes_it(self):
        self.write("mini.h", MINI_H)
        self.write("later.h", self.CORO_H)
        self.write("other.cpp", '#include "mini.h"\nint other() { return 0; }\n')
        self.write("later.cpp", '#include "later.h"\nint main() { later(); }\n')
        self.compile_db(".", [("other.cpp", ""), ("later.cpp", "-DFROM_DB")])
        proc, doc = self.run_json("later.h")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "later.h", 4, 3)])
        self.assertIn("1 file(s) analysed", proc.stderr)
        # The TU and its header given together are one TU, analysed once.
        proc, doc = self.run_json("later.h", "later.cpp")
        self.assertIn("1 file(s) analysed", proc.stderr)
        self.assertEqual(self.where(doc), [(RULE, "later.h", 4, 3)])

    def test_header_in_the_database_tu_flags(self):
        # The including TU's flags apply: the coroutine only exists with -DFROM_DB.
        self.write("mini.h", MINI_H)
        self.write("gated.h", "#pragma once\n#include \"mini.h\"\n#ifdef FROM_DB\n"
                   "inline Task later() {\n  sleep(1);\n  co_return;\n}\n#endif\n")
        self.write("use.cpp", '#include "gated.h"\nint main() {}\n')
        self.compile_db(".", [("use.cpp", "-DFROM_DB")])
        proc, doc = self.run_json("gated.h")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "gated.h", 5, 3)])

    def test_cpp_header_alone_without_a_database(self):
        self.write("mini.h", MINI_H)
        self.write("inc/later.hpp", self.CORO_H.replace('"mini.h"', '"../mini.h"') +
                   "namespace n { template <class T> T id(T t) { return t; } }\n")
        proc, doc = self.run_json("inc/later.hpp")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "inc/later.hpp", 4, 3)])

    def test_cpp_header_under_compile_flags_txt(self):
        # compile_flags.txt names no language: its -std=c++20 makes the header C++.
        self.write("mini.h", MINI_H)
        self.write("compile_flags.txt", "-std=c++20\n-pthread\n")
        self.write("later.h", self.CORO_H + "namespace n {}\n")
        proc, doc = self.run_json("later.h")
        self.assertExit(proc, 1)
        self.assertEqual(self.where(doc), [(RULE, "later.h", 4, 3)])

    def test_c_header_in_a_c_folder_is_parsed_as_c(self):
        # `new` is a keyword in C++: this header only parses as C.
        self.write("c/util.c", '#include "util.h"\nint main(void) { return twice(1); }\n')
        self.write("c/util.h", "static inline int twice(int new) { return 2 * new; }\n")
        proc, doc = self.run_json("c/util.h")
        self.assertExit(proc, 0)
        self.assertEqual(doc["errors"], [])
        # Beside C++ sources, a .h is C++: the same header does not parse.
        self.write("cpp/util.cpp", '#include "util.h"\nint main() { return twice(1); }\n')
        self.write("cpp/util.h", "static inline int twice(int new) { return 2 * new; }\n")
        proc, doc = self.run_json("cpp/util.h")
        self.assertExit(proc, 3)


class TestExamples(CliTestCase):
    """`make demo` runs concur-lint over examples/: exactly the findings examples/README.md
    promises, and nothing else (no crash, no analysis error)."""

    EXPECTED = [
        ("coro-blocking-call", "coroutines/fetch.cpp", 14),
        ("coro-blocking-call", "coroutines/fetch.cpp", 20),
        ("coro-blocking-call", "coroutines/fetch.cpp", 27),
        ("lock-manual", "handles/main.cpp", 15),
        ("loop-parallelizable", "loops/reports.cpp", 29),
        ("loop-parallelizable", "loops/reports.cpp", 33),
        ("coro-sequential-await", "runtime/asyncio_lessons.cpp", 75),
        ("coro-sequential-await", "runtime/asyncio_lessons.cpp", 122),
        ("race-shared-global", "threads/stats.cpp", 14),
        ("thread-not-joined", "handles/main.cpp", 31),
    ]

    def test_demo_findings(self):
        examples = os.path.join(REPO, "examples")
        proc, doc = self.run_json(examples, cwd=examples)
        self.assertExit(proc, 1)
        self.assertEqual(doc.get("errors", []), [])
        got = sorted((d["rule"], os.path.relpath(d["file"], examples), d["line"])
                     for d in doc["diagnostics"])
        self.assertEqual(got, sorted(self.EXPECTED))
