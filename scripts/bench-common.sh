# Sourced by the scripts/bench-*.sh scripts: installs what benchmarks need
# and configures a Release build of maplens with the benchmarks on.
#
#   bench_configure LLVM_MAJOR BUILD_DIR [CMAKE_ARGS...]
bench_configure() {
  local v="$1" build="$2"
  shift 2
  scripts/setup.sh --bench "$v"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMAPLENS_BUILD_TESTS=OFF -DMAPLENS_BUILD_BENCHMARKS=ON \
    -DLLVM_DIR="$(llvm-config-"$v" --cmakedir)" "$@" >/dev/null
}
