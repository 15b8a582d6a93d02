#!/usr/bin/env bash
# Measures what the timing probes cost and how close their iteration share
# comes to the truth (bench/probe_bench.cpp), and writes the table into
# docs/performance.md (between the PROBES markers).
#
#   scripts/bench-probes.sh [REPETITIONS]     (default 7; ~5 minutes)
#
# Builds with the clang maplens is built against, so the instrumented loops
# go through the plugin (-fplugin-arg-maplens-mode=instrument), as in a
# user's build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPS="${1:-7}"
source scripts/bench-common.sh
bench_probes_configure
cmake --build "$B" --target probe-bench
MAPLENS_DIR="$B" "$B/bench/probe-bench" --benchmark_repetitions="$REPS" \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.1 \
  --benchmark_format=json > "$B/probe-bench.json"
python3 scripts/probe_bench_table.py "$B/probe-bench.json" "$BIN/clang++" "$REPS" \
  docs/performance.md
