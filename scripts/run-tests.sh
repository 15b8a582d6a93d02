#!/usr/bin/env bash
# Sets up, builds and runs every test, against each supported LLVM that CI
# covers (22 and 19 by default; MAPLENS_LLVM_VERSIONS="22" for one).
#
#   scripts/run-tests.sh
#
# Build trees: build/llvm-N. Exits non-zero if any build or test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
read -r -a VERSIONS <<< "${MAPLENS_LLVM_VERSIONS:-22 19}"

scripts/setup.sh --tests "${VERSIONS[@]}"

mkdir -p build
failed=()
for v in "${VERSIONS[@]}"; do
  echo "=== maplens: LLVM $v ==="
  build="build/llvm-$v"
  if ! cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DLLVM_DIR="$(llvm-config-"$v" --cmakedir)" \
        -DMAPLENS_BUILD_TESTS=ON -DMAPLENS_REQUIRE_LIBCXX=ON >"$build.configure.log" 2>&1; then
    cat "$build.configure.log"; failed+=("$v (configure)"); continue
  fi
  if ! cmake --build "$build"; then
    failed+=("$v (build)"); continue
  fi
  if ! (cd "$build" && ctest --output-on-failure); then
    failed+=("$v (tests)")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "maplens: FAILED for LLVM ${failed[*]}" >&2
  exit 1
fi
echo "maplens: all tests passed for LLVM ${VERSIONS[*]}"
