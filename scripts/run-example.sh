#!/usr/bin/env bash
# Sets up maplens (newest supported LLVM), builds it, and runs it on the
# bundled example, examples/order-book: first as a compiler plugin in the
# example's own CMake build, then as `maplens scan` over the build's
# compile_commands.json (text, and JSON into build/order-book-sites.json).
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
echo "== 1. The example's normal build, with -fplugin=MapLens.so added =="
rm -rf "$EXAMPLE_BUILD"
cmake -S examples/order-book -B "$EXAMPLE_BUILD" -G Ninja \
  -DCMAKE_CXX_COMPILER="$(llvm-config-"$V" --bindir)/clang++" \
  -DCMAKE_CXX_FLAGS="-fplugin=$PLUGIN" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$EXAMPLE_BUILD" -- -j1 2>&1 | grep -v '^\[' || true
"$EXAMPLE_BUILD/order-book" | tail -n 3

echo
echo "== 2. maplens scan -p $EXAMPLE_BUILD =="
"$MAPLENS" scan -p "$EXAMPLE_BUILD"
"$MAPLENS" scan --quiet --format=json -o "$ROOT/build/order-book-sites.json" -p "$EXAMPLE_BUILD"
echo
echo "JSON: build/order-book-sites.json"
