#!/usr/bin/env bash
# Installs what maplens needs to build (and, with --tests, to test) against
# the given LLVM major versions.
#
#   scripts/setup.sh [--tests] [--bench] LLVM_MAJOR...
#
# On Debian/Ubuntu it installs the missing packages with apt (as root, or
# through sudo). Elsewhere it prints what to install and exits 1.
#
# libc++: Debian's libc++-N-dev packages conflict with one another, so only
# the newest requested version is installed; for the others the libc++
# headers are unpacked from their .deb into .deps/libcxx-N/ (tests only
# parse with them, they never link).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WANT_TESTS=0
WANT_BENCH=0
VERSIONS=()
for arg in "$@"; do
  case "$arg" in
    --tests) WANT_TESTS=1 ;;
    --bench) WANT_BENCH=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    [0-9]*) VERSIONS+=("$arg") ;;
    *) echo "setup.sh: error: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
if [ ${#VERSIONS[@]} -eq 0 ]; then
  VERSIONS=(22)
fi
for v in "${VERSIONS[@]}"; do
  if [ "$v" -lt 19 ] || [ "$v" -gt 22 ]; then
    echo "setup.sh: error: LLVM $v is not supported (19 through 22)" >&2
    exit 2
  fi
done
NEWEST=$(printf '%s\n' "${VERSIONS[@]}" | sort -n | tail -1)

packages=(cmake ninja-build g++ python3 git)
for v in "${VERSIONS[@]}"; do
  packages+=("llvm-$v-dev" "libclang-$v-dev" "clang-$v" "clang-tidy-$v" "llvm-$v-tools")
done
if [ "$WANT_TESTS" = 1 ]; then
  packages+=(libgtest-dev "libc++-$NEWEST-dev" "libc++abi-$NEWEST-dev")
  # The runtime tests also run under ThreadSanitizer and AddressSanitizer.
  for v in "${VERSIONS[@]}"; do
    packages+=("libclang-rt-$v-dev")
  done
fi
if [ "$WANT_BENCH" = 1 ]; then
  packages+=(libbenchmark-dev valgrind)
fi

print_manual_instructions() {
  cat >&2 <<EOF
setup.sh: this is not a Debian/Ubuntu system with apt; install by hand:
  - CMake >= 3.20, Ninja, a C++17 compiler, Python 3
  - for each LLVM version (${VERSIONS[*]}): LLVM and Clang development files
    (LLVMConfig.cmake, ClangConfig.cmake, the clang-cpp and LLVM shared
    libraries), clang++ and clang-tidy of that version, and LLVM's FileCheck,
    not, count and lit
  - for --tests: GoogleTest, libc++ headers for LLVM ${NEWEST}, and
    compiler-rt's sanitizer runtimes for each LLVM version
  - for --bench: Google Benchmark, and Valgrind (instruction counts)
  Homebrew:  brew install llvm@${NEWEST} cmake ninja googletest google-benchmark valgrind
  Fedora:    dnf install llvm-devel clang-devel clang-tools-extra llvm-test cmake ninja-build gtest-devel libcxx-devel
Then configure with -DLLVM_DIR=<prefix>/lib/cmake/llvm.
EOF
}

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  print_manual_instructions
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

SUDO=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "setup.sh: error: missing packages and neither root nor sudo:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  # A libc++-N-dev of another version blocks the one we want; replacing it
  # is what apt would propose anyway, and only headers are affected.
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    echo "setup.sh: error: apt-get could not install: ${missing[*]}" >&2
    echo "  On older distributions LLVM ${VERSIONS[*]} may need LLVM's own apt repository." >&2
    exit 1
  fi
else
  echo "setup.sh: all packages present (${#packages[@]} checked)"
fi

# libc++ headers for the older versions (see the header comment).
if [ "$WANT_TESTS" = 1 ]; then
  for v in "${VERSIONS[@]}"; do
    [ "$v" = "$NEWEST" ] && continue
    [ -f "/usr/lib/llvm-$v/include/c++/v1/map" ] && continue
    dest="$ROOT/.deps/libcxx-$v"
    [ -f "$dest/usr/lib/llvm-$v/include/c++/v1/map" ] && continue
    echo "setup.sh: unpacking libc++ $v headers into .deps/libcxx-$v"
    tmp=$(mktemp -d)
    # apt's download sandbox user must be able to write here.
    chmod 755 "$tmp"
    (cd "$tmp" && apt-get download "libc++-$v-dev" "libc++abi-$v-dev" >/dev/null 2>&1) || {
      echo "setup.sh: error: could not download libc++-$v-dev (run apt-get update?)" >&2
      rm -rf "$tmp"; exit 1; }
    mkdir -p "$dest"
    for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$dest"; done
    rm -rf "$tmp"
  done
fi
