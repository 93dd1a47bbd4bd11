"""libConcurTidyModule.so in the real clang-tidy-19: checks, notes, --fix (the result compiles),
--export-fixes, NOLINT, options from the rule catalog, and run-clang-tidy-19 over a compile
database.

    CONCUR_TIDY_MODULE=build/lib/libConcurTidyModule.so python3 -m unittest -v test_tidy
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULE = os.environ.get("CONCUR_TIDY_MODULE") or os.path.join(
    REPO, "build", "lib", "libConcurTidyModule.so")
WRAPPER = os.environ.get("CONCUR_TIDY_WRAPPER") or os.path.join(
    REPO, "build", "bin", "clang-tidy-concur")
TIDY = shutil.which("clang-tidy-19") or "/usr/lib/llvm-19/bin/clang-tidy"
RUN_TIDY = shutil.which("run-clang-tidy-19")
APPLY = shutil.which("clang-apply-replacements-19")
CXX = shutil.which("clang++-19") or "/usr/lib/llvm-19/bin/clang++"
FLAGS = ["--", "-std=c++20", "-pthread"]

# Every rule of the catalog is a check (nolint is the suppression machinery, not a check).
with open(os.path.join(REPO, "engine", "catalogs", "rules.yaml"), encoding="utf-8") as _catalog:
    RULES = sorted(r for r in re.findall(r"^  - id: ([\w-]+)$", _catalog.read(), re.M)
                   if r != "nolint")

# A race between a pthread and main on `total` (fixable: std::atomic<long>).
RACE = textwrap.dedent("""\
    #include <pthread.h>
    long total = 0;
    static void *add(void *) {
      total += 1;
      return nullptr;
    }
    int main() {
      pthread_t t;
      pthread_create(&t, nullptr, add, nullptr);
      total += 2;
      pthread_join(t, nullptr);
      return static_cast<int>(total);
    }
    """)

CORO = textwrap.dedent("""\
    #include <coroutine>
    #include <mutex>
    #include <thread>
    #include <unistd.h>
    struct Task {
      struct promise_type {
        Task get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() {}
      };
    };
    std::mutex m;
    void nap() { sleep(1); }
    Task direct() {
      sleep(1);
      co_return;
    }
    Task indirect() {
      nap();
      co_return;
    }
    Task locked() {
      std::lock_guard<std::mutex> g(m);
      co_await std::suspend_always{};
    }
    void manual(bool early) {
      m.lock();
      if (early)
        return;
      m.unlock();
    }
    void leak() {
      std::thread t([] {});
    }
    """)

FORK = textwrap.dedent("""\
    #include <sys/wait.h>
    #include <unistd.h>
    int done = 0;
    int main() {
      if (fork() == 0) {
        done = 1;
        _exit(0);
      }
      wait(nullptr);
      return done;
    }
    """)


def tidy(args, cwd):
    return subprocess.run([TIDY, "--load=" + MODULE] + args, cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def warnings(output):
    """(line, check) of each warning clang-tidy printed."""
    return sorted((int(m.group(1)), m.group(2)) for m in
                  re.finditer(r"^[^\n]*?:(\d+):\d+: warning: .*? \[([\w-]+)\]$", output, re.M))


class TidyModuleTest(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.path.exists(MODULE), MODULE + " is not built")
        self.dir = tempfile.mkdtemp(prefix="concur-tidy-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_lists_a_check_per_rule_with_options(self):
        r = tidy(["-checks=-*,concur-*", "--list-checks", "x.cpp"] + FLAGS, self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        listed = re.findall(r"^\s+(concur-[\w-]+)$", r.stdout, re.M)
        self.assertEqual(sorted(listed), ["concur-" + rule for rule in RULES])
        r = tidy(["-checks=-*,concur-*", "--dump-config", "x.cpp"] + FLAGS, self.dir)
        self.assertIn("concur-coro-blocking-call.max-depth: '8'", r.stdout)
        self.assertIn("concur-coro-blocking-call.follow-calls: 'true'", r.stdout)
        self.assertIn("concur-coro-blocking-call.report-locks: 'false'", r.stdout)

    def test_findings_with_notes(self):
        path = self.write("coro.cpp", CORO)
        r = tidy(["-checks=-*,concur-*", path] + FLAGS, self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(warnings(r.stdout), [
            (17, "concur-coro-blocking-call"),
            (21, "concur-coro-blocking-call"),
            # line 25, constructing the guard: taking a mutex is not reported (report-locks);
            # holding it across the co_await is coro-lock-across-suspend's finding.
            (26, "concur-coro-lock-across-suspend"),
            (29, "concur-lock-manual"),
            (35, "concur-thread-not-joined"),
        ], r.stdout)
        # The indirect call names the function that blocks, as a note.
        self.assertRegex(r.stdout, r"coro.cpp:15:\d+: note: ")
        race = self.write("race.cpp", RACE)
        r = tidy(["-checks=-*,concur-race-shared-global", race] + FLAGS, self.dir)
        self.assertEqual(warnings(r.stdout), [(4, "concur-race-shared-global")], r.stdout)
        self.assertRegex(r.stdout, r"race.cpp:10:\d+: note: ")
        fork = self.write("fork.cpp", FORK)
        r = tidy(["-checks=-*,concur-process-lost-write", fork] + FLAGS, self.dir)
        self.assertEqual(warnings(r.stdout), [(6, "concur-process-lost-write")], r.stdout)

    def test_options_from_the_catalog(self):
        path = self.write("coro.cpp", CORO)
        r = tidy(["-checks=-*,concur-coro-blocking-call",
                  "-config={CheckOptions: {concur-coro-blocking-call.follow-calls: false, "
                  "concur-coro-blocking-call.report-locks: true}}",
                  path] + FLAGS, self.dir)
        # The call through nap() (line 21) is not followed; the direct ones stay, and with
        # report-locks the guard's constructor (line 25) is one.
        self.assertEqual(warnings(r.stdout), [(17, "concur-coro-blocking-call"),
                                              (25, "concur-coro-blocking-call")], r.stdout)
        # A chain of two calls (deep -> nap -> sleep) is followed with max-depth 2, not 1.
        deep = self.write("deep.cpp", CORO.replace("void nap() { sleep(1); }",
                                                   "void nap() { sleep(1); } void deep() { nap(); }")
                          .replace("Task indirect() {\n  nap();", "Task indirect() {\n  deep();"))
        for depth, expected in (("2", [(17, "concur-coro-blocking-call"),
                                       (21, "concur-coro-blocking-call")]),
                                ("1", [(17, "concur-coro-blocking-call")])):
            r = tidy(["-checks=-*,concur-coro-blocking-call",
                      "-config={CheckOptions: {concur-coro-blocking-call.max-depth: %s}}" % depth,
                      deep] + FLAGS, self.dir)
            self.assertEqual([w for w in warnings(r.stdout) if w[0] != 25], expected, r.stdout)

    def test_fix_compiles_and_leaves_nothing(self):
        path = self.write("race.cpp", RACE)
        r = tidy(["-checks=-*,concur-race-shared-global", "--fix", path] + FLAGS, self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path) as f:
            fixed = f.read()
        self.assertIn("std::atomic<long> total", fixed)
        self.assertIn("#include <atomic>", fixed)
        built = subprocess.run([CXX, "-std=c++20", "-pthread", "-fsyntax-only", path],
                               capture_output=True, text=True, timeout=120)
        self.assertEqual(built.returncode, 0, built.stderr + fixed)
        again = tidy(["-checks=-*,concur-*", path] + FLAGS, self.dir)
        self.assertEqual(warnings(again.stdout), [], again.stdout)

    def test_export_fixes(self):
        path = self.write("race.cpp", RACE)
        yaml = os.path.join(self.dir, "fixes.yaml")
        r = tidy(["-checks=-*,concur-*", "--export-fixes=" + yaml, path] + FLAGS, self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(yaml) as f:
            exported = f.read()
        self.assertIn("DiagnosticName:  concur-race-shared-global", exported)
        self.assertIn("ReplacementText: 'std::atomic<long>'", exported)
        with open(path) as f:
            self.assertEqual(f.read(), RACE)  # exported, not applied

    def test_nolint(self):
        lines = RACE.splitlines(True)
        lines[3] = lines[3].rstrip("\n") + "  // NOLINT(concur-race-shared-global)\n"
        path = self.write("race.cpp", "".join(lines))
        r = tidy(["-checks=-*,concur-*", path] + FLAGS, self.dir)
        self.assertEqual(warnings(r.stdout), [], r.stdout)
        lines = RACE.splitlines(True)
        lines.insert(3, "  // NOLINTNEXTLINE(concur-*)\n")
        path = self.write("race2.cpp", "".join(lines))
        r = tidy(["-checks=-*,concur-*", path] + FLAGS, self.dir)
        self.assertEqual(warnings(r.stdout), [], r.stdout)
        # Another check's name suppresses nothing.
        lines = RACE.splitlines(True)
        lines[3] = lines[3].rstrip("\n") + "  // NOLINT(concur-lock-manual)\n"
        path = self.write("race3.cpp", "".join(lines))
        r = tidy(["-checks=-*,concur-*", path] + FLAGS, self.dir)
        self.assertEqual(warnings(r.stdout), [(4, "concur-race-shared-global")], r.stdout)

    def test_the_wrapper_for_editors(self):
        path = self.write("race.cpp", RACE)
        r = subprocess.run([WRAPPER, "-checks=-*,concur-*", path] + FLAGS, cwd=self.dir,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(warnings(r.stdout), [(4, "concur-race-shared-global")], r.stdout)

    def test_run_clang_tidy_over_a_compile_database(self):
        self.assertTrue(RUN_TIDY and APPLY, "run-clang-tidy-19 or clang-apply-replacements-19 "
                        "missing (package clang-tidy-19 / clang-tools-19)")
        race = self.write("race.cpp", RACE)
        fork = self.write("fork.cpp", FORK)
        db = [{"directory": self.dir, "file": f,
               "arguments": [CXX, "-std=c++20", "-pthread", "-c", f]} for f in (race, fork)]
        self.write("compile_commands.json", json.dumps(db))
        r = subprocess.run([RUN_TIDY, "-clang-tidy-binary", TIDY, "-load", MODULE,
                            "-clang-apply-replacements-binary", APPLY, "-checks=-*,concur-*",
                            "-p", self.dir, "-j", "2", "-fix", "-quiet"],
                           cwd=self.dir, capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("[concur-race-shared-global]", r.stdout)
        self.assertIn("[concur-process-lost-write]", r.stdout)
        with open(race) as f:
            self.assertIn("std::atomic<long> total", f.read())


if __name__ == "__main__":
    unittest.main()
