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
"$B/bench/analysis-cost-bench" "$CLANGXX" "$B/lib/MapLens.so" "$TU" \
  --benchmark_repetitions="$REPS" --benchmark_enable_random_interleaving=true --benchmark_format=json > "$B/analysis-cost.json"
python3 - "$B/analysis-cost.json" "$TU" "$CLANGXX" "$REPS" <<'PY'
import json, re, subprocess, sys, platform, datetime
doc = json.load(open(sys.argv[1]))
med = {b["run_name"].split("/")[0]: b["real_time"] for b in doc["benchmarks"]
       if b.get("aggregate_name") == "median"}
base, plug = med["syntax-only"], med["syntax-only+plugin"]
lines = sum(1 for _ in open(sys.argv[2]))
cpu = re.sub(r"\s+", " ", subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
      capture_output=True, text=True).stdout.strip())
ver = subprocess.run([sys.argv[3], "--version"], capture_output=True, text=True).stdout.splitlines()[0]
block = f"""<!-- ANALYSIS-COST:BEGIN (written by scripts/bench-analysis-cost.sh) -->
| | median wall time |
|---|---|
| `clang++ -fsyntax-only` | {base:.0f} ms |
| same, with `-fplugin=MapLens.so` (mode=list) | {plug:.0f} ms |
| **added by the plugin** | **{(plug / base - 1) * 100:+.1f} %** (ratio {plug / base:.3f}) |

Input: generated TU, {lines} lines, 1500 functions, 9000 loops of which
4500 walk associative containers (`bench/generate_loops_tu.py`), with
libstdc++. Medians of {sys.argv[4]} repetitions each, measured in one run on
{datetime.date.today()}: {cpu}, {platform.system()} {platform.release()},
{ver}. The machine is shared; medians are what to compare.
<!-- ANALYSIS-COST:END -->"""
path = "docs/performance.md"
text = open(path).read()
text = re.sub(r"<!-- ANALYSIS-COST:BEGIN.*?ANALYSIS-COST:END -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
print(block)
PY
