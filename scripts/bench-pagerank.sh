#!/usr/bin/env bash
# End-to-end check of the timing probes on a realistic program
# (bench/pagerank/pagerank.cpp): builds it plain, with the plugin, and as
# a copy edited by `maplens instrument` compiled with GCC, then runs the
# three builds and the two plain builds' ground truths (PAIRED=1, clang
# and GCC) in turn, RUNS times (default 7; about 14 s per round), and
# prints per loop each ground truth and each build's reported iteration
# share (medians, with their range), whether outputs and counts match, and
# wall times. Each compiler's build is compared with the ground truth its
# own plain build measures: GCC compiles some of the walks over copies
# differently (docs/probe-runtime.md).
#
#   scripts/bench-pagerank.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-7}"
source scripts/bench-common.sh
bench_probes_configure
cmake --build "$B" --target MapLensPlugin maplens
W="$B/pagerank"
rm -rf "$W"
mkdir -p "$W/src"
cp bench/pagerank/pagerank.cpp "$W/src/"
"$BIN/clang++" -O2 -std=c++17 "$W/src/pagerank.cpp" -o "$W/plain"
"$BIN/clang++" -O2 -std=c++17 -fplugin="$B/lib/MapLens.so" \
  -fplugin-arg-maplens-mode=instrument "$W/src/pagerank.cpp" -o "$W/plugin"
"$B/bin/maplens" instrument --root="$W/src" --output-dir="$W/edited" \
  "$W/src/pagerank.cpp" -- -std=c++17
g++ -O2 -std=c++17 "$W/src/pagerank.cpp" -o "$W/plain-gcc"
g++ -O2 -std=c++17 "$W/edited/pagerank.cpp" -o "$W/gcc-edited"

timed() { # LABEL COMMAND...: appends "LABEL START END" to $W/wall
  local label="$1" t0="$EPOCHREALTIME"
  shift
  "$@"
  echo "$label $t0 $EPOCHREALTIME" >> "$W/wall"
}
for i in $(seq "$RUNS"); do
  timed plain "$W/plain" > "$W/out-plain" 2>> "$W/loops-plain"
  timed plain-gcc "$W/plain-gcc" > "$W/out-plain-gcc" 2>> "$W/loops-plain-gcc"
  PAIRED=1 "$W/plain" > /dev/null 2> "$W/truth-$i"
  PAIRED=1 "$W/plain-gcc" > /dev/null 2> "$W/truth-gcc-$i"
  for build in plugin gcc-edited; do
    mkdir -p "$W/profiles-$build/$i"
    MAPLENS_DIR="$W/profiles-$build/$i" timed "$build" "$W/$build" \
      > "$W/out-$build" 2>> "$W/loops-$build"
    plain=plain
    [ "$build" = gcc-edited ] && plain=plain-gcc
    cmp -s "$W/out-$plain" "$W/out-$build" ||
      { echo "error: $build's output differs from the plain build's" >&2; exit 1; }
  done
done
python3 - "$W" "$RUNS" <<'PY'
import glob, json, statistics as st, sys
w, runs = sys.argv[1], int(sys.argv[2])
src = open(w + "/src/pagerank.cpp").read().split("\n")
loops = [("spread", "[node, outs] : g)", 20 * 50000),
         ("damp", "[k, v] : next)", 20 * 50000),
         ("delta", "[k, v] : a)", 20 * 50000),
         ("total", "kv : r)", 600 * 50000)]
line = {name: next(i + 1 for i, t in enumerate(src) if key in t and "for (" in t)
        for name, key, _ in loops}
def read_truth(prefix):
    shares = {name: [] for name, _, _ in loops}
    for i in range(1, runs + 1):
        first = {}
        for l in open(f"{w}/{prefix}-{i}"):
            f = l.split()
            if f[0] == "first":
                first[f[1]] = list(map(float, f[2:]))
        for k, (name, _, _) in enumerate(loops):
            shares[name].append(1 - first["copy"][k] / first["map"][k])
    return shares
truth, truth_gcc = read_truth("truth"), read_truth("truth-gcc")
def med(v):
    return f"{st.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
reported = {}
for build in ("plugin", "gcc-edited"):
    reported[build] = {name: [] for name, _, _ in loops}
    for f in glob.glob(f"{w}/profiles-{build}/*/*.json"):
        for s in json.load(open(f))["sites"]:
            for name, _, iterations in loops:
                if s["line"] == line[name]:
                    if s["iterations"] != iterations:
                        sys.exit(f"error: {build} counted {s['iterations']} "
                                 f"iterations of {name}, not {iterations}")
                    reported[build][name].append(s["iteration_ns"] / s["loop_ns"])
print(f"{'loop':8} {'line':>4}  {'ground truth':18} {'plugin (clang)':18} "
      f"{'truth, GCC build':18} {'edited (GCC)':18}")
for name, _, _ in loops:
    print(f"{name:8} {line[name]:4}  {med(truth[name]):18} "
          f"{med(reported['plugin'][name]):18} {med(truth_gcc[name]):18} "
          f"{med(reported['gcc-edited'][name]):18}")
wall = {}
for l in open(w + "/wall"):
    label, t0, t1 = l.split()
    wall.setdefault(label, []).append(float(t1) - float(t0))
def ratio(build, plain):
    b, p = st.median(wall[build]), st.median(wall[plain])
    return f"{build} {b:.2f} s against {plain} {p:.2f} s (x{b / p:.3f})"
print(f"wall, medians of {runs}: {ratio('plugin', 'plain')}; "
      f"{ratio('gcc-edited', 'plain-gcc')}")
print("outputs identical to the plain build's; iteration counts exact")
PY
