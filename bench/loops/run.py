#!/usr/bin/env python3
"""Benchmark of concur-lint's loop-parallelizable rewrite: serial loop against the rewritten one.

For each program (by default the ones in bench/loops/programs/):
  1. copy it into a temporary folder, with a compile_flags.txt naming the runtime's headers;
  2. run `concur-lint --fix --rules=-*,loop-parallelizable` on the copy, and fail clearly if the
     loop was not rewritten (the copy unchanged, or no call of concur::for_each_index / map /
     map_reduce in it);
  3. build the original and the rewritten copy with the same compiler and flags (-O2), linked
     with the runtime (libconcur.a);
  4. run both (the best of --repeat runs each), check that they print the same output, and print
     the times and the ratio serial / rewritten, with the machine's core count.

Not a timed test: the numbers depend on the machine. `--self-test` checks the script itself (build,
run, compare, and its failures) with hand-written parallel versions in bench/loops/selftest/,
without concur-lint; ctest runs it as runtime.bench_loops_selftest.

  bench/loops/run.py --build build                 # concur-lint and libconcur.a from build/
  bench/loops/run.py --build build --repeat 5 bench/loops/programs/io_heavy_loop.cpp
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RUNTIME_INCLUDE = ROOT / "runtime" / "include"
PROGRAMS = sorted((HERE / "programs").glob("*.cpp"))
RULE = "loop-parallelizable"
# What a rewritten loop calls: one of the runtime's parallel algorithms.
REWRITE_MARK = re.compile(r"\bconcur::(for_each_index|map_reduce|map)\s*\(")


class BenchError(Exception):
    """A failure the user must see: printed as `bench/loops: <message>`, exit status 1."""


def run(command, cwd=None, check=True):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise BenchError(f"command failed with status {result.returncode}: {' '.join(map(str, command))}\n"
                         f"{result.stdout}{result.stderr}")
    return result


def core_count():
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return usable, os.cpu_count(), model


def liburing_from_cache(build):
    """The liburing the build's runtime was linked with, if any (its io_uring file back end)."""
    cache = build / "CMakeCache.txt"
    if not cache.is_file():
        return []
    values = dict(re.findall(r"^(CONCUR_WITH_IO_URING|CONCUR_LIBURING_LIBRARY):[A-Z]+=(.*)$",
                             cache.read_text(), re.M))
    library = values.get("CONCUR_LIBURING_LIBRARY", "")
    if values.get("CONCUR_WITH_IO_URING", "AUTO") == "OFF" or not library or library.endswith("NOTFOUND"):
        return []
    return [library]


def build_program(args, source, binary, defines):
    command = [args.cxx, "-std=c++20", "-O2", "-pthread", "-I", str(RUNTIME_INCLUDE)]
    command += [f"-D{d}" for d in defines]
    command += [str(source), "-o", str(binary), str(args.runtime_lib)] + args.extra_libs
    result = run(command, check=False)
    if result.returncode != 0:
        raise BenchError(f"{source.name} does not build:\n{' '.join(command)}\n{result.stderr}")


def time_program(binary, repeat):
    """Best wall time of `repeat` runs, and the output (the same in every run, or an error)."""
    best, output = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([str(binary)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise BenchError(f"{binary.name} exited with status {result.returncode}:\n{result.stderr}")
        if output is not None and result.stdout != output:
            raise BenchError(f"{binary.name} printed different output from one run to the next")
        output = result.stdout
        best = elapsed if best is None else min(best, elapsed)
    return best, output


def rewrite_with_concur_lint(args, program, work):
    """The program's copy in `work`, after concur-lint --fix; fails unless the loop was rewritten."""
    project = work / "rewrite"
    project.mkdir()
    copy = project / program.name
    shutil.copyfile(program, copy)
    # concur-lint reads the flags of the files of this folder from here, as from a project's.
    (project / "compile_flags.txt").write_text(f"-std=c++20\n-pthread\n-I{RUNTIME_INCLUDE}\n")
    command = [str(args.concur_lint), "--fix", f"--rules=-*,{RULE}", "--fail-on=never", copy.name]
    result = run(command, cwd=project, check=False)
    report = (result.stdout + result.stderr).strip()
    if result.returncode == 2:
        raise BenchError(f"concur-lint refused to run (status 2); is the {RULE} rule built in?\n{report}")
    if result.returncode != 0:
        raise BenchError(f"concur-lint --fix failed on {program.name} (status {result.returncode}):\n{report}")
    rewritten = copy.read_text()
    if rewritten == program.read_text():
        raise BenchError(f"concur-lint did not rewrite the loop in {program.name}: the file is unchanged.\n"
                         f"Its report:\n{report or '(empty)'}")
    if not REWRITE_MARK.search(rewritten):
        raise BenchError(f"concur-lint changed {program.name} but no loop was rewritten into "
                         f"concur::for_each_index, concur::map or concur::map_reduce:\n"
                         + diff_text(program, copy))
    return copy


def diff_text(before, after):
    return "".join(difflib.unified_diff(before.read_text().splitlines(True), after.read_text().splitlines(True),
                                        f"{before.name} (serial)", f"{after.name} (rewritten)"))


def compare(args, program, rewritten, work, defines, show_diff=True):
    """Builds and runs both versions; returns (serial seconds, rewritten seconds)."""
    if not REWRITE_MARK.search(rewritten.read_text()):
        raise BenchError(f"{rewritten} calls none of concur::for_each_index, concur::map, concur::map_reduce: "
                         f"the loop was not rewritten")
    if show_diff:
        print(diff_text(program, rewritten))
    serial_binary, parallel_binary = work / "serial", work / "rewritten"
    build_program(args, program, serial_binary, defines)
    build_program(args, rewritten, parallel_binary, defines)
    serial_time, serial_output = time_program(serial_binary, args.repeat)
    parallel_time, parallel_output = time_program(parallel_binary, args.repeat)
    if serial_output != parallel_output:
        diff = "".join(difflib.unified_diff(serial_output.splitlines(True), parallel_output.splitlines(True),
                                            "serial output", "rewritten output"))
        raise BenchError(f"{program.name}: the rewritten program's output differs from the serial one's:\n{diff}")
    return serial_time, parallel_time


def print_table(rows):
    usable, total, model = core_count()
    print(f"machine: {usable} usable cores ({total} online){', ' + model if model else ''}")
    # Other processes competing for the cores bound what the rewrite can gain: say how busy it was.
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'program':<24} {'serial':>10} {'rewritten':>10} {'serial/rewritten':>17}")
    for name, serial, parallel in rows:
        print(f"{name:<24} {serial:>9.3f}s {parallel:>9.3f}s {serial / parallel:>16.2f}x")


def benchmark(args):
    rows = []
    for program in args.programs:
        with tempfile.TemporaryDirectory(prefix="concur-bench-loops-") as tmp:
            work = Path(tmp)
            rewritten = rewrite_with_concur_lint(args, program, work)
            print(f"== {program.name}: the rewrite")
            serial, parallel = compare(args, program, rewritten, work, args.define)
            rows.append((program.name, serial, parallel))
    print_table(rows)


def expect_failure(what, expected, action):
    try:
        action()
    except BenchError as error:
        if expected not in str(error):
            raise BenchError(f"self-test: {what} failed, but not with \"{expected}\":\n{error}")
        print(f"self-test: {what}: rejected as expected")
        return
    raise BenchError(f"self-test: {what} was accepted, but must fail with \"{expected}\"")


def self_test(args):
    """The script's build/run/compare steps and their failures, on the hand-written fixtures."""
    small = ["BENCH_ITEMS=40", "BENCH_WAIT_MS=5"]
    args.repeat = 1
    rows = []
    for program in PROGRAMS:
        fixture = HERE / "selftest" / (program.stem + ".hand_rewritten.cpp")
        with tempfile.TemporaryDirectory(prefix="concur-bench-loops-selftest-") as tmp:
            rows.append((program.name, *compare(args, program, fixture, Path(tmp), small, show_diff=False)))
    print_table(rows)
    program = HERE / "programs" / "cpu_heavy_loop.cpp"
    fixture = HERE / "selftest" / "cpu_heavy_loop.hand_rewritten.cpp"
    with tempfile.TemporaryDirectory(prefix="concur-bench-loops-selftest-") as tmp:
        work = Path(tmp)
        expect_failure("an unrewritten copy", "the loop was not rewritten",
                       lambda: compare(args, program, program, work, small, show_diff=False))
        wrong = work / "wrong_output.cpp"
        wrong.write_text(fixture.read_text() + "\nstatic struct ExtraOutput {\n"
                         "  ~ExtraOutput() { std::puts(\"one line too many\"); }\n} extra_output;\n")
        expect_failure("a rewrite that prints something else", "output differs",
                       lambda: compare(args, program, wrong, work, small, show_diff=False))
        broken = work / "broken.cpp"
        broken.write_text(fixture.read_text().replace("concur::ThreadPool pool;", "concur::ThreadPool pool"))
        expect_failure("a rewrite that does not compile", "does not build",
                       lambda: compare(args, program, broken, work, small, show_diff=False))
        if shutil.which(str(args.concur_lint)) or Path(args.concur_lint).is_file():
            # Whatever the tool does with the copy, a result without a rewritten loop must be refused.
            unchanged = work / "cheap_loop.cpp"
            unchanged.write_text("#include <cstdio>\nint main() {\n  int total = 0;\n"
                                 "  for (int i = 0; i < 10; ++i) total += i;\n  std::printf(\"%d\\n\", total);\n}\n")
            expect_failure("concur-lint on a loop it must not rewrite", "concur-lint",
                           lambda: rewrite_with_concur_lint(args, unchanged, work))
    print("self-test: passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("programs", nargs="*", type=Path, help="programs to rewrite (default: bench/loops/programs/*.cpp)")
    parser.add_argument("--build", type=Path, default=ROOT / "build",
                        help="the project's build folder (default: build/): bin/concur-lint and runtime/libconcur.a")
    parser.add_argument("--concur-lint", type=Path, help="concur-lint binary (default: BUILD/bin/concur-lint)")
    parser.add_argument("--runtime-lib", type=Path, help="libconcur.a (default: BUILD/runtime/libconcur.a)")
    parser.add_argument("--extra-lib", dest="extra_libs", action="append",
                        help="more to link (default: liburing if BUILD's runtime uses it)")
    parser.add_argument("--cxx", default=os.environ.get("CXX", "c++"), help="C++ compiler (default: $CXX or c++)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each binary; the best time counts (default 3)")
    parser.add_argument("-D", "--define", action="append", default=[], metavar="NAME=VALUE",
                        help="a macro for both builds, e.g. -D BENCH_ITEMS=1500")
    parser.add_argument("--self-test", action="store_true", help="test this script with bench/loops/selftest/")
    args = parser.parse_args()
    # The programs are rewritten and built in a temporary folder: paths given relative to the
    # caller's folder must not change meaning there.
    args.build = args.build.resolve()
    args.concur_lint = (args.concur_lint or args.build / "bin" / "concur-lint").resolve()
    args.runtime_lib = (args.runtime_lib or args.build / "runtime" / "libconcur.a").resolve()
    if args.extra_libs is None:
        args.extra_libs = liburing_from_cache(args.build)
    args.programs = [p.resolve() for p in args.programs] or PROGRAMS
    try:
        if not Path(args.runtime_lib).is_file():
            raise BenchError(f"no runtime library at {args.runtime_lib} (build it: ninja -C BUILD concur_runtime)")
        if args.self_test:
            self_test(args)
            return 0
        if not Path(args.concur_lint).is_file():
            raise BenchError(f"no concur-lint at {args.concur_lint} (build it: ninja -C BUILD concur-lint)")
        for program in args.programs:
            if not program.is_file():
                raise BenchError(f"no such program: {program}")
        benchmark(args)
    except BenchError as error:
        print(f"bench/loops: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
