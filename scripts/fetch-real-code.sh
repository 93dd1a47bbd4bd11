#!/usr/bin/env bash
# Fetch real, threaded C/C++ code that nobody here wrote (Debian 12 source packages) and produce
# a compile_commands.json for each, so that concur-lint can be measured on it
# (scripts/real-code-report.sh, docs/real-code.md).
#
#   scripts/fetch-real-code.sh [CACHE_DIR]        # default: build-real/ of this work tree
#
# Idempotent: a package already unpacked is not fetched again, a compile database already built is
# kept (delete CACHE_DIR/<pkg>/compile_commands.json to rebuild it). None of the fetched code is
# part of this repository (/build-*/ is git-ignored).
#
# Packages: memcached, redis, leveldb (always); libuv1, zeromq3, sqlite3, curl, libarchive,
# libevent, libgit2, nginx, ninja-build and the C++ of onetbb, abseil and rocksdb when listed in
# $REAL_CODE_EXTRA (e.g. REAL_CODE_EXTRA="libuv1 zeromq3"). curl, libarchive, libevent, libgit2,
# ninja-build, onetbb and abseil (with their tests) and rocksdb (without) are only configured
# (CMake writes the compile database without building; the robustness run, bench/robustness/, wants
# many TUs, not binaries); nginx is configured and its commands read from `make -n`; the others
# are built so that generated headers exist.
#
# apt-get update runs when deb-src was just added or no source index exists (NEED_UPDATE=1 forces it).
# Needs root (apt-get) or sudo. Writes /etc/apt/sources.list.d/concur-lint-bookworm-src.sources
# when no deb-src entry for bookworm exists yet.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${1:-$HERE/build-real}
PACKAGES="memcached redis leveldb ${REAL_CODE_EXTRA:-}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

log() { printf '== %s\n' "$*" >&2; }

# --- 1. deb-src for bookworm ------------------------------------------------------------------
has_deb_src() {
  grep -rqsE '^[[:space:]]*deb-src[[:space:]].*bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null && return 0
  # deb822: a stanza with "Types: ... deb-src ..." and "Suites: ... bookworm ..."
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN{RS=""} /Types:[^\n]*deb-src/ && /Suites:[^\n]*bookworm([ \n]|$)/ {found=1} END{exit !found}' "$f" && return 0
  done
  return 1
}
if ! has_deb_src; then
  log "adding deb-src for bookworm"
  $SUDO tee /etc/apt/sources.list.d/concur-lint-bookworm-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  NEED_UPDATE=1
fi
# apt-get update when asked for, when deb-src was just added or when no source index exists yet
if [ -n "${NEED_UPDATE:-}" ] || ! ls /var/lib/apt/lists/*_source_Sources* >/dev/null 2>&1; then
  log "apt-get update"
  $SUDO apt-get update -qq
fi

# --- 2. build tools and -dev packages ---------------------------------------------------------
need=()
for p in dpkg-dev bear cmake make gcc g++ pkg-config libevent-dev libsystemd-dev libssl-dev \
         libsasl2-dev libseccomp-dev zlib1g-dev libsnappy-dev liblzf-dev liblua5.1-0-dev \
         lua-cjson-dev libhiredis-dev libjemalloc-dev autoconf automake libtool \
         libpcre2-dev libhttp-parser-dev libgtest-dev libgmock-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$CACHE"
cd "$CACHE"

# --- 3. sources ---------------------------------------------------------------------------------
# the unpacked source tree of package $1 (apt-get source unpacks into <pkg>-<upstream version>)
srcdir_of() {
  local d
  for d in "$CACHE/$1"-[0-9]*/; do
    [ -d "$d" ] && { printf '%s\n' "${d%/}"; return 0; }
  done
  return 1
}
for pkg in $PACKAGES; do
  if ! srcdir_of "$pkg" >/dev/null; then
    log "apt-get source $pkg"
    (cd "$CACHE" && apt-get source -qq "$pkg" >/dev/null)
  fi
  # a stable name for the other scripts: CACHE/<pkg> -> the unpacked tree
  ln -sfn "$(basename "$(srcdir_of "$pkg")")" "$CACHE/$pkg"
done

# --- 4. compile databases ---------------------------------------------------------------------
# bear writes compile_commands.json in the current directory; a build that fails part way still
# leaves the commands of the TUs it compiled, which is what the report needs (the failure is
# logged).
db_ok() { [ -s "$1/compile_commands.json" ] && [ "$(grep -c '"file"' "$1/compile_commands.json")" -gt 0 ]; }
JOBS=${JOBS:-2}

build_memcached() {
  local s=$1
  cd "$s"
  [ -f Makefile ] || ./configure --quiet --disable-docs >/dev/null
  bear -- make -j"$JOBS" >build.log 2>&1 || log "memcached: make failed (see $s/build.log)"
}
build_redis() {
  local s=$1
  cd "$s"
  # the Debian tree builds its bundled deps (hiredis, lua, hdr_histogram, linenoise, fpconv)
  # itself; jemalloc and TLS are not needed for analysis.
  bear -- make -j"$JOBS" MALLOC=libc USE_JEMALLOC=no BUILD_TLS=no USE_SYSTEMD=no >build.log 2>&1 ||
    log "redis: make failed (see $s/build.log)"
}
build_cmake() {  # $1 source, extra cmake flags after
  local s=$1; shift
  cmake -S "$s" -B "$s/build-cl" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$s/cmake.log" 2>&1
  cp "$s/build-cl/compile_commands.json" "$s/compile_commands.json"
  # generated headers (e.g. port config) must exist for the analysis to parse the TUs
  make -C "$s/build-cl" -j"$JOBS" >"$s/build.log" 2>&1 || log "$(basename "$s"): make failed (see $s/build.log)"
}
configure_cmake() {  # $1 source, extra cmake flags after: the compile database only, no build
  local s=$1; shift
  cmake -S "$s" -B "$s/build-cl" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$s/cmake.log" 2>&1 ||
    log "$(basename "$s"): cmake failed (see $s/cmake.log)"
  [ -f "$s/build-cl/compile_commands.json" ] && cp "$s/build-cl/compile_commands.json" "$s/compile_commands.json"
}
build_nginx() {
  local s=$1
  cd "$s"
  # the upstream configure with its default modules writes objs/Makefile and the generated
  # headers; the compile commands are read from `make -n` (nothing is built: bear hung here)
  [ -f objs/Makefile ] || ./configure --with-threads --with-http_ssl_module --with-http_v2_module \
    --with-stream --with-mail >configure.log 2>&1
  make -n -f objs/Makefile >make-n.log 2>&1 || true
  python3 - "$s" <<'PY'
import json, shlex, sys
src = sys.argv[1]
text = open(src + "/make-n.log").read().replace("\\\n", " ")
entries = []
for line in text.splitlines():
    args = shlex.split(line)
    if len(args) > 2 and args[0] == "cc" and "-c" in args and args[-1].endswith(".c"):
        entries.append({"directory": src, "file": args[-1], "arguments": args})
json.dump(entries, open(src + "/compile_commands.json", "w"), indent=1)
PY
}
configure_libgit2() {
  local s=$1
  configure_cmake "$s" -DBUILD_TESTS=ON -DBUILD_CLI=ON -DUSE_HTTP_PARSER=system \
    -DREGEX_BACKEND=pcre2 -DUSE_HTTPS=OpenSSL -DUSE_NTLMCLIENT=OFF -DUSE_SSH=OFF
  # the tests' -include clar_suite.h, which a build step writes (as tests/*/CMakeLists.txt do)
  (cd "$s/tests/libgit2" && python3 ../clar/generate.py -o "$s/build-cl/tests/libgit2" -f \
     -xonline -xstress -xperf . >/dev/null)
  (cd "$s/tests/util" && python3 ../clar/generate.py -o "$s/build-cl/tests/util" -f . >/dev/null)
}
build_sqlite3() {
  local s=$1
  cd "$s"
  [ -f Makefile ] || ./configure --quiet >/dev/null
  bear -- make -j"$JOBS" libsqlite3.la >build.log 2>&1 || log "sqlite3: make failed (see $s/build.log)"
}

for pkg in $PACKAGES; do
  s=$(srcdir_of "$pkg")
  if db_ok "$s"; then log "$pkg: compile_commands.json present"; continue; fi
  log "$pkg: building for compile_commands.json"
  case $pkg in
    memcached) build_memcached "$s" ;;
    redis)     build_redis "$s" ;;
    leveldb)   build_cmake "$s" -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=OFF ;;
    libuv1)    build_cmake "$s" -DLIBUV_BUILD_TESTS=OFF -DLIBUV_BUILD_BENCH=OFF ;;
    zeromq3)   build_cmake "$s" -DBUILD_TESTS=OFF -DWITH_DOCS=OFF -DWITH_PERF_TOOL=OFF ;;
    sqlite3)   build_sqlite3 "$s" ;;
    nginx)     build_nginx "$s" ;;
    curl)      configure_cmake "$s" -DBUILD_TESTING=ON -DCURL_USE_LIBSSH2=OFF -DUSE_LIBIDN2=OFF \
                 -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF -DCURL_USE_OPENSSL=ON ;;
    libarchive) configure_cmake "$s" -DENABLE_TEST=ON ;;
    libevent)  configure_cmake "$s" -DEVENT__DISABLE_TESTS=OFF -DEVENT__DISABLE_SAMPLES=OFF ;;
    ninja-build) configure_cmake "$s" -DBUILD_TESTING=ON ;;
    libgit2)   configure_libgit2 "$s" ;;
    onetbb)    configure_cmake "$s" -DTBB_TEST=ON -DTBB_EXAMPLES=ON -DTBB_STRICT=OFF ;;
    abseil)    configure_cmake "$s" -DBUILD_TESTING=ON -DABSL_BUILD_TESTING=ON -DCMAKE_CXX_STANDARD=17 \
                 -DABSL_USE_EXTERNAL_GOOGLETEST=ON -DABSL_FIND_GOOGLETEST=ON ;;
    rocksdb)   configure_cmake "$s" -DWITH_TESTS=OFF -DWITH_BENCHMARK_TOOLS=OFF -DWITH_TOOLS=OFF \
                 -DWITH_CORE_TOOLS=OFF -DWITH_GFLAGS=OFF -DFAIL_ON_WARNINGS=OFF ;;
    *) log "$pkg: no recipe"; continue ;;
  esac
  if db_ok "$s"; then
    log "$pkg: $(grep -c '"file"' "$s/compile_commands.json") compile commands"
  else
    log "$pkg: no compile_commands.json"; exit 1
  fi
done
log "done: $CACHE"
