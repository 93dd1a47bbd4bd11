#!/usr/bin/env python3
"""Precision and recall of one rule over its annotated cases, by group of cases.

    score_corpus.py LINT RULE [--markdown]

Runs LINT on every case of tests/rules/RULE/ (run by `make test`, so exact today) and of
tests/pending-rule-cases/RULE/ (the known misses and false alarms), as run_case.py does, and
counts per `// expect:` line: a finding on an annotated line is a true positive, a finding on
another line a false positive, an annotated line without one a false negative. Cases are grouped
by the kind of happens-before or path they show (`hb_barrier_pthread_phases.c` -> hb_barrier,
`path_noreturn_x.c` -> path_noreturn, `obj_c_x.c` -> obj_c); the cases of the earlier issues make one group. A case whose name ends in `_race` is racy; the others are
race-free, and a race-free case with any finding counts as a false alarm of its program.
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_case  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


PATHS = ("mode_flag", "crash_path", "noreturn_exit", "param_constant", "param_null")


def group(name):
    stem = name.split(".")[0]
    parts = stem.split("_")
    if parts[0] in ("hb", "path"):
        return "_".join(parts[:2])
    if stem.startswith(PATHS):
        return "path_" + parts[0]
    if parts[0] == "obj":  # objects shared through locals (issue 21): C or C++
        return "obj_" + parts[1]
    return "earlier cases (threads, locks, entries, fixes)"


def score(binary, case):
    with tempfile.TemporaryDirectory(prefix="concur-score-") as tmp:
        root = os.path.join(tmp, "case")
        if os.path.isdir(case):
            shutil.copytree(case, root)
            targets = ["."]
        else:
            os.makedirs(root)
            shutil.copy(case, root)
            targets = [os.path.basename(case)]
        own, compiler = run_case.read_args(root, c_only=case.endswith(".c"))
        run_case.SEVERITIES.clear()
        want = run_case.annotations(root)
        got, _, _ = run_case.lint(binary, root, targets, own, compiler)
    tp = sum(min(w, got.get(k, 0)) for k, w in want.items())
    fn = sum(max(w - got.get(k, 0), 0) for k, w in want.items())
    fp = sum(max(g - want.get(k, 0), 0) for k, g in got.items())
    return tp, fp, fn


def main():
    binary, rule = os.path.abspath(sys.argv[1]), sys.argv[2]
    markdown = "--markdown" in sys.argv
    run_case.RULE = rule
    folders = [os.path.join(HERE, rule), os.path.join(HERE, "..", "pending-rule-cases", rule)]
    rows = {}
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not (os.path.isdir(path) or name.endswith(run_case.SOURCES)):
                continue
            tp, fp, fn = score(binary, path)
            r = rows.setdefault(group(name), [0, 0, 0, 0, 0, 0])
            r[0] += tp
            r[1] += fp
            r[2] += fn
            racy = name.split(".")[0].endswith("_race") or tp + fn > 0
            r[3] += 1
            r[4] += 0 if racy else 1
            r[5] += 1 if (not racy and fp) else 0
    total = [sum(r[i] for r in rows.values()) for i in range(6)]

    def ratio(a, b):
        return "%.2f" % (a / b) if b else "-"

    head = ["group", "cases", "race-free", "race-free with a finding", "TP", "FP", "FN",
            "precision", "recall"]
    lines = []
    for name, r in sorted(rows.items()) + [("**all**", total)]:
        lines.append([name, r[3], r[4], r[5], r[0], r[1], r[2], ratio(r[0], r[0] + r[1]),
                      ratio(r[0], r[0] + r[2])])
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + " --- |" * len(head))
        for l in lines:
            print("| " + " | ".join(str(x) for x in l) + " |")
    else:
        for l in [head] + lines:
            print("  ".join(str(x).ljust(10) for x in l))


if __name__ == "__main__":
    main()
