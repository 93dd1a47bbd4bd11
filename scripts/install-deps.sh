#!/usr/bin/env bash
# Installs, from Debian 12's own archive, everything concur-lint needs to build, test and demo.
# Idempotent and fast when everything is present: apt is only touched for missing packages.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # the .deb (cpack: dpkg-shlibdeps) and its test (man reads the generated pages)
  dpkg-dev man-db
  # LLVM/Clang 19 LibTooling and the tools the tests drive
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 clangd-19 clang-tools-19 libclang-rt-19-dev
  # OpenMP: clang's omp.h for parsing OpenMP code, libomp and Archer (its ThreadSanitizer tool)
  # to run the race-openmp cases
  libomp-19-dev
  # what the static Clang/LLVM archives concur-lint links need (CONCUR_STATIC_LLVM)
  zlib1g-dev libzstd-dev libncurses-dev
  # configuration and tests
  libyaml-cpp-dev libgtest-dev libgmock-dev python3 python3-jsonschema
  # the clients the integrations are tested with (docs/integrations.md)
  pre-commit git neovim
  # runtime: io_uring for async files (optional: without it, files use the thread back end)
  liburing-dev
  # runtime: concur::http on libcurl's multi-socket API; its tests' servers (nginx for HTTP/2 and
  # TLS, openssl for a self-signed certificate) and the benchmark's Python peer (aiohttp)
  libcurl4-openssl-dev nginx-light openssl python3-aiohttp
  # runtime benchmarks' peers
  libtbb-dev libboost1.81-dev
  # runtime: concur::queue (Celery's protocol on Redis), its tests (Celery, a headless browser for
  # the status page) and its benchmark's peers (Celery, RQ, redis-benchmark)
  libhiredis-dev nlohmann-json3-dev redis-server redis-tools python3-celery python3-redis python3-rq chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
