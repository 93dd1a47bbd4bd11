#!/usr/bin/env python3
"""The dynamic ground truth of race-openmp cases: ThreadSanitizer with Archer (ORACLE.md).

    omp_oracle.py [--runs N] CASE...

Builds each case (a .c or .cpp file) with clang-19 / clang++-19 `-fopenmp -fsanitize=thread
-g -O1` against LLVM 19's libomp, runs it N times (default 5) with OMP_NUM_THREADS=4 and
Archer (libarcher.so, from libomp-19-dev) as the OpenMP tool, and prints one line a case:

    NAME  racy|race-free  expected: LINES  TSan: K/N runs  frames: LINES  agrees|DISAGREES

A case is expected racy when its name ends in `_race` (its `// expect:` lines are the
expected lines). It agrees when a racy case gives a "data race" report in at least one run
with an expected line among the frames of the case's own file, and a race-free case gives
none in any run. Exit status 1 when a case does not build or disagrees. This is the check
ORACLE.md's table reports; it does not run concur-lint.
"""
import os
import re
import subprocess
import sys
import tempfile

LLVM_LIB = "/usr/lib/llvm-19/lib"
ARCHER = os.path.join(LLVM_LIB, "libarcher.so")
EXPECT = re.compile(r"//\s*expect(?:-fixed)?:\s*race-openmp")


def expected_lines(path):
    with open(path, encoding="utf-8") as f:
        return [n for n, line in enumerate(f, 1) if EXPECT.search(line)]


def check(path, runs, tmp):
    name = os.path.basename(path)
    cpp = name.endswith(".cpp")
    exe = os.path.join(tmp, name + ".bin")
    cmd = ["clang++-19" if cpp else "clang-19", "-std=c++20" if cpp else "-std=c11", "-fopenmp",
           "-fsanitize=thread", "-g", "-O1", path, "-L" + LLVM_LIB, "-Wl,-rpath," + LLVM_LIB,
           "-lm", "-o", exe]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return False, "%s  does not build:\n%s" % (name, proc.stderr)
    env = dict(os.environ, OMP_NUM_THREADS="4", OMP_TOOL_LIBRARIES=ARCHER,
               TSAN_OPTIONS="halt_on_error=0:ignore_noninstrumented_modules=1")
    racy_runs = 0
    frames = set()
    frame = re.compile(r"#\d+ .*/%s:(\d+)" % re.escape(name))
    for _ in range(runs):
        out = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=120)
        if "WARNING: ThreadSanitizer: data race" in out.stderr:
            racy_runs += 1
            frames.update(int(m) for m in frame.findall(out.stderr))
    want = expected_lines(path)
    racy = name.split(".")[0].endswith("_race")
    if racy:
        agrees = racy_runs > 0 and any(line in frames for line in want)
    else:
        agrees = racy_runs == 0
    line = "%s  %s  expected: %s  TSan: %d/%d runs  frames: %s  %s" % (
        name, "racy" if racy else "race-free", ",".join(map(str, want)) or "-", racy_runs, runs,
        ",".join(map(str, sorted(frames))) or "-", "agrees" if agrees else "DISAGREES")
    return agrees, line


def main():
    args = sys.argv[1:]
    runs = 5
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    ok = True
    with tempfile.TemporaryDirectory(prefix="concur-omp-oracle-") as tmp:
        for path in args:
            agrees, line = check(os.path.abspath(path), runs, tmp)
            ok &= agrees
            print(line, flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
