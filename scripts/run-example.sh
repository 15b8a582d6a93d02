#!/usr/bin/env bash
# Sets up maplens (newest supported LLVM), builds it, and runs it on the
# bundled example, examples/order-book:
#  1. builds the example with its own CMake, -fplugin=MapLens.so and
#     -fplugin-arg-maplens-mode=instrument added to CMAKE_CXX_FLAGS;
#  2. runs it, with MAPLENS_DIR collecting the profile;
#  3. prints `maplens report` (and writes build/order-book-report.md and
#     build/order-book.folded for a flame graph);
#  4. lists the loops with `maplens scan` over compile_commands.json.
#
#   scripts/run-example.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
V="${MAPLENS_LLVM_VERSION:-22}"

scripts/setup.sh "$V"
cmake -S . -B "build/llvm-$V" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLLVM_DIR="$(llvm-config-"$V" --cmakedir)" -DMAPLENS_BUILD_TESTS=OFF >/dev/null
cmake --build "build/llvm-$V"

PLUGIN="$ROOT/build/llvm-$V/lib/MapLens.so"
MAPLENS="$ROOT/build/llvm-$V/bin/maplens"
EXAMPLE_BUILD="$ROOT/build/order-book"

echo
echo "== 1. The example's normal build, with the plugin in instrument mode =="
rm -rf "$EXAMPLE_BUILD"
cmake -S examples/order-book -B "$EXAMPLE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$(llvm-config-"$V" --bindir)/clang++" \
  -DCMAKE_CXX_FLAGS="-fplugin=$PLUGIN -fplugin-arg-maplens-mode=instrument" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$EXAMPLE_BUILD" -- -j1 2>&1 | grep -v '^\[' || true

echo
echo "== 2. Run it =="
PROFILES="$EXAMPLE_BUILD/profiles"
mkdir -p "$PROFILES"
MAPLENS_DIR="$PROFILES" "$EXAMPLE_BUILD/order-book"

echo
echo "== 3. maplens report $PROFILES =="
"$MAPLENS" report "$PROFILES"
"$MAPLENS" report --format=markdown -o "$ROOT/build/order-book-report.md" "$PROFILES"
"$MAPLENS" report --format=folded -o "$ROOT/build/order-book.folded" "$PROFILES"

echo
echo "== 4. maplens scan -p $EXAMPLE_BUILD =="
"$MAPLENS" scan -p "$EXAMPLE_BUILD"
"$MAPLENS" scan --quiet --format=json -o "$ROOT/build/order-book-sites.json" -p "$EXAMPLE_BUILD"
echo
echo "Also written: build/order-book-report.md, build/order-book.folded (flamegraph.pl,"
echo "speedscope, inferno), build/order-book-sites.json"
