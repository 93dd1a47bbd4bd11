"""End-to-end tests of the facts cache, sharding (`--shard`, `link`) and crash containment.

Same harness as test_cli.py (the real binary on small projects in a temporary directory).
Run one class with `python3 -m unittest -v test_scale.TestFactsCache` from this directory.
"""

import glob
import json
import os
import shutil
import subprocess
import unittest

import test_cli as base

# Two TUs, each with its own header, and a third including both: a change to one header must
# invalidate exactly the TUs that include it.
ONE_H = base.MINI_H + "inline void one() {}\n"
TWO_H = "#pragma once\ninline int two() { return 2; }\n"
A_CPP = '#include "one.h"\nTask a() {\n  sleep(1);\n  co_return;\n}\n'
B_CPP = '#include "two.h"\nint b() { return two(); }\n'
C_CPP = '#include "one.h"\n#include "two.h"\nTask c() {\n  usleep(two());\n  co_return;\n}\n'


class ScaleTestCase(base.CliTestCase):
    def project(self):
        self.write("one.h", ONE_H)
        self.write("two.h", TWO_H)
        self.write("a.cpp", A_CPP)
        self.write("b.cpp", B_CPP)
        self.write("c.cpp", C_CPP)
        self.compile_db(".", [("a.cpp", ""), ("b.cpp", ""), ("c.cpp", "")])
        self.cache = self.path("cache")

    def run_cached(self, *args):
        proc, doc = self.run_json("--verbose", f"--cache-dir={self.cache}", *args, ".")
        return proc, doc

    def misses(self, proc):
        """The files that missed the cache, by name, from the --verbose notes."""
        out = set()
        for line in proc.stderr.splitlines():
            if ": facts cache miss: " in line:
                f = line.split("note: ", 1)[1].split(": facts cache miss: ")[0]
                out.add(os.path.basename(f))
        return out

    def stats(self, proc):
        for line in proc.stderr.splitlines():
            if "note: facts cache " in line and "hit(s)" in line:
                return line.split(": ", 2)[2]
        self.fail(f"no cache statistics in:\n{proc.stderr}")

    def run_link_json(self, *args, cwd=None):
        """`concur-lint link --format=json ARGS`: the subcommand comes first."""
        proc = self.run_tool("link", "--format=json", *args, cwd=cwd)
        try:
            return proc, json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            self.fail(f"stdout is not JSON ({e}):\n{proc.stdout}\nstderr:\n{proc.stderr}")

    def entries(self):
        return sorted(glob.glob(os.path.join(self.cache, "*", "*.facts")))


class TestFactsCache(ScaleTestCase):
    def test_warm_run_hits_and_reports_the_same(self):
        self.project()
        cold, cold_doc = self.run_cached()
        self.assertExit(cold, 1)
        self.assertEqual(self.misses(cold), {"a.cpp", "b.cpp", "c.cpp"})
        self.assertEqual(len(self.entries()), 3)
        warm, warm_doc = self.run_cached()
        self.assertExit(warm, 1)
        self.assertEqual(self.misses(warm), set())
        self.assertIn("3 hit(s), 0 miss(es)", self.stats(warm))
        self.assertEqual(warm_doc, cold_doc)
        self.assertEqual(len(self.where(warm_doc)), 2)

    def test_header_change_invalidates_exactly_its_includers(self):
        self.project()
        self.run_cached()
        self.write("two.h", TWO_H + "inline int three() { return 3; }\n")
        proc, _ = self.run_cached()
        self.assertEqual(self.misses(proc), {"b.cpp", "c.cpp"})
        self.assertIn("1 hit(s), 2 miss(es)", self.stats(proc))
        self.assertIn("two.h changed", proc.stderr)
        # The new facts were stored: the next run hits everywhere.
        proc, _ = self.run_cached()
        self.assertEqual(self.misses(proc), set())

    def test_a_changed_header_changes_the_findings(self):
        self.project()
        _, before = self.run_cached()
        self.assertEqual(sorted(f for _, f, _, _ in self.where(before)), ["a.cpp", "c.cpp"])
        # two.h now defines a coroutine that blocks: a finding in two.h.
        self.write("two.h", '#pragma once\n#include "one.h"\ninline int two() { return 2; }\n'
                   "inline Task nap() {\n  sleep(2);\n  co_return;\n}\n")
        _, after = self.run_cached()
        _, uncached = self.run_json("--no-cache", ".")
        self.assertEqual(after, uncached)
        self.assertEqual(sorted(f for _, f, _, _ in self.where(after)),
                         ["a.cpp", "c.cpp", "two.h"])

    def test_compile_command_change_invalidates(self):
        self.project()
        self.run_cached()
        self.compile_db(".", [("a.cpp", "-DX=1"), ("b.cpp", ""), ("c.cpp", "")])
        proc, _ = self.run_cached()
        self.assertEqual(self.misses(proc), {"a.cpp"})

    def test_corrupt_entries_are_detected_and_rebuilt(self):
        self.project()
        _, cold_doc = self.run_cached()
        entries = self.entries()
        with open(entries[0], "r+b") as f:  # truncated
            f.truncate(os.path.getsize(entries[0]) // 2)
        with open(entries[1], "r+b") as f:  # one byte flipped in the payload
            data = bytearray(f.read())
            data[-10] ^= 0x01
            f.seek(0)
            f.write(data)
        with open(entries[2], "wb") as f:  # not an entry at all
            f.write(b"\x00garbage")
        proc, doc = self.run_cached()
        self.assertExit(proc, 1)
        self.assertEqual(doc, cold_doc)
        self.assertIn("3 corrupt entr(ies) rebuilt", self.stats(proc))
        self.assertEqual(proc.stderr.count("corrupt cache entry"), 3)
        # Without --verbose a corrupt entry is silent.
        with open(self.entries()[0], "r+b") as f:
            f.truncate(10)
        quiet = self.run_tool("--quiet", f"--cache-dir={self.cache}", ".")
        self.assertEqual(quiet.stderr, "")
        proc, _ = self.run_cached()
        self.assertIn("3 hit(s), 0 miss(es)", self.stats(proc))

    def test_no_cache_writes_nothing(self):
        self.project()
        proc = self.run_tool("--no-cache", f"--cache-dir={self.cache}", ".")
        self.assertExit(proc, 1)
        self.assertFalse(os.path.exists(self.cache))
        # Nor in the default location.
        env = dict(os.environ, XDG_CACHE_HOME=self.path("xdg"))
        proc = subprocess.run([base.BINARY, "--no-cache", "."], cwd=self.tmp, env=env,
                              capture_output=True, text=True, timeout=120)
        self.assertExit(proc, 1)
        self.assertFalse(os.path.exists(self.path("xdg")))

    def test_default_location_is_xdg_cache_home(self):
        self.project()
        env = dict(os.environ, XDG_CACHE_HOME=self.path("xdg"))
        proc = subprocess.run([base.BINARY, "."], cwd=self.tmp, env=env, capture_output=True,
                              text=True, timeout=120)
        self.assertExit(proc, 1)
        self.assertEqual(len(glob.glob(self.path("xdg", "concur-lint", "*", "*.facts"))), 3)

    def test_two_concurrent_runs_share_the_cache(self):
        self.project()
        for i in range(6):
            self.write(f"more{i}.cpp", C_CPP.replace("Task c()", f"Task c{i}()"))
        self.compile_db(".", [("a.cpp", ""), ("b.cpp", ""), ("c.cpp", "")] +
                        [(f"more{i}.cpp", "") for i in range(6)])
        args = [base.BINARY, "--format=json", "-j2", f"--cache-dir={self.cache}", "."]
        runs = [subprocess.Popen(args, cwd=self.tmp, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [r.communicate(timeout=120) for r in runs]
        for r, (out, err) in zip(runs, outs):
            self.assertEqual(r.returncode, 1, err)
        self.assertEqual(json.loads(outs[0][0]), json.loads(outs[1][0]))
        self.assertEqual(len(self.entries()), 9)
        self.assertEqual(glob.glob(os.path.join(self.cache, "*", "*.tmp-*")), [])
        proc, doc = self.run_cached()
        self.assertIn("9 hit(s), 0 miss(es), 0 stored, 0 corrupt", self.stats(proc))
        self.assertEqual(doc, json.loads(outs[0][0]))

    def test_size_limit_removes_least_recently_used(self):
        self.project()
        self.run_cached("--cache-max-size=0")
        self.assertEqual(len(self.entries()), 3)
        # Every entry is far below 1 MiB: a limit of 1 keeps them all...
        self.run_cached("--cache-max-size=1")
        self.assertEqual(len(self.entries()), 3)
        # ...and an entry is only removed when the total exceeds the limit (checked in
        # FactsCache::prune's unit of MiB): fill the cache with a large stale entry.
        stale = os.path.join(self.cache, "ff", "stale.facts")
        os.makedirs(os.path.dirname(stale), exist_ok=True)
        with open(stale, "wb") as f:
            f.write(b"x" * (2 << 20))
        os.utime(stale, (0, 0))
        self.run_cached("--cache-max-size=1")
        self.assertFalse(os.path.exists(stale))
        self.assertEqual(len(self.entries()), 3)


class TestRunCache(ScaleTestCase):
    """A run whose TUs all hit the facts cache reuses the findings an identical run stored."""

    REUSED = "the run's findings reused"

    def runs(self):
        return sorted(glob.glob(os.path.join(self.cache, "*", "*.run")))

    def test_unchanged_project_reuses_the_findings(self):
        self.project()
        cold, cold_doc = self.run_cached()
        self.assertNotIn(self.REUSED, cold.stderr)
        self.assertEqual(len(self.runs()), 1)
        warm, warm_doc = self.run_cached()
        self.assertExit(warm, 1)
        self.assertIn(self.REUSED, self.stats(warm))
        self.assertEqual(warm_doc, cold_doc)
        # Every format renders the reused findings as it renders computed ones.
        for fmt in ("text", "sarif"):
            reused = self.run_tool(f"--format={fmt}", f"--cache-dir={self.cache}", ".")
            fresh = self.run_tool(f"--format={fmt}", "--no-cache", ".")
            self.assertEqual(reused.stdout, fresh.stdout, fmt)
            self.assertEqual(reused.returncode, fresh.returncode)

    def test_a_changed_source_runs_the_rules_again(self):
        self.project()
        self.run_cached()
        self.write("b.cpp", B_CPP + "Task d() {\n  sleep(3);\n  co_return;\n}\n"
                   .replace("Task", '#include "one.h"\nTask', 1))
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertIn(("coro-blocking-call", "b.cpp", 5, 3), self.where(doc))
        _, again = self.run_cached()
        self.assertEqual(again, doc)
        self.assertEqual(len(self.runs()), 2)  # one entry per distinct run

    def test_configuration_files_are_checked(self):
        self.project()
        _, before = self.run_cached()
        # A configuration file appears where the run looked for one: not reused.
        self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call: {enabled: false}\n")
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertIn(".concur-lint.yaml appeared", proc.stderr)
        self.assertEqual(self.where(doc), [])
        # It changes: not reused either.
        self.write(".concur-lint.yaml", "rules:\n  coro-blocking-call: {severity: error}\n")
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertIn(".concur-lint.yaml changed", proc.stderr)
        self.assertEqual([d["severity"] for d in doc["diagnostics"]], ["error", "error"])
        # Removed: the first run's findings again. Each run stored its findings under the same
        # key (the configuration is checked, not keyed), the last one with the file present.
        os.remove(self.path(".concur-lint.yaml"))
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertEqual(doc, before)
        proc, doc = self.run_cached()
        self.assertIn(self.REUSED, self.stats(proc))
        self.assertEqual(doc, before)

    def test_options_that_configure_rules_are_in_the_key(self):
        self.project()
        _, all_rules = self.run_cached()
        proc, doc = self.run_cached("--rules=-coro-blocking-call")
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertEqual(self.where(doc), [])
        proc, doc = self.run_cached()
        self.assertIn(self.REUSED, self.stats(proc))
        self.assertEqual(doc, all_rules)
        # Analysing part of the project is another run.
        proc, doc = self.run_json("--verbose", f"--cache-dir={self.cache}", "a.cpp")
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertEqual(self.where(doc), [("coro-blocking-call", "a.cpp", 3, 3)])

    def test_a_damaged_run_entry_is_rebuilt(self):
        self.project()
        _, cold_doc = self.run_cached()
        [entry] = self.runs()
        with open(entry, "r+b") as f:
            data = bytearray(f.read())
            data[-3] ^= 0x01
            f.seek(0)
            f.write(data)
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, self.stats(proc))
        self.assertIn("corrupt cache entry", proc.stderr)
        self.assertEqual(doc, cold_doc)
        proc, doc = self.run_cached()
        self.assertIn(self.REUSED, self.stats(proc))
        self.assertEqual(doc, cold_doc)

    def test_fixes_of_reused_findings_apply(self):
        self.project()
        self.write("t.cpp", "#include <thread>\nvoid work() {}\nint main() {\n"
                   "  std::thread t(work);\n  return 0;\n}\n")
        self.compile_db(".", [("a.cpp", ""), ("b.cpp", ""), ("c.cpp", ""), ("t.cpp", "")])
        self.run_cached()
        proc = self.run_tool("--fix", "--verbose", f"--cache-dir={self.cache}", ".")
        self.assertIn(self.REUSED, proc.stderr)
        self.assertIn("applied the fixes of 1 finding(s) to 1 file(s)", proc.stderr)
        self.assertIn("std::jthread t(work);", self.read("t.cpp"))
        # The fixed file changed: the next run analyses it again and finds nothing to fix.
        proc, doc = self.run_cached()
        self.assertNotIn(self.REUSED, proc.stderr)
        self.assertEqual(self.misses(proc), {"t.cpp"})
        self.assertNotIn("t.cpp", [f for _, f, _, _ in self.where(doc)])

    def test_exported_fixes_of_reused_findings(self):
        self.project()
        self.write("t.cpp", "#include <thread>\nvoid work() {}\nint main() {\n"
                   "  std::thread t(work);\n  return 0;\n}\n")
        self.compile_db(".", [("t.cpp", "")])
        self.run_tool("--no-cache", "--export-fixes=fresh.yaml", ".")
        self.run_cached()
        proc = self.run_tool("--verbose", "--export-fixes=fixes.yaml", f"--cache-dir={self.cache}",
                             ".")
        self.assertExit(proc, 1)
        self.assertIn(self.REUSED, proc.stderr)
        self.assertIn("std::jthread", self.read("fixes.yaml"))
        self.assertEqual(self.read("fixes.yaml"), self.read("fresh.yaml"))


class TestSharding(ScaleTestCase):
    def shard_and_link(self, inputs, n, cwd, extra=()):
        files = []
        for i in range(1, n + 1):
            out = os.path.join(self.tmp, f"shard{i}.json")
            proc = self.run_tool("--no-cache", f"--shard={i}/{n}", f"--facts-out={out}",
                                 *inputs, *extra, cwd=cwd)
            self.assertIn(proc.returncode, (0, 3), proc.stderr)
            self.assertEqual(proc.stdout, "")
            files.append(out)
        return self.run_link_json(*files, cwd=cwd)

    def assertSameAsSingleRun(self, inputs, n, cwd, extra=()):
        single, single_doc = self.run_json("--no-cache", *inputs, *extra, cwd=cwd)
        linked, linked_doc = self.shard_and_link(inputs, n, cwd, extra)
        self.assertEqual(linked.returncode, single.returncode, linked.stderr)
        self.assertEqual(linked_doc, single_doc)
        self.assertTrue(single_doc["diagnostics"])
        return linked_doc

    def test_examples_linked_equal_a_single_run(self):
        examples = os.path.join(base.REPO, "examples")
        for n in (1, 3):
            self.assertSameAsSingleRun([examples], n, examples)

    def test_cross_tu_race_found_only_by_linking(self):
        case = os.path.join(base.REPO, "tests", "rules", "race-shared-global",
                            "c_multi_tu_extern_counter")
        for name in ("counter.h", "main.c", "worker.c"):
            shutil.copy(os.path.join(case, name), self.path(name))
        extra = ["--", "-std=c11"]
        doc = self.assertSameAsSingleRun(["main.c", "worker.c"], 2, self.tmp, extra)
        self.assertEqual([(r, f, l) for r, f, l, _ in self.where(doc)],
                         [("race-shared-global", "worker.c", 8)])
        # Each shard holds one of the two TUs: neither sees the race alone.
        for i in (1, 2):
            doc = self.run_link_json(self.path(f"shard{i}.json"))[1]
            self.assertEqual(doc["diagnostics"], [])

    def test_link_keeps_output_options(self):
        self.project()
        out = self.path("s.json")
        self.assertExit(self.run_tool("--shard=1/1", f"--facts-out={out}", "."), 0)
        text = self.run_tool("link", out)
        self.assertExit(text, 1)
        self.assertIn("a.cpp:3:3: warning:", text.stdout)
        fixes = self.path("fixes.yaml")
        self.assertExit(self.run_tool("link", f"--export-fixes={fixes}", "--fail-on=never", out),
                        0)
        self.assertIn("MainSourceFile", self.read("fixes.yaml"))

    def test_analysis_errors_travel_in_the_shard(self):
        self.project()
        self.write("broken.cpp", "int x = ;\n")
        self.compile_db(".", [("a.cpp", ""), ("broken.cpp", "")])
        single, single_doc = self.run_json("--no-cache", ".")
        self.assertExit(single, 3)
        linked, linked_doc = self.shard_and_link(["."], 2, self.tmp)
        self.assertExit(linked, 3)
        self.assertEqual(linked_doc, single_doc)
        self.assertIn("broken.cpp", linked.stderr)

    def test_malformed_and_foreign_shard_files(self):
        self.project()
        good = self.path("good.json")
        self.assertExit(self.run_tool("--shard=1/1", f"--facts-out={good}", "."), 0)
        # A shard file is a line of JSON, then the facts in the cache's binary encoding.
        with open(good, "rb") as f:
            header_line, facts = f.read().split(b"\n", 1)
        doc = json.loads(header_line)
        self.assertEqual(doc["kind"], "concur-lint facts shard")
        self.assertEqual(sum(u["size"] for u in doc["units"]), len(facts))

        def shard(header, payload=facts):
            return json.dumps(header).encode() + b"\n" + payload

        cases = {
            "empty.json": (b"", "not a concur-lint shard file"),
            "other.json": (b'{"kind": "something else"}', "not a concur-lint shard file"),
            "future.json": (shard(dict(doc, format=999)), "facts format 999"),
            "truncated.json": (shard(doc, facts[:-5]), "truncated or damaged"),
            "broken.json": (shard(dict(doc, units=[{"index": 0, "size": 1 << 30}])),
                            "malformed shard file"),
        }
        for name, (content, message) in cases.items():
            bad = self.path(name)
            with open(bad, "wb") as f:
                f.write(content)
            proc = self.run_tool("link", good, bad)
            self.assertExit(proc, 2)
            self.assertIn(f"{bad}: error: ", proc.stderr)
            self.assertIn(message, proc.stderr)
        proc = self.run_tool("link", self.path("missing.json"))
        self.assertExit(proc, 2)
        self.assertIn("missing.json: error: cannot read", proc.stderr)

    def test_usage_errors(self):
        self.project()
        for args, message in [
            (["--shard=0/2", "--facts-out=x", "."], "1 <= i <= n"),
            (["--shard=3/2", "--facts-out=x", "."], "1 <= i <= n"),
            (["--shard=1/2", "."], "--shard needs --facts-out"),
            (["--facts-out=x", "."], "--facts-out needs --shard"),
            (["link"], "no shard files"),
            (["link", "--shard=1/2", "x.json"], "apply to the runs"),
        ]:
            proc = self.run_tool(*args)
            self.assertExit(proc, 2)
            self.assertIn(message, proc.stderr)


class TestCrashContainment(ScaleTestCase):
    def test_a_crash_is_contained_to_its_file(self):
        self.project()
        for jobs in ("-j1", "-j2"):
            proc, doc = self.run_json("--no-cache", jobs, "--debug-crash-on=b.cpp", ".")
            self.assertExit(proc, 3)
            self.assertEqual([e["file"] for e in doc["errors"]], [self.path("b.cpp")])
            self.assertIn("crashed", doc["errors"][0]["message"])
            self.assertIn("signal 11", doc["errors"][0]["message"])
            # The other files are analysed: both coroutine findings are there.
            self.assertEqual(sorted(f for _, f, _, _ in self.where(doc)), ["a.cpp", "c.cpp"])
            self.assertIn("b.cpp: analysis crashed", proc.stderr)
        text = self.run_tool("--no-cache", "-j2", "--debug-crash-on=.cpp", ".")
        self.assertExit(text, 3)
        self.assertEqual(text.stderr.count("analysis crashed"), 3)

    def test_crashed_files_are_not_cached(self):
        self.project()
        proc, _ = self.run_cached("--debug-crash-on=a.cpp")
        self.assertExit(proc, 3)
        self.assertEqual(len(self.entries()), 2)


if __name__ == "__main__":
    unittest.main()
