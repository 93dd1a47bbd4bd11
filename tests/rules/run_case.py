#!/usr/bin/env python3
"""Runs one rule case and checks its findings exactly.

    run_case.py LINT CASE

CASE is a source file, or a directory whose sources are analysed together as one program
(several translation units, headers, a .concur-lint.yaml). The case is copied to a fresh
temporary directory first, so that no compile database or configuration around the source tree
can change its meaning.

  // expect: RULE-ID     at the end of a line: exactly one finding of RULE-ID there.
  // expect: RULE-ID(info)
                         ... and it has that severity (info, warning or error).
                         Every other line of every file of the case must have no finding
                         of the rule under test: the case's folder name, tests/rules/<rule-id>.
  // expect-fixed: RULE-ID
                         a finding before --fix that the fix removes (fix cases); a
                         severity may follow as for expect.
  args.txt               (directories) concur-lint arguments, one per line; lines after a
                         line `--` are compiler arguments (besides -std=c++20 -pthread and
                         -I runtime/include, the runtime's headers).
  NAME.fixed             beside a file NAME: a fix case. After `concur-lint --fix` (with the
                         rule under test only: --rules=-*,RULE), NAME must
                         read exactly as NAME.fixed (without the .fixed files' own expectations
                         special), every source must compile with clang++-19 (C: clang-19), and a
                         second run must find exactly the `// expect:` lines again (the
                         `// expect-fixed:` ones are gone).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXPECT = re.compile(r"//\s*expect:\s*([A-Za-z0-9_.-]+)(?:\((info|warning|error)\))?")
EXPECT_FIXED = re.compile(r"//\s*expect-fixed:\s*([A-Za-z0-9_.-]+)(?:\((info|warning|error)\))?")
SOURCES = (".c", ".cc", ".cpp", ".cxx")
CLANG = os.environ.get("CLANGXX", "clang++-19")
CLANG_C = os.environ.get("CLANGC", "clang-19")
# The runtime's headers, as a user of `#include <concur/...>` has them: fixes rewrite code onto
# the runtime (concur::gather, concur::sleep, concur::to_thread, the loop executors), and the
# fixed sources compile against it.
RUNTIME_INCLUDE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                "..", "..", "runtime", "include"))


def annotations(root, after_fix=False):
    """{(relative file, line, rule): count} over every file under root except .fixed ones."""
    want = {}
    for rel in files_of(root):
        if rel.endswith(".fixed"):
            continue
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                rules = EXPECT.findall(line) + ([] if after_fix else EXPECT_FIXED.findall(line))
                for rule, severity in rules:
                    if RULE and rule != RULE:
                        continue
                    key = (rel, number, rule)
                    want[key] = want.get(key, 0) + 1
                    if severity:
                        SEVERITIES[key] = severity
    return want


OPENMP = re.compile(r"^\s*#\s*(pragma\s+omp\b|include\s*[<\"]omp\.h[>\"])", re.M)


def uses_openmp(path):
    with open(path, encoding="utf-8") as f:
        return OPENMP.search(f.read()) is not None


def files_of(root):
    out = []
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            out.append(os.path.relpath(os.path.join(base, n), root))
    return out


def read_args(root, c_only=False):
    own, compiler = [], ["-std=c11" if c_only else "-std=c++20", "-pthread", "-I", os.path.realpath(RUNTIME_INCLUDE)]
    path = os.path.join(root, "args.txt")
    if os.path.exists(path):
        target = own
        for line in open(path, encoding="utf-8").read().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "--":
                target = compiler
                continue
            target.append(line)
    return own, compiler


def lint(binary, root, targets, own, compiler, extra=()):
    # No facts cache: a case runs once, so its entries would never be read.
    cmd = [binary, "--format=json", "--no-cache", *own, *extra, *targets, "--", *compiler]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit("FAIL: %s printed no JSON (exit %d)\n%s" % (" ".join(cmd), proc.returncode, proc.stderr))
    if data.get("errors"):
        sys.exit("FAIL: analysis errors:\n" + "\n".join(e["message"] for e in data["errors"]))
    got = {}
    for d in data["diagnostics"]:
        # A case tests the rule of its folder (tests/rules/<rule-id>/): the other rules'
        # findings (a lock_guard in a coroutine also blocks) are their own cases' business.
        if RULE and d["rule"] != RULE:
            continue
        rel = os.path.relpath(os.path.realpath(d["file"]), os.path.realpath(root))
        key = (rel, d["line"], d["rule"])
        got[key] = got.get(key, 0) + 1
        if key in SEVERITIES and d["severity"] != SEVERITIES[key]:
            # Counted under another key: the comparison reports it as missing and unexpected.
            got[key] -= 1
            bad = key[:2] + ("%s(%s)" % (key[2], d["severity"]),)
            got[bad] = got.get(bad, 0) + 1
    return got, data, proc


def compare(phase, want, got):
    ok = True
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, 0), got.get(key, 0)
        if w != g:
            ok = False
            print("%s: %s:%d %s expected %d finding(s), got %d" % (phase, key[0], key[1], key[2], w, g))
    return ok


RULE = None
SEVERITIES = {}  # (file, line, rule) -> the severity its `// expect: RULE(severity)` asks for


def main():
    global RULE
    binary, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    RULE = os.path.basename(os.path.dirname(case.rstrip("/")))
    with tempfile.TemporaryDirectory(prefix="concur-case-") as tmp:
        root = os.path.join(tmp, "case")
        if os.path.isdir(case):
            shutil.copytree(case, root)
            targets = ["."]
        else:
            os.makedirs(root)
            shutil.copy(case, root)
            for extra in (case + ".fixed",):
                if os.path.exists(extra):
                    shutil.copy(extra, root)
            targets = [os.path.basename(case)]
        own, compiler = read_args(root, c_only=case.endswith(".c"))

        want = annotations(root)  # first: it reads the severities lint() checks
        got, data, _ = lint(binary, root, targets, own, compiler)
        ok = compare("findings", want, got)
        for d in data["diagnostics"]:
            if d["severity"] not in ("info", "warning", "error") or not d["message"]:
                ok = False
                print("malformed diagnostic: %r" % d)

        fixed = [f for f in files_of(root) if f.endswith(".fixed")]
        if fixed and ok:
            # Only the fixes of the rule under test: another rule's fix (a lock_guard for a
            # manual lock) would make the file differ from what this case expects.
            _, _, proc = lint(binary, root, targets, own, compiler,
                              extra=["--fix", "--rules=-*," + RULE])
            after = {}
            for f in fixed:
                source = f[: -len(".fixed")]
                expected = open(os.path.join(root, f), encoding="utf-8").read()
                actual = open(os.path.join(root, source), encoding="utf-8").read()
                if actual != expected:
                    ok = False
                    print("fix: %s differs from %s:\n--- got ---\n%s" % (source, f, actual))
                os.remove(os.path.join(root, f))
            for rel in files_of(root):
                if rel.endswith(SOURCES):
                    # C files compile as C: a -std=c++NN in the case's flags gives way to c11.
                    c = rel.endswith(".c")
                    flags = [("-std=c11" if c and f.startswith("-std=c++") else f) for f in compiler]
                    # OpenMP code is checked as OpenMP: without -fopenmp its pragmas (and
                    # a fix's clauses) are ignored.
                    if uses_openmp(os.path.join(root, rel)):
                        flags.append("-fopenmp")
                    cc = subprocess.run([CLANG_C if c else CLANG, "-fsyntax-only", *flags,
                                         "-I", root, rel],
                                        cwd=root, capture_output=True, text=True)
                    if cc.returncode != 0:
                        ok = False
                        print("fix: %s does not compile after --fix:\n%s" % (rel, cc.stderr))
            if ok:
                got_after, _, _ = lint(binary, root, targets, own, compiler)
                ok = compare("after --fix", annotations(root, after_fix=True), got_after) and ok
        if not ok:
            sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
