#!/usr/bin/env python3
"""Fix, build, run, compare: the proof that a rule's rewrites keep the program's output.

    run_fixed_programs.py [--case NAME] [--tsan TSAN_RUNTIME] LINT RULE_DIR RUNTIME_LIBRARY
                          [MORE_LIBRARIES...]
    run_fixed_programs.py --list RULE_DIR
    run_fixed_programs.py --build-tsan-runtime OUTPUT SOURCES...

--list prints the runnable cases' names, one a line (CMake makes a ctest test of each);
--case NAME checks that case alone. --build-tsan-runtime compiles the runtime's sources with
ThreadSanitizer into the static library OUTPUT (a build step of tests/rules/CMakeLists.txt:
the same compiler and flags as the programs, so that one ThreadSanitizer runtime sees all).

For every case RULE_DIR/NAME.cpp that has a NAME.cpp.fixed and at least one
`// expect-fixed: RULE` line (a program with a main()):
  1. a copy of NAME.cpp is fixed with `LINT --fix --rules=-*,RULE` and must read exactly as
     NAME.cpp.fixed;
  2. the original and the fixed program are built with clang++-19 against the runtime
     (runtime/include, RUNTIME_LIBRARY) and both are run;
  3. their exit status and standard output must be equal (loops whose iterations print are
     not rewritten: printing is an ordered effect);
  4. with --tsan, the fixed program is built again with ThreadSanitizer against TSAN_RUNTIME
     (the runtime built by --build-tsan-runtime) and run: no ThreadSanitizer report, and the
     same exit status and output. A rewrite that adds a data race fails here.
  5. the same for the OpenMP executor: a copy of NAME.cpp is fixed with `--executor=openmp`
     (compiled with -fopenmp); when that rewrites a loop (`#pragma omp parallel for`: index
     loops only, so a case of range loops or coroutines may have none), the program is built
     with -fopenmp against LLVM 19's libomp, run with 4 threads, and its exit status and output
     must be the original's; with --tsan it runs again under ThreadSanitizer with Archer
     (libarcher.so: the happens-before of OpenMP's barriers) and must give no report.
Without --case the programs are built two at a time: the builds are most of the time.
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

CLANG = os.environ.get("CLANGXX", "clang++-19")
HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_INCLUDE = os.path.realpath(os.path.join(HERE, "..", "..", "runtime", "include"))
FLAGS = ["-std=c++20", "-pthread"]
TSAN_FLAGS = ["-fsanitize=thread", "-g", "-O1"]
TSAN_REPORT = "WARNING: ThreadSanitizer:"
TSAN_ENV = dict(os.environ, TSAN_OPTIONS="halt_on_error=0:exitcode=66:report_signal_unsafe=0")
LLVM_LIB = "/usr/lib/llvm-19/lib"
OPENMP_FLAGS = ["-fopenmp", "-L" + LLVM_LIB, "-Wl,-rpath," + LLVM_LIB]
OPENMP_ENV = dict(os.environ, OMP_NUM_THREADS="4")
ARCHER_ENV = dict(TSAN_ENV, OMP_NUM_THREADS="4",
                  OMP_TOOL_LIBRARIES=os.path.join(LLVM_LIB, "libarcher.so"),
                  TSAN_OPTIONS=TSAN_ENV["TSAN_OPTIONS"] + ":ignore_noninstrumented_modules=1")


def build(source, output, libraries, extra=("-O0",)):
    cmd = [CLANG, *FLAGS, *extra, "-I", RUNTIME_INCLUDE, source, *libraries, "-o", output]
    if "-fopenmp" in extra:
        cmd += OPENMP_FLAGS[1:]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return None if proc.returncode == 0 else "%s\n%s" % (" ".join(cmd), proc.stderr)


def run(program, cwd, env=None):
    proc = subprocess.run([program], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=env)
    return proc.returncode, proc.stdout, proc.stderr


def build_tsan_runtime(output, sources):
    """Compiles SOURCES with ThreadSanitizer (two at a time) into the static library OUTPUT."""
    with tempfile.TemporaryDirectory(prefix="concur-tsan-runtime-") as tmp:
        def compile_one(index_source):
            index, source = index_source
            obj = os.path.join(tmp, "%d-%s.o" % (index, os.path.basename(source)))
            cmd = [CLANG, *FLAGS, *TSAN_FLAGS, "-I", RUNTIME_INCLUDE, "-c", source, "-o", obj]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit("FAIL: %s\n%s" % (" ".join(cmd), proc.stderr))
            return obj
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            objects = list(pool.map(compile_one, enumerate(sources)))
        partial = output + ".partial"
        if os.path.exists(partial):
            os.remove(partial)
        subprocess.run(["ar", "rcs", partial, *objects], check=True)
        os.replace(partial, output)


def check(lint, rule, case, library, tmp, tsan=None):
    name = os.path.basename(case)
    work = os.path.join(tmp, name[: -len(".cpp")])
    os.makedirs(work)
    original = os.path.join(work, "original.cpp")
    fixed = os.path.join(work, name)
    shutil.copy(case, original)
    shutil.copy(case, fixed)
    proc = subprocess.run([lint, "--fix", "--quiet", "--no-cache", "--rules=-*," + rule, name,
                           "--", *FLAGS, "-I", RUNTIME_INCLUDE],
                          cwd=work, capture_output=True, text=True)
    expected = open(case + ".fixed", encoding="utf-8").read()
    actual = open(fixed, encoding="utf-8").read()
    if actual != expected:
        return "%s: --fix does not give %s.fixed (exit %d)\n%s" % (name, name, proc.returncode,
                                                                   proc.stderr)
    errors = []
    for source, program in ((original, "original"), (fixed, "fixed")):
        error = build(source, os.path.join(work, program), library)
        if error:
            errors.append("%s: the %s program does not build:\n%s" % (name, program, error))
    if errors:
        return "\n".join(errors)
    def result(program, env=None):
        status, out, err = run(os.path.join(work, program), work, env)
        return (status, out), err

    def differs(label, before, after):
        return "%s: the %s program's output differs:\n--- original (exit %d) ---\n%s\n" \
               "--- %s (exit %d) ---\n%s" % (name, label, before[0], before[1], label,
                                             after[0], after[1])

    before, _ = result("original")
    after, _ = result("fixed")
    if before != after:
        return differs("fixed", before, after)
    if tsan:
        error = build(fixed, os.path.join(work, "fixed-tsan"), [tsan], extra=TSAN_FLAGS)
        if error:
            return "%s: the fixed program does not build with ThreadSanitizer:\n%s" % (name, error)
        sanitized, err = result("fixed-tsan", TSAN_ENV)
        if TSAN_REPORT in err:
            return "%s: ThreadSanitizer reports a data race in the fixed program:\n%s" % (name, err)
        if sanitized != before:
            return differs("fixed-tsan", before, sanitized)
    return check_openmp(lint, rule, case, library, work, before, tsan)


def check_openmp(lint, rule, case, library, work, before, tsan):
    """Step 5: the `--executor=openmp` rewrite, built with -fopenmp, run and compared."""
    name = os.path.basename(case)
    omp = os.path.join(work, "openmp")
    os.makedirs(omp)
    fixed = os.path.join(omp, name)
    shutil.copy(case, fixed)
    proc = subprocess.run([lint, "--fix", "--quiet", "--no-cache", "--executor=openmp",
                           "--rules=-*," + rule, name, "--", *FLAGS, "-fopenmp",
                           "-I", RUNTIME_INCLUDE],
                          cwd=omp, capture_output=True, text=True)
    if proc.returncode > 1:
        return "%s: --fix --executor=openmp fails (exit %d)\n%s" % (name, proc.returncode,
                                                                     proc.stderr)
    text = open(fixed, encoding="utf-8").read()
    if text == open(case, encoding="utf-8").read():
        print("%s: the openmp executor rewrites none of its loops" % name)
        return None
    if "#pragma omp parallel for" not in text:
        return "%s: the openmp rewrite adds no '#pragma omp parallel for'" % name
    program = os.path.join(omp, "fixed-openmp")
    error = build(fixed, program, library, extra=("-O0", "-fopenmp"))
    if error:
        return "%s: the openmp rewrite does not build with -fopenmp:\n%s" % (name, error)
    status, out, _ = run(program, omp, OPENMP_ENV)
    if (status, out) != before:
        return "%s: the openmp rewrite's output differs:\n--- original (exit %d) ---\n%s\n" \
               "--- openmp (exit %d) ---\n%s" % (name, before[0], before[1], status, out)
    if tsan:
        program = os.path.join(omp, "fixed-openmp-tsan")
        error = build(fixed, program, [tsan], extra=(*TSAN_FLAGS, "-fopenmp"))
        if error:
            return "%s: the openmp rewrite does not build with ThreadSanitizer:\n%s" % (name,
                                                                                       error)
        status, out, err = run(program, omp, ARCHER_ENV)
        if TSAN_REPORT in err:
            return "%s: ThreadSanitizer (Archer) reports a data race in the openmp " \
                   "rewrite:\n%s" % (name, err)
        if (status, out) != before:
            return "%s: the openmp rewrite's output differs under ThreadSanitizer" % name
    print("%s: the openmp rewrite built with -fopenmp, run and compared%s" %
          (name, " (and under ThreadSanitizer with Archer)" if tsan else ""))
    return None


def runnable_cases(rule_dir):
    rule = os.path.basename(rule_dir.rstrip("/"))
    cases = []
    for n in sorted(os.listdir(rule_dir)):
        path = os.path.join(rule_dir, n)
        if n.endswith(".cpp") and os.path.exists(path + ".fixed") and \
                ("expect-fixed: " + rule) in open(path, encoding="utf-8").read():
            cases.append(path)
    return cases


def main():
    args = sys.argv[1:]
    if args[:1] == ["--list"] and len(args) == 2:
        for case in runnable_cases(os.path.abspath(args[1])):
            print(os.path.basename(case)[: -len(".cpp")])
        return
    if args[:1] == ["--build-tsan-runtime"] and len(args) >= 3:
        build_tsan_runtime(os.path.abspath(args[1]), [os.path.abspath(a) for a in args[2:]])
        return
    only = None
    tsan = None
    while args[:1] in (["--case"], ["--tsan"]) and len(args) >= 2:
        if args[0] == "--case":
            only = args[1]
        else:
            tsan = os.path.abspath(args[1])
        args = args[2:]
    if len(args) < 3:
        sys.exit(__doc__)
    lint, rule_dir = (os.path.abspath(a) for a in args[0:2])
    library = [os.path.abspath(a) for a in args[2:]]
    rule = os.path.basename(rule_dir.rstrip("/"))
    cases = runnable_cases(rule_dir)
    if only is not None:
        cases = [c for c in cases if os.path.basename(c) == only + ".cpp"]
        if not cases:
            sys.exit("FAIL: %s is not a runnable fix case of %s" % (only, rule_dir))
    if not cases:
        sys.exit("FAIL: no runnable fix cases in " + rule_dir)
    with tempfile.TemporaryDirectory(prefix="concur-fixed-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda c: check(lint, rule, c, library, tmp, tsan), cases))
    failures = [r for r in results if r]
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit(1)
    print("ok: %d programs fixed, built, run and compared%s" %
          (len(cases), ", and run under ThreadSanitizer" if tsan else ""))


if __name__ == "__main__":
    main()
