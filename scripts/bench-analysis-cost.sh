#!/usr/bin/env bash
# Measures what the plugin adds to `clang++ -fsyntax-only` on a large
# generated translation unit and writes the figures into
# docs/performance.md (between the ANALYSIS-COST markers).
#
#   scripts/bench-analysis-cost.sh [REPETITIONS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
V="${MAPLENS_LLVM_VERSION:-22}"
REPS="${1:-9}"
B="build/bench-llvm-$V"
source scripts/bench-common.sh
bench_configure "$V" "$B"
cmake --build "$B"
TU="$B/loops_tu.cpp"
python3 bench/generate_loops_tu.py "$TU" 1500
CLANGXX="$(llvm-config-"$V" --bindir)/clang++"
# Instructions executed, counted by callgrind: the same on every run, so it
# shows what the plugin adds even when the machine's speed does not hold
# still long enough for timings to. Both compiles at once, one per core.
count_instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
count_instructions "$CLANGXX" -std=c++20 -fsyntax-only "$TU" > "$B/instructions-plain" &
count_instructions "$CLANGXX" -std=c++20 -fsyntax-only -fplugin="$B/lib/MapLens.so" \
  -fplugin-arg-maplens-mode=list "$TU" > "$B/instructions-plugin"
wait
"$B/bench/analysis-cost-bench" "$CLANGXX" "$B/lib/MapLens.so" "$TU" \
  --benchmark_repetitions="$REPS" --benchmark_format=json > "$B/analysis-cost.json"
python3 - "$B/analysis-cost.json" "$TU" "$CLANGXX" "$REPS" "$B/instructions-plain" "$B/instructions-plugin" <<'PY'
import json, re, subprocess, sys, platform, datetime
doc = json.load(open(sys.argv[1]))
ins_plain, ins_plugin = (int(open(p).read()) for p in sys.argv[5:7])
# Medians over the repetitions; each repetition is one pair of compiles.
med = next(b for b in doc["benchmarks"] if b.get("aggregate_name") == "median")
base, plug, ratio, cpu_ratio = med["plain_ms"], med["plugin_ms"], med["ratio"], med["cpu_ratio"]
lines = sum(1 for _ in open(sys.argv[2]))
cpu = re.sub(r"\s+", " ", subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
      capture_output=True, text=True).stdout.strip())
ver = subprocess.run([sys.argv[3], "--version"], capture_output=True, text=True).stdout.splitlines()[0]
block = f"""<!-- ANALYSIS-COST:BEGIN (written by scripts/bench-analysis-cost.sh) -->
| | median |
|---|---|
| `clang++ -fsyntax-only`, wall time | {base:.0f} ms |
| same, with `-fplugin=MapLens.so` (mode=list), wall time | {plug:.0f} ms |
| **added by the plugin** (per-pair wall-time ratio) | **{(ratio - 1) * 100:+.1f} %** (ratio {ratio:.3f}) |
| added by the plugin (per-pair CPU-time ratio) | {(cpu_ratio - 1) * 100:+.1f} % (ratio {cpu_ratio:.3f}) |
| instructions executed, without / with the plugin (callgrind) | {ins_plain / 1e9:.3f} / {ins_plugin / 1e9:.3f} billion: **{(ins_plugin / ins_plain - 1) * 100:+.1f} %** |

Input: generated TU, {lines} lines, 1500 functions, 9000 loops of which
4500 walk associative containers (`bench/generate_loops_tu.py`), with
libstdc++. Each repetition compiles it once with and once without the
plugin, back to back (alternating which goes first); medians over
{sys.argv[4]} such pairs, measured in one run on
{datetime.date.today()}: {cpu}, {platform.system()} {platform.release()},
{ver}. The machine is shared; medians are what to compare.
<!-- ANALYSIS-COST:END -->"""
path = "docs/performance.md"
text = open(path).read()
text = re.sub(r"<!-- ANALYSIS-COST:BEGIN.*?ANALYSIS-COST:END -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
print(block)
PY
