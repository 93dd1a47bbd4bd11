#!/usr/bin/env python3
"""Benchmark concur-lint against clang-19 -fsyntax-only and clang-tidy-19 on real code.

    bench/analyzer/run-bench.py [--real-dir DIR] [--jobs N] [--packages P ...] [--no-fetch]

Fetches Debian source packages (leveldb, memcached, redis by default) with
scripts/fetch-real-code.sh into DIR (default: build-real/ of this work tree), and runs, per
package and over exactly the same translation units (one compile command per file):

  floor      clang-19 -fsyntax-only, one process per TU, N at a time
  parse      clang-check-19 (syntax only), the TUs of each compile directory split into N
             processes: the floor without one process start per TU
  tidy       clang-tidy-19 with the concurrency-related checks, one process per TU, N at a time
  cold       concur-lint -j N with an empty --cache-dir
  warm       concur-lint -j N again, with the same cache dir
  j1 / j2    concur-lint -j 1 and -j 2, each with the cache off, alternating, --repeat times
             (the median of each)

It prints each wall time and the peak RSS of the largest single process (wait4's ru_maxrss of
each process; concur-lint is one process whose worker threads share it), then the ratios against
the goals of issue 9. See README.md beside this file.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from compile_db import dedup_database  # noqa: E402  (bench/compile_db.py)

REPO = Path(__file__).resolve().parents[2]
TIDY_CHECKS = "-*,concurrency-*,cppcoreguidelines-no-suspend-with-lock,misc-coroutine-hostile-raii"

# Goals of issue 9: (name, measured ratio, goal, higher is better)
GOALS = [
    ("cold / floor", "<=", 1.2),
    ("cold / parse", "<=", 1.2),
    ("cold / tidy", "<", 1.0),
    ("cold / warm", ">=", 20.0),
    ("j1 / j2", ">=", 1.7),
]


class Measured:
    """Wall time, CPU time (user + sys of all processes), peak RSS of the largest process (MB),
    processes that failed."""

    def __init__(self, wall=0.0, cpu=0.0, rss_mb=0.0, failed=0, runs=0, note=""):
        self.wall, self.cpu, self.rss_mb = wall, cpu, rss_mb
        self.failed, self.runs, self.note = failed, runs, note


def run_wait4(argv, cwd=None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=None):
    """Runs argv; returns (exit code, CPU seconds, peak RSS in MB), each of it and its reaped
    descendants."""
    p = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return p.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def per_tu(commands, jobs):
    """Runs one process per TU, `jobs` at a time; the wall time of all of them."""
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(lambda c: run_wait4(c[0], cwd=c[1]), commands))
    wall = time.monotonic() - start
    return Measured(wall, sum(c for _, c, _ in results), max((r for _, _, r in results), default=0.0),
                    sum(1 for rc, _, _ in results if rc != 0), len(results))


def command_of(entry):
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def syntax_only_command(entry):
    """The entry's compile command as clang-19 -fsyntax-only (no output, no dependency files)."""
    args = command_of(entry)[1:]
    out, skip = ["clang-19"], False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD", "-MP") or (a.startswith("-o") and len(a) > 2):
            continue
        out.append(a)
    # gcc-only warning flags in the builds' commands must not turn into errors
    out += ["-fsyntax-only", "-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument"]
    return out


def lint_supports(lint, flag):
    h = subprocess.run([lint, "--help-hidden"], capture_output=True, text=True)
    return ("-" + flag) in h.stdout


def run_lint(lint, db_dir, src, jobs, cache_args, report):
    argv = [lint, "--format=json", "-o", str(report), "--fail-on=never", "-j", str(jobs),
            "-p", str(db_dir)] + cache_args + [str(src)]
    start = time.monotonic()
    with open(str(report) + ".stderr", "w") as err:
        rc, cpu, rss = run_wait4(argv, stderr=err)
    wall = time.monotonic() - start
    note = ""
    try:
        d = json.loads(Path(report).read_text())
        note = "%d findings, %d errors" % (len(d.get("diagnostics", [])), len(d.get("errors", [])))
    except Exception:
        note = "no report (exit %d)" % rc
    return Measured(wall, cpu, rss, 1 if rc not in (0, 1, 3) else 0, 1, note)


def median_run(ms):
    """The run of median wall time among repeated runs, its note saying how many there were."""
    m = sorted(ms, key=lambda x: x.wall)[(len(ms) - 1) // 2]
    if len(ms) > 1:
        m.note = (m.note + "; " if m.note else "") + "median of %d (%.2f-%.2f s)" % (
            len(ms), min(x.wall for x in ms), max(x.wall for x in ms))
    return m


def check_same_reports(pkg, reports):
    """Every concur-lint run of a package must report the same findings, to the byte: -j, the
    cache and the run cache may change the time, never the report."""
    texts = {}
    for name, path in reports:
        try:
            texts[name] = json.dumps(json.loads(Path(path).read_text()).get("diagnostics"))
        except (OSError, ValueError):
            continue
    if len(set(texts.values())) > 1:
        first = next(iter(texts))
        differ = [n for n in texts if texts[n] != texts[first]]
        print("# WARNING: %s: the reports of %s differ from %s's (%s): concur-lint is not "
              "deterministic" % (pkg, ", ".join(differ), first,
                                 ", ".join(str(p) for _, p in reports)))


def machine():
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()[0]
    return "nproc %d, %s, Linux %s, load average %.2f at start" % (
        os.cpu_count(), cpu, platform.release(), load)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real-dir", default=str(REPO / "build-real"),
                    help="where scripts/fetch-real-code.sh fetches and builds (default: build-real/)")
    ap.add_argument("--packages", nargs="+", default=["leveldb", "memcached", "redis"])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count(),
                    help="processes/threads at a time for floor, parse, tidy, cold and warm (default: nproc)")
    ap.add_argument("--lint", default=str(REPO / "build/bin/concur-lint"))
    ap.add_argument("--work", default=None, help="scratch dir (deduplicated databases, caches, reports); "
                    "default: <real-dir>/bench")
    ap.add_argument("--no-fetch", action="store_true", help="do not run scripts/fetch-real-code.sh")
    ap.add_argument("--skip", nargs="*", default=[], choices=["floor", "parse", "tidy", "cold", "warm", "j1", "j2"],
                    help="measurements to leave out")
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of j1 and of j2, alternating; the median of each is reported (default 5)")
    ap.add_argument("--json", help="also write the numbers to this file")
    ap.add_argument("--reuse", metavar="JSON",
                    help="take the runs left out with --skip from this earlier --json file (e.g. "
                    "floor, parse and tidy, which do not change with concur-lint)")
    a = ap.parse_args()

    real = Path(a.real_dir).resolve()
    if not a.no_fetch:
        extra = " ".join(p for p in a.packages if p not in ("leveldb", "memcached", "redis"))
        env = dict(os.environ, REAL_CODE_EXTRA=extra)
        subprocess.run([str(REPO / "scripts/fetch-real-code.sh"), str(real)], check=True, env=env)
    tools = {"clang-19": "clang-19", "clang-tidy-19": "clang-tidy-19", "clang-check-19": "clang-tools-19"}
    missing = sorted({pkg for tool, pkg in tools.items() if not shutil.which(tool)})
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print("run-bench: installing %s" % " ".join(missing), file=sys.stderr)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    lint = os.path.abspath(a.lint)
    if not os.access(lint, os.X_OK):
        sys.exit("run-bench: %s is not built (ninja -C build concur-lint)" % lint)
    has_cache = lint_supports(lint, "cache-dir")
    has_no_cache = lint_supports(lint, "no-cache")
    work = Path(a.work) if a.work else real / "bench"
    work.mkdir(parents=True, exist_ok=True)

    version = subprocess.run([lint, "--version"], capture_output=True, text=True).stdout.strip()
    print("# concur-lint benchmark, %s UTC" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"))
    print("# machine: %s" % machine())
    print("# tool: %s (%s); -j %d; cache: %s" % (lint, " ".join(version.split()), a.jobs,
          "--cache-dir" if has_cache else "not supported by this build: warm = cold"))
    if os.getloadavg()[0] > os.cpu_count():
        print("# WARNING: the machine is busy (load average %.1f on %d cores): wall times are "
              "stretched and the -j1/-j2 ratio is not meaningful; compare CPU times"
              % (os.getloadavg()[0], os.cpu_count()))
    sys.stdout.flush()

    names = ["floor", "parse", "tidy", "cold", "warm", "j1", "j2"]
    results = {}
    for pkg in a.packages:
        src = Path(os.path.realpath(real / pkg))
        if not (src / "compile_commands.json").exists():
            sys.exit("run-bench: %s has no compile_commands.json (run scripts/fetch-real-code.sh)" % src)
        db_dir = work / pkg
        entries = dedup_database(src / "compile_commands.json", db_dir)
        r = {}
        if "floor" not in a.skip:
            r["floor"] = per_tu([(syntax_only_command(e), e["directory"]) for e in entries], a.jobs)
        if "parse" not in a.skip and shutil.which("clang-check-19"):
            # One process per compile directory and slice: a ClangTool (clang-check) shares one
            # FileManager between its files, and the same relative include ("./fmacros.h")
            # resolved from another directory then reads the wrong, cached file.
            by_dir = {}
            for e in entries:
                by_dir.setdefault(e["directory"], []).append(os.path.join(e["directory"], e["file"]))
            size = max(1, -(-len(entries) // a.jobs))
            chunks = [(d, fs[i:i + size]) for d, fs in by_dir.items() for i in range(0, len(fs), size)]
            r["parse"] = per_tu([(["clang-check-19", "-p", str(db_dir)] + c, d) for d, c in chunks],
                                a.jobs)
        if "tidy" not in a.skip:
            tidy = [(["clang-tidy-19", "--quiet", "-checks=" + TIDY_CHECKS, "-p", str(db_dir),
                      os.path.join(e["directory"], e["file"])], e["directory"]) for e in entries]
            r["tidy"] = per_tu(tidy, a.jobs)
        cache = work / ("cache-" + pkg)
        cache_args = ["--cache-dir=" + str(cache)] if has_cache else []
        no_cache = ["--no-cache"] if has_no_cache else []
        if "cold" not in a.skip:
            shutil.rmtree(cache, ignore_errors=True)
            r["cold"] = run_lint(lint, db_dir, src, a.jobs, cache_args, work / (pkg + ".cold.json"))
        if "warm" not in a.skip and has_cache:
            r["warm"] = run_lint(lint, db_dir, src, a.jobs, cache_args, work / (pkg + ".warm.json"))
        # -j1 and -j2 alternate, --repeat times each, and the median of each counts: on a shared
        # machine the speed of a core drifts by tens of percent over minutes, which one run of
        # each, minutes apart, would read as a -j ratio.
        runs = {"j1": [], "j2": []}
        for _ in range(a.repeat):
            for n, jobs in (("j1", 1), ("j2", 2)):
                if n not in a.skip:
                    runs[n].append(run_lint(lint, db_dir, src, jobs, no_cache,
                                            work / (pkg + "." + n + ".json")))
        for n, ms in runs.items():
            if ms:
                r[n] = median_run(ms)
        check_same_reports(pkg, [(n, work / (pkg + "." + n + ".json"))
                                 for n in ["cold", "warm", "j1", "j2"] if n in r and n not in a.skip])
        if a.reuse:
            old = json.loads(Path(a.reuse).read_text())["packages"].get(pkg, {})
            for n in a.skip:
                if n in old:
                    r[n] = Measured(**old[n])
                    r[n].note = (r[n].note + "; " if r[n].note else "") + "from " + a.reuse
        results[pkg] = (len(entries), r)
        print_table(pkg, len(entries), r)

    total = {}
    for n in names:
        rs = [r[n] for _, r in results.values() if n in r]
        if len(rs) == len(results):
            total[n] = Measured(sum(m.wall for m in rs), sum(m.cpu for m in rs), max(m.rss_mb for m in rs),
                                sum(m.failed for m in rs), sum(m.runs for m in rs))
    print_table("total", sum(t for t, _ in results.values()), total)
    print("\n# load average at the end: %.2f" % os.getloadavg()[0])

    if a.json:
        out = {"machine": machine(), "tool": version, "jobs": a.jobs, "packages": {
            p: {"tus": t, **{n: vars(m) for n, m in r.items()}} for p, (t, r) in results.items()}}
        out["packages"]["total"] = {n: vars(m) for n, m in total.items()}
        Path(a.json).write_text(json.dumps(out, indent=1))


def ratio(r, a, b, field="wall"):
    if a in r and b in r and getattr(r[b], field) > 0:
        return getattr(r[a], field) / getattr(r[b], field)
    return None


def print_table(name, tus, r):
    print("\n## %s: %d TUs" % (name, tus))
    print("%-6s %9s %9s %11s  %s" % ("run", "wall s", "CPU s", "peak RSS MB", "notes"))
    for n in ["floor", "parse", "tidy", "cold", "warm", "j1", "j2"]:
        if n in r:
            m = r[n]
            notes = m.note
            if m.failed:
                notes = (notes + "; " if notes else "") + "%d of %d processes failed" % (m.failed, m.runs)
            print("%-6s %9.2f %9.2f %11.0f  %s" % (n, m.wall, m.cpu, m.rss_mb, notes))
    if "j1" in r and "j2" in r:
        # concur-lint's -j workers are threads of one process: the -j1 run's peak is one
        # worker's (with the linked program), what -j2 adds is the cost of a second worker.
        print("memory: one worker (j1) %.0f MB peak; a second worker (j2 - j1) adds %.0f MB" % (
            r["j1"].rss_mb, r["j2"].rss_mb - r["j1"].rss_mb))
    for label, op, goal in GOALS:
        a, b = label.split(" / ")
        x = ratio(r, a, b)
        if x is None:
            print("%-14s %8s  (goal %s %s)" % (label, "n/a", op, goal))
            continue
        ok = {"<=": x <= goal, "<": x < goal, ">=": x >= goal}[op]
        # CPU time is what a busy machine distorts least; -j1/-j2 is about wall time only
        c = ratio(r, a, b, "cpu") if label != "j1 / j2" else None
        print("%-14s %8.2fx wall%s (goal %s %sx) %s" % (
            label, x, ", %.2fx CPU" % c if c is not None else "", op, goal,
            "met" if ok else "NOT MET"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
