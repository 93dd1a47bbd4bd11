#!/usr/bin/env python3
"""Runs the runnable fix cases of a rule under ThreadSanitizer, before and after `--fix`.

    tsan_fixed.py LINT CASES_DIR [CASE]
    tsan_fixed.py --list CASES_DIR

--list prints the runnable fix cases' names, one a line (CMake makes a ctest test of each);
with CASE, that case alone is checked.

A fix case is a `fix_*` source file or directory of CASES_DIR with `.fixed` files that differ
from their sources (a case whose `.fixed` files equal the sources asserts that no fix is
offered; it is not run). It is runnable when one of its sources defines `main`. For each:

1. the case is copied to a fresh temporary directory and the ORIGINAL is built with
   `clang++-19 -fsanitize=thread -g -O1 -std=c++20 -pthread` (C: `clang-19 -std=c11`; the TUs of
   a directory linked together) and run up to 3 times: ThreadSanitizer must report a data race
   (otherwise the case does not demonstrate the race its fix removes);
2. `concur-lint --fix` is applied to the copy, which is rebuilt and run 3 times: no
   ThreadSanitizer report, and exit status 0 every time.

The ThreadSanitizer runtime comes from Debian's `libclang-rt-19-dev` (installed by
scripts/install-deps.sh); without it this test fails, saying so.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_case  # noqa: E402  (read_args, files_of, SOURCES)

CLANG = os.environ.get("CLANGXX", "clang++-19")
CLANG_C = os.environ.get("CLANGC", "clang-19")
TSAN_FLAGS = ["-fsanitize=thread", "-g", "-O1", "-pthread"]
RUN_TIMEOUT = 20  # seconds; each case is meant to run well under one
REPORT = "WARNING: ThreadSanitizer:"
ENV = dict(os.environ, TSAN_OPTIONS="halt_on_error=0:exitcode=66")


def check_runtime(tmp):
    """Exits with a clear message when programs cannot be built or run with -fsanitize=thread."""
    src = os.path.join(tmp, "probe.c")
    exe = os.path.join(tmp, "probe")
    with open(src, "w", encoding="utf-8") as f:
        f.write("int main(void) { return 0; }\n")
    try:
        cc = subprocess.run([CLANG_C, *TSAN_FLAGS, src, "-o", exe], capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit("FAIL: %s not found (install clang-19: scripts/install-deps.sh)" % CLANG_C)
    if cc.returncode != 0:
        sys.exit("FAIL: cannot link a -fsanitize=thread program: the ThreadSanitizer runtime "
                 "(libclang_rt.tsan) is missing. Install Debian's libclang-rt-19-dev "
                 "(scripts/install-deps.sh does).\n" + cc.stderr)
    run = subprocess.run([exe], capture_output=True, text=True, env=ENV, timeout=RUN_TIMEOUT)
    if run.returncode != 0:
        sys.exit("FAIL: a trivial -fsanitize=thread program does not run (exit %d):\n%s"
                 % (run.returncode, run.stderr))


def fix_cases(cases_dir):
    """(path, reason-to-skip or None) for every fix_* case."""
    out = []
    for name in sorted(os.listdir(cases_dir)):
        path = os.path.join(cases_dir, name)
        if not name.startswith("fix_") or name.endswith(".fixed"):
            continue
        if os.path.isdir(path):
            files = [os.path.join(path, f) for f in run_case.files_of(path)]
        elif name.endswith(run_case.SOURCES):
            files = [path] + ([path + ".fixed"] if os.path.exists(path + ".fixed") else [])
        else:
            continue
        fixed = [f for f in files if f.endswith(".fixed")]
        changes = [f for f in fixed
                   if open(f, encoding="utf-8").read() != open(f[:-6], encoding="utf-8").read()]
        sources = [f for f in files if f.endswith(run_case.SOURCES)]
        runnable = any("main(" in open(f, encoding="utf-8").read() for f in sources)
        if not changes:
            out.append((path, "no fix expected"))
        elif not runnable:
            out.append((path, "no main"))
        else:
            out.append((path, None))
    return out


def build(root, compiler_flags, exe):
    """Compiles every source of root with TSan and links them; returns an error text or None."""
    sources = [f for f in run_case.files_of(root) if f.endswith(run_case.SOURCES)]
    objects, cxx = [], False
    for i, rel in enumerate(sources):
        c = rel.endswith(".c")
        cxx |= not c
        flags = [f for f in compiler_flags if not f.startswith("-std=")]
        std = [f for f in compiler_flags if f.startswith("-std=")]
        if c:
            std = ["-std=c11"] + [f for f in std if not f.startswith("-std=c++")]
        obj = os.path.join(os.path.dirname(exe), "%d.o" % i)
        cmd = [CLANG_C if c else CLANG, *TSAN_FLAGS, *std, *flags, "-I", root, "-c", rel,
               "-o", obj]
        cc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if cc.returncode != 0:
            return "%s\n%s" % (" ".join(cmd), cc.stderr)
        objects.append(obj)
    link = [CLANG if cxx else CLANG_C, *TSAN_FLAGS, *objects, "-o", exe]
    ld = subprocess.run(link, cwd=root, capture_output=True, text=True)
    if ld.returncode != 0:
        return "%s\n%s" % (" ".join(link), ld.stderr)
    return None


def run(exe, cwd):
    try:
        p = subprocess.run([exe], cwd=cwd, capture_output=True, text=True, env=ENV,
                           timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % RUN_TIMEOUT
    return p.returncode, p.stderr


def check_case(binary, case, tmp):
    """Returns a list of failure texts (empty: the case passed)."""
    name = os.path.basename(case)
    work = os.path.join(tmp, name + ".work")
    root = os.path.join(work, "case")
    os.makedirs(work)
    if os.path.isdir(case):
        shutil.copytree(case, root, ignore=shutil.ignore_patterns("*.fixed"))
        targets = ["."]
    else:
        os.makedirs(root)
        shutil.copy(case, root)
        targets = [name]
    c_only = all(f.endswith(".c") for f in run_case.files_of(root) if f.endswith(run_case.SOURCES))
    own, compiler = run_case.read_args(root, c_only=c_only)
    compiler = [f for f in compiler if f != "-pthread"]

    before = os.path.join(work, "before")
    err = build(root, compiler, before)
    if err:
        return ["the original does not build with -fsanitize=thread:\n" + err]
    raced = False
    for _ in range(3):
        _, stderr = run(before, root)
        if REPORT in stderr and "data race" in stderr:
            raced = True
            break
    if not raced:
        return ["ThreadSanitizer reports no data race in the original (3 runs): the case does "
                "not demonstrate the race its fix removes"]

    lint = subprocess.run([binary, *own, "--fix", "--no-cache", "--rules=-*,race-shared-global",
                           *targets, "--", *compiler, "-pthread"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    if "applied the fixes" not in lint.stderr:
        return ["concur-lint --fix applied nothing (exit %d):\n%s%s"
                % (lint.returncode, lint.stdout, lint.stderr)]
    after = os.path.join(work, "after")
    err = build(root, compiler, after)
    if err:
        return ["the fixed program does not build:\n" + err]
    problems = []
    for attempt in range(1, 4):
        status, stderr = run(after, root)
        if REPORT in stderr:
            problems.append("run %d of the fixed program: ThreadSanitizer report:\n%s"
                            % (attempt, stderr))
            break
        if status != 0:
            problems.append("run %d of the fixed program: exit status %s\n%s"
                            % (attempt, status, stderr))
            break
    return problems


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        for case, skip in fix_cases(os.path.abspath(sys.argv[2])):
            if not skip:
                print(os.path.basename(case))
        return
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    binary, cases_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    cases = fix_cases(cases_dir)
    if len(sys.argv) == 4:
        cases = [(c, skip) for c, skip in cases if os.path.basename(c) == sys.argv[3]]
        if not cases:
            sys.exit("FAIL: %s is not a fix case of %s" % (sys.argv[3], cases_dir))
    with tempfile.TemporaryDirectory(prefix="concur-tsan-") as tmp:
        check_runtime(tmp)
        failed, ran = 0, 0
        for case, skip in cases:
            name = os.path.basename(case)
            if skip:
                print("skip %s (%s)" % (name, skip))
                continue
            ran += 1
            problems = check_case(binary, case, tmp)
            if problems:
                failed += 1
                print("FAIL %s:\n  %s" % (name, "\n  ".join(p.replace("\n", "\n  ") for p in problems)))
            else:
                print("ok   %s: race before --fix, none after (3 runs, exit 0)" % name)
        if ran == 0:
            sys.exit("FAIL: no runnable fix case under %s" % cases_dir)
        if failed:
            sys.exit("FAIL: %d of %d runnable fix case(s)" % (failed, ran))
    print("ok: %d runnable fix case(s)" % ran)


if __name__ == "__main__":
    main()
