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

# The build that scripts/bench-probes.sh and scripts/bench-program.sh
# share, configured alike by both (two configurations of one build
# directory would reconfigure it back and forth): compiled with the clang
# maplens is built against, so instrumented code goes through the plugin
# as in a user's build. Sets V, B (the build directory) and BIN (LLVM's
# bin directory).
bench_probes_configure() {
  V="${MAPLENS_LLVM_VERSION:-22}"
  B="build/bench-probes-llvm-$V"
  BIN="$(llvm-config-"$V" --bindir)"
  bench_configure "$V" "$B" -DCMAKE_CXX_COMPILER="$BIN/clang++"
}
