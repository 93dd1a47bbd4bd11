#!/usr/bin/env bash
# loop-parallelizable's rewrites on real code, proven with the code's own tests under
# ThreadSanitizer (issue 27): a copy of a package fetched by scripts/fetch-real-code.sh gets
# `concur-lint --fix --rules=-*,loop-parallelizable`, is built with -fsanitize=thread against the
# runtime built with it, and runs its own test suite. It passes when every test passes and
# ThreadSanitizer reports nothing. The source tree is never touched: all happens in a copy.
#
#   bench/fix-tsan/run.sh [CACHE_DIR] [PACKAGE]     # default: build-real/ of this tree, leveldb
#
# Env: CONCUR_LINT (default build/bin/concur-lint), TSAN_RUNTIME (the runtime built with
# ThreadSanitizer; default build/tests/rules/libconcur_runtime_tsan.a, a target of the build),
# JOBS (default: all cores), KEEP=1 keeps the work directory.
# Packages with a recipe: leveldb (CMake, its gtest suite from Debian's googletest packages).
set -euo pipefail

HERE=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${1:-$HERE/build-real}
PKG=${2:-leveldb}
LINT=${CONCUR_LINT:-$HERE/build/bin/concur-lint}
TSAN_RUNTIME=${TSAN_RUNTIME:-$HERE/build/tests/rules/libconcur_runtime_tsan.a}
JOBS=${JOBS:-$(nproc)}

die() { echo "fix-tsan: $*" >&2; exit 2; }
[ -x "$LINT" ] || die "no concur-lint at $LINT (build it first)"
[ -f "$TSAN_RUNTIME" ] || die "no ThreadSanitizer runtime at $TSAN_RUNTIME (ninja -C build concur_runtime_tsan)"
SRC=$(readlink -f "$CACHE/$PKG" 2>/dev/null) || die "no $CACHE/$PKG (run scripts/fetch-real-code.sh)"
[ -d "$SRC" ] || die "no $SRC (run scripts/fetch-real-code.sh)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/concur-fix-tsan-$PKG.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work directory: $WORK"; fi
mkdir "$WORK/src"
# The sources only: the compile database's build tree of fetch-real-code.sh stays behind.
tar -C "$SRC" --exclude=./build-cl --exclude=./compile_commands.json -cf - . | tar -C "$WORK/src" -xf -

TSAN="-fsanitize=thread -g"
case $PKG in
  leveldb)
    # C++20 for the runtime's headers that the rewrites include.
    cmake -S "$WORK/src" -B "$WORK/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_CXX_STANDARD=20 \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DLEVELDB_BUILD_TESTS=ON -DLEVELDB_BUILD_BENCHMARKS=OFF \
      -DCMAKE_C_FLAGS="$TSAN" -DCMAKE_CXX_FLAGS="$TSAN -I$HERE/runtime/include" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread $TSAN_RUNTIME -pthread" \
      >"$WORK/configure.log" 2>&1 || { cat "$WORK/configure.log" >&2; die "$PKG: configure failed"; }
    ;;
  *) die "no recipe for $PKG" ;;
esac

echo "== $PKG: concur-lint --fix --rules=-*,loop-parallelizable"
"$LINT" --fix --no-cache --rules=-*,loop-parallelizable -j "$JOBS" -p "$WORK/build" "$WORK/src" \
  >"$WORK/fix.log" 2>&1 || true
grep -E "info:|error:" "$WORK/fix.log" || true
FIXED=$(sed -n 's/.*applied the fixes of \([0-9]*\) finding.*/\1/p' "$WORK/fix.log")
echo "rewritten loops: ${FIXED:-0}"
if grep -q "error(s)" "$WORK/fix.log" && ! grep -q " 0 error(s)" "$WORK/fix.log"; then
  tail -5 "$WORK/fix.log" >&2; die "$PKG: analysis errors"
fi

echo "== $PKG: build with ThreadSanitizer"
cmake --build "$WORK/build" -j "$JOBS" >"$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log" >&2; die "$PKG: the rewritten code does not build"; }

echo "== $PKG: its own tests under ThreadSanitizer"
set +e
(cd "$WORK/build" && TSAN_OPTIONS="halt_on_error=0:exitcode=66" \
  ctest -j "$JOBS" --output-on-failure >"$WORK/test.log" 2>&1)
STATUS=$?
set -e
grep -E "tests passed|tests failed" "$WORK/test.log" || true
REPORTS=$(grep -c "WARNING: ThreadSanitizer:" "$WORK/test.log" || true)
echo "ThreadSanitizer reports: $REPORTS"
if [ "$STATUS" != 0 ] || [ "$REPORTS" != 0 ]; then
  grep -B2 -A30 "WARNING: ThreadSanitizer:" "$WORK/test.log" | head -80 >&2 || true
  echo "FAIL: $PKG after --fix: tests exit $STATUS, $REPORTS ThreadSanitizer report(s)" >&2
  exit 1
fi
echo "ok: $PKG, ${FIXED:-0} loop(s) rewritten, its tests pass under ThreadSanitizer"
