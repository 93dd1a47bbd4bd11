#!/usr/bin/env bash
# Run race-shared-global on the real code fetched by scripts/fetch-real-code.sh and print, per
# package: TUs analysed, findings, analysis errors by kind, wall time and peak memory.
#
#   scripts/real-code-report.sh [CACHE_DIR] [PACKAGES...]    # default: build-real/ of this work tree, all
#
# Env: CONCUR_LINT (binary, default build/bin/concur-lint), JOBS (-j, default: all cores).
# Keeps each run's output in CACHE_DIR/report/<pkg>.{json,stderr} for reading the findings.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${1:-$HERE/build-real}
shift || true
LINT=${CONCUR_LINT:-$HERE/build/bin/concur-lint}
JOBS_ARG=()
[ -n "${JOBS:-}" ] && JOBS_ARG=(-j "$JOBS")
OUT=$CACHE/report
mkdir -p "$OUT"

if [ $# -gt 0 ]; then
  PKGS=("$@")
else
  PKGS=()
  for l in "$CACHE"/*; do
    [ -L "$l" ] && [ -s "$l/compile_commands.json" ] && PKGS+=("$(basename "$l")")
  done
fi

printf '%-10s %5s %8s %7s  %-40s %9s %9s\n' package TUs findings errors "errors by kind" "wall s" "maxRSS MB"
for pkg in "${PKGS[@]}"; do
  # the real path: concur-lint matches the database's (resolved) file names against the
  # directory given, so a symlinked directory would match none of them
  src=$(readlink -f "$CACHE/$pkg")
  [ -s "$src/compile_commands.json" ] || { echo "$pkg: no compile_commands.json (run scripts/fetch-real-code.sh)" >&2; continue; }
  set +e
  /usr/bin/time -v -o "$OUT/$pkg.time" \
    "$LINT" --rules=race-shared-global --format=json "${JOBS_ARG[@]}" -p "$src" "$src" \
    >"$OUT/$pkg.json" 2>"$OUT/$pkg.stderr"
  rc=$?
  set -e
  python3 - "$pkg" "$rc" "$OUT/$pkg.json" "$OUT/$pkg.stderr" "$OUT/$pkg.time" <<'EOF'
import collections, json, re, sys
pkg, rc, jpath, epath, tpath = sys.argv[1:]
try:
    d = json.load(open(jpath))
except Exception as e:  # a crash leaves no (or half a) document
    d = {"diagnostics": [], "errors": [{"file": "?", "message": "no JSON report: %s" % e}]}
err = open(epath, errors="replace").read()
m = re.search(r"(\d+) file\(s\) analysed", err)
tus = m.group(1) if m else "?"
diags = [x for x in d.get("diagnostics", []) if x.get("rule") == "race-shared-global"]
def kind(msg):
    if "file not found" in msg: return "missing-header"
    if "cannot be analysed" in msg: return "compile-error"
    if "crash" in msg.lower() or "signal" in msg.lower(): return "crash"
    return "other"
kinds = collections.Counter(kind(e.get("message", "")) for e in d.get("errors", []))
if int(rc) >= 128 or "Segmentation" in err or "Assertion" in err or "Stack dump" in err:
    kinds["CRASH(rc=%s)" % rc] += 1
t = open(tpath).read()
el = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
secs = 0.0
for part in el.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
ks = ", ".join("%s %d" % kv for kv in sorted(kinds.items())) or "-"
print("%-10s %5s %8d %7d  %-40s %9.1f %9.0f" % (pkg, tus, len(diags), len(d.get("errors", [])), ks, secs, rss))
EOF
done
