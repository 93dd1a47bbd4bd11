#!/usr/bin/env python3
"""Robustness run: concur-lint over thousands of real TUs from Debian source packages.

    bench/robustness/run-robustness.py [--real-dir DIR] [--jobs 2] [--timeout 300] [--packages ...]

1. scripts/fetch-real-code.sh fetches the packages (apt-get source) and writes a compile
   database for each (C and C++).
2. The TUs (one compile command per file) are analysed in slices of `--chunk` TUs of one package
   per concur-lint process, `--jobs` processes at a time, under `nice`, with a time limit of
   `--timeout` seconds per TU; a slice that crashes, hangs or fails is analysed again one TU at a
   time, so that each crash and hang is pinned to its TU. A process killed by the limit is a hang; a
   signal, an exit status >= 128, "PLEASE submit a bug report", "Stack dump" or a sanitizer report
   is a crash; exit status 2 or an unreadable report is a tool error; a TU the compiler rejects
   is a parse error (a missing header, usually a generated one, or another compiler error).
3. With `--whole=yes` (or `auto` and a build with the facts cache), each package is then
   analysed as a whole (all its TUs in one run, so the whole-program rules see the linked
   program), with the same crash and hang detection; with the cache (`--cache-dir`) the TUs are
   not parsed again.

Per-TU results go to WORK/results.jsonl (a second run skips the TUs already there; --fresh starts
over), the summary (TUs analysed, findings per rule, errors by kind, every crash and hang with
its log) to stdout and WORK/summary.md. Exit status 1 when there was a crash or a hang.
"""
import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from compile_db import dedup_database  # noqa: E402  (bench/compile_db.py)

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ["leveldb", "memcached", "redis", "libuv1", "zeromq3", "sqlite3", "nginx", "curl",
            "libarchive", "libevent", "libgit2", "ninja-build", "onetbb", "abseil", "rocksdb"]
CRASH_MARKS = ("PLEASE submit a bug report", "Stack dump:", "ERROR: AddressSanitizer",
               "ERROR: LeakSanitizer", "runtime error:", "ThreadSanitizer", "terminate called",
               "Assertion `", "LLVM ERROR")


def error_kind(message, file=""):
    """The kind of one analysis error of concur-lint's report."""
    low = message.replace(file, "").lower()  # a file named crashes.c is no crash
    if "concur-lint crashed" in low or "(signal" in low:
        return "crash (contained)"
    if "no such file or directory" in low and "cannot be analysed" not in low:
        return "missing file"
    if "file not found" in low:
        return "parse error: missing header"
    if "cannot be analysed" in low or "could not process" in low:
        return "parse error: compiler error"
    return "tool error"


def classify(rc, stderr, report_path, timed_out):
    """(outcome, kinds, findings per rule) of one concur-lint process."""
    if timed_out:
        return "hang", ["hang"], {}
    if rc < 0 or rc >= 128 or any(m in stderr for m in CRASH_MARKS):
        return "crash", ["crash"], {}
    try:
        report = json.loads(Path(report_path).read_text())
    except (OSError, ValueError):
        return "tool error", ["tool error: exit %d, no report" % rc], {}
    if rc == 2:
        return "tool error", ["tool error: exit 2"], {}
    rules = collections.Counter(d.get("rule", "?") for d in report.get("diagnostics", []))
    kinds = [error_kind(e.get("message", ""), e.get("file", "")) for e in report.get("errors", [])]
    if rc not in (0, 1, 3):
        kinds.append("tool error: exit %d" % rc)
    if any(k == "crash (contained)" for k in kinds):
        return "crash", kinds, dict(rules)
    if any(k.startswith("tool error") for k in kinds):
        return "tool error", kinds, dict(rules)
    if kinds:
        return "parse error", kinds, dict(rules)
    return "ok", [], dict(rules)


def run_lint(argv, report, log, timeout):
    """Runs one concur-lint process; its outcome, wall time, and its log file if it failed."""
    start = time.monotonic()
    timed_out = False
    with open(log, "w") as err:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(p.pid, 9)
            rc = p.wait()
    wall = time.monotonic() - start
    stderr = Path(log).read_text(errors="replace")
    outcome, kinds, rules = classify(rc, stderr, report, timed_out)
    return {"rc": rc, "wall": round(wall, 2), "outcome": outcome, "kinds": kinds, "rules": rules,
            "log": str(log) if outcome != "ok" else None}


def lint_supports(lint, flag):
    h = subprocess.run([lint, "--help-hidden"], capture_output=True, text=True)
    return ("-" + flag) in h.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real-dir", default=str(REPO / "build-real"))
    ap.add_argument("--packages", nargs="+", default=PACKAGES)
    ap.add_argument("--jobs", "-j", type=int, default=2, help="processes at a time (default 2)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per TU before it is a hang")
    ap.add_argument("--chunk", type=int, default=20, help="TUs per concur-lint process (default 20)")
    ap.add_argument("--package-timeout", type=float, default=3600,
                    help="seconds for a whole-package run before it is a hang")
    ap.add_argument("--nice", type=int, default=10)
    ap.add_argument("--lint", default=str(REPO / "build/bin/concur-lint"))
    ap.add_argument("--work", default=None, help="default: <real-dir>/robustness")
    ap.add_argument("--no-fetch", action="store_true")
    ap.add_argument("--lint-arg", action="append", default=[],
                    help="an extra argument for every concur-lint run (repeatable); "
                    "--lint-arg=--debug-crash-on=assoc.c checks that a crash is caught and pinned")
    ap.add_argument("--whole", choices=["auto", "yes", "no"], default="auto",
                    help="also analyse each package in one run (auto: when the facts cache makes "
                    "it cheap)")
    ap.add_argument("--fresh", action="store_true", help="forget the results of an earlier run")
    a = ap.parse_args()

    os.nice(a.nice)
    real = Path(a.real_dir).resolve()
    if not a.no_fetch:
        extra = " ".join(p for p in a.packages if p not in ("leveldb", "memcached", "redis"))
        subprocess.run([str(REPO / "scripts/fetch-real-code.sh"), str(real)], check=True,
                       env=dict(os.environ, REAL_CODE_EXTRA=extra))
    lint = os.path.abspath(a.lint)
    if not os.access(lint, os.X_OK):
        sys.exit("run-robustness: %s is not built (ninja -C build concur-lint)" % lint)
    work = Path(a.work) if a.work else real / "robustness"
    if a.fresh:
        shutil.rmtree(work, ignore_errors=True)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    cache = work / "facts-cache"
    cache_args = ["--cache-dir=" + str(cache)] if lint_supports(lint, "cache-dir") else []
    cache_args += a.lint_arg
    version = subprocess.run([lint, "--version"], capture_output=True, text=True).stdout.strip()

    # --- the TUs -------------------------------------------------------------------------------
    jobs = []  # (package, db dir, file)
    generated = collections.Counter()
    for pkg in a.packages:
        src = Path(os.path.realpath(real / pkg))
        if not (src / "compile_commands.json").exists():
            print("run-robustness: %s: no compile_commands.json, skipped" % pkg, file=sys.stderr)
            continue
        db = work / "db" / pkg
        for e in dedup_database(src / "compile_commands.json", db):
            if os.path.exists(e["file"]):
                jobs.append((pkg, db, e["file"]))
            else:  # a source file a build step writes (the packages that are configured only)
                generated[pkg] += 1

    # Slices of --chunk TUs of one package per process (the start of a process costs as much as
    # parsing a small TU); a slice that crashes, hangs or fails is run again one TU at a time, so
    # every crash and hang is pinned to its TU.
    results_path = work / "results.jsonl"
    done = {}
    if results_path.exists():
        for line in results_path.read_text().splitlines():
            r = json.loads(line)
            done[(r["package"], r["file"])] = r
    todo = [j for j in jobs if (j[0], j[2]) not in done]
    slices = []
    for pkg in a.packages:
        mine = [j for j in todo if j[0] == pkg]
        slices += [mine[i:i + a.chunk] for i in range(0, len(mine), a.chunk)]
    print("run-robustness: %d TUs in %d packages, %d to analyse in %d slices, -j %d, timeout %gs "
          "per TU, %s" % (len(jobs), len(a.packages), len(todo), len(slices), a.jobs, a.timeout,
                          "facts cache" if cache_args else "no facts cache"), file=sys.stderr)

    lock = threading.Lock()
    start = time.monotonic()
    counter = [0]

    def record(rs):
        with lock:
            with open(results_path, "a") as out:
                for r in rs:
                    out.write(json.dumps(r) + "\n")
                    done[(r["package"], r["file"])] = r
            before = counter[0]
            counter[0] += len(rs)
            if counter[0] // 100 != before // 100 or any(r["outcome"] in ("crash", "hang") for r in rs):
                bad = [r for r in rs if r["outcome"] in ("crash", "hang")]
                print("  %d/%d TUs, %.0f s%s" % (counter[0], len(todo), time.monotonic() - start,
                      "".join("; %s %s" % (r["outcome"], r["file"]) for r in bad)),
                      file=sys.stderr, flush=True)

    def lint_files(pkg, db, files, stem, timeout):
        report = work / "logs" / (stem + ".json")
        log = work / "logs" / (stem + ".stderr")
        argv = [lint, "--format=json", "-o", str(report), "--fail-on=never", "-j", "1",
                "-p", str(db)] + cache_args + files
        r = run_lint(argv, report, log, timeout)
        return r, report, log

    def one_slice(sl):
        pkg, db = sl[0][0], sl[0][1]
        files = [f for _, _, f in sl]
        stem = "%s-%s" % (pkg, re.sub(r"[^A-Za-z0-9_.-]", "_", os.path.relpath(files[0], real)))[-150:]
        r, report, log = lint_files(pkg, db, files, stem, a.timeout * len(files))
        if r["outcome"] in ("ok", "parse error") or len(files) == 1:
            # attribute the report's errors to their TUs; the findings go with the slice's first TU
            errors = collections.defaultdict(list)
            try:
                for e in json.loads(report.read_text()).get("errors", []):
                    errors[os.path.normpath(e.get("file", ""))].append(
                        error_kind(e.get("message", ""), e.get("file", "")))
            except (OSError, ValueError):
                pass
            rs = []
            for i, f in enumerate(files):
                kinds = errors.get(os.path.normpath(f), [])
                outcome = r["outcome"] if len(files) == 1 else ("parse error" if kinds else "ok")
                if len(files) == 1:
                    kinds = r["kinds"]
                rs.append({"package": pkg, "file": f, "rc": r["rc"], "wall": r["wall"] / len(files),
                           "outcome": outcome, "kinds": kinds, "rules": r["rules"] if i == 0 else {},
                           "log": r["log"] if outcome != "ok" else None})
            if r["outcome"] == "ok":
                for p in (report, log):
                    p.unlink(missing_ok=True)
            record(rs)
            return
        print("  slice of %d TUs from %s: %s (exit %s), again one TU at a time" % (
            len(files), pkg, r["outcome"], r["rc"]), file=sys.stderr, flush=True)
        for f in files:
            one_slice([(pkg, db, f)])

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        list(pool.map(one_slice, slices))
    per_tu_wall = time.monotonic() - start

    # --- whole packages ------------------------------------------------------------------------
    whole = {}
    if a.whole == "yes" or (a.whole == "auto" and cache_args):
        for pkg in a.packages:
            db = work / "db" / pkg
            if not db.exists():
                continue
            src = os.path.realpath(real / pkg)
            report = work / "logs" / ("whole-%s.json" % pkg)
            log = work / "logs" / ("whole-%s.stderr" % pkg)
            argv = [lint, "--format=json", "-o", str(report), "--fail-on=never", "-j", str(a.jobs),
                    "-p", str(db)] + cache_args + [src]
            whole[pkg] = run_lint(argv, report, log, a.package_timeout)
            if cache_args and whole[pkg]["outcome"] in ("ok", "parse error"):
                # Determinism: the same run again, its findings not taken from the run cache, so
                # that the rules run once more over facts decoded on -j threads (other addresses).
                for run_entry in cache.rglob("*.run"):  # FactsCache's run entries
                    run_entry.unlink()
                again = work / "logs" / ("whole-%s.again.json" % pkg)
                second = run_lint(argv[:3] + [str(again)] + argv[4:], again,
                                  work / "logs" / ("whole-%s.again.stderr" % pkg), a.package_timeout)
                whole[pkg]["same"] = same_diagnostics(report, again)
                if second["outcome"] != whole[pkg]["outcome"]:
                    whole[pkg]["same"] = False
            print("  whole %s: %s in %.0fs%s" % (
                pkg, whole[pkg]["outcome"], whole[pkg]["wall"],
                "" if whole[pkg].get("same", True) else ", NOT DETERMINISTIC"),
                file=sys.stderr, flush=True)

    summary = summarise([done[(p, f)] for p, _, f in jobs], whole, version, a, per_tu_wall,
                        generated)
    (work / "summary.md").write_text(summary)
    print(summary)
    bad = [r for r in done.values() if r["outcome"] in ("crash", "hang")]
    bad += [r for r in whole.values() if r["outcome"] in ("crash", "hang") or not r.get("same", True)]
    sys.exit(1 if bad else 0)


def same_diagnostics(a, b):
    """Whether two JSON reports have equal diagnostics, in the same order."""
    try:
        return (json.loads(Path(a).read_text()).get("diagnostics") ==
                json.loads(Path(b).read_text()).get("diagnostics"))
    except (OSError, ValueError):
        return False


def summarise(results, whole, version, a, wall, generated):
    lines = []
    w = lines.append
    w("# Robustness run, %s UTC" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"))
    w("")
    w("- tool: %s" % " ".join(version.split()))
    w("- machine: nproc %d, load average %.2f at the end; -j %d, nice %d, timeout %gs per TU" % (
        os.cpu_count(), os.getloadavg()[0], a.jobs, a.nice, a.timeout))
    w("- pass over the TUs: %.0f s wall (this invocation)" % wall)
    w("")
    w("## Per TU (slices of %d TUs per process)" % a.chunk)
    w("")
    w("| package | TUs | C | C++ | ok | parse errors | crashes | hangs | tool errors | findings |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    by_pkg = collections.defaultdict(list)
    for r in results:
        by_pkg[r["package"]].append(r)
    tot = collections.Counter()
    for pkg, rs in list(by_pkg.items()) + [("**total**", results)]:
        c = collections.Counter(r["outcome"] for r in rs)
        n_c = sum(1 for r in rs if r["file"].endswith(".c"))
        findings = sum(sum(r["rules"].values()) for r in rs)
        w("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |" % (
            pkg, len(rs), n_c, len(rs) - n_c, c["ok"], c["parse error"], c["crash"], c["hang"],
            c["tool error"], findings))
    w("")
    if generated:
        w("Not analysed: compile commands of source files that a build step generates (the "
          "packages are configured, not built): " +
          ", ".join("%s %d" % kv for kv in sorted(generated.items())) + ".")
        w("")
    w("Errors by kind (a TU can have several):")
    w("")
    kinds = collections.Counter(k for r in results for k in r["kinds"])
    for k, n in sorted(kinds.items()):
        w("- %s: %d" % (k, n))
    if not kinds:
        w("- none")
    w("")
    w("Findings per rule (over the slices; a finding in a header included by TUs of several "
      "slices counts once per slice):")
    w("")
    rules = collections.Counter()
    for r in results:
        rules.update(r["rules"])
    for k, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
        w("- %s: %d" % (k, n))
    if not rules:
        w("- none")

    if whole:
        w("")
        w("## Whole packages (all TUs of a package in one run)")
        w("")
        w("Run twice (the second time without the run cache): the same report both times is "
          "'same' under 'again'.")
        w("")
        w("| package | outcome | wall s | findings | errors | again |")
        w("| --- | --- | ---: | ---: | ---: | --- |")
        wrules = collections.Counter()
        for pkg, r in whole.items():
            wrules.update(r["rules"])
            again = "n/a" if "same" not in r else ("same" if r["same"] else "**DIFFERENT**")
            w("| %s | %s | %.0f | %d | %d | %s |" % (pkg, r["outcome"], r["wall"],
                                                    sum(r["rules"].values()), len(r["kinds"]), again))
        w("")
        w("Findings per rule (whole packages):")
        w("")
        for k, n in sorted(wrules.items(), key=lambda kv: (-kv[1], kv[0])):
            w("- %s: %d" % (k, n))
        if not wrules:
            w("- none")
    bad = [r for r in results if r["outcome"] in ("crash", "hang")]
    bad += [dict(r, package=p, file="(whole package)") for p, r in whole.items()
            if r["outcome"] in ("crash", "hang")]
    w("")
    w("## Crashes and hangs")
    w("")
    for r in bad:
        w("- %s %s %s: exit %s, log %s" % (r["outcome"], r["package"], r["file"], r["rc"], r["log"]))
    if not bad:
        w("none")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
