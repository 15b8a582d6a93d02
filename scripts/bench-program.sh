#!/usr/bin/env bash
# End-to-end check of the timing probes on a realistic program of
# bench/programs (pagerank, inverted_index, portfolio): builds it plain,
# with the plugin, and as a copy edited by `maplens instrument` compiled
# with GCC;
# runs the three builds and the two plain builds' ground truths (clang's
# and GCC's, PAIRED=1 and PAIRED=2: see bench/programs/ground_truth.h) in
# turn, RUNS times (default 7); and prints per loop each ground truth and
# each build's reported iteration share (medians, with their range), the
# reported loop time against the time the program measured around the
# loop, and wall times, reading the profiles through `maplens report`.
# It fails if an output differs from the plain build's or a reported
# iteration count is not the program's own.
#
# Each compiler's build is compared with the ground truth its own plain
# build measures: GCC compiles some of the walks over copies differently
# (docs/probe-runtime.md). The loops compared are the lines of the
# program marked `// truth: NAME`.
#
#   scripts/bench-program.sh PROGRAM [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROGRAM="${1:?usage: scripts/bench-program.sh PROGRAM [RUNS] (PROGRAM: pagerank, inverted_index or portfolio)}"
RUNS="${2:-7}"
[ -f "bench/programs/$PROGRAM.cpp" ] ||
  { echo "error: no program bench/programs/$PROGRAM.cpp" >&2; exit 1; }
source scripts/bench-common.sh
bench_probes_configure
cmake --build "$B" --target MapLensPlugin maplens
W="$B/programs/$PROGRAM"
rm -rf "$W"
mkdir -p "$W/src"
cp "bench/programs/$PROGRAM.cpp" bench/programs/ground_truth.h "$W/src/"
SRC="$W/src/$PROGRAM.cpp"
"$BIN/clang++" -O2 -std=c++17 "$SRC" -o "$W/plain"
"$BIN/clang++" -O2 -std=c++17 -fplugin="$B/lib/MapLens.so" \
  -fplugin-arg-maplens-mode=instrument "$SRC" -o "$W/plugin"
"$B/bin/maplens" instrument --root="$W/src" --output-dir="$W/edited" \
  "$SRC" -- -std=c++17
g++ -O2 -std=c++17 "$SRC" -o "$W/plain-gcc"
g++ -O2 -std=c++17 "$W/edited/$PROGRAM.cpp" -o "$W/gcc-edited"

timed() { # LABEL COMMAND...: appends "LABEL START END" to $W/wall
  local label="$1" t0="$EPOCHREALTIME"
  shift
  "$@"
  echo "$label $t0 $EPOCHREALTIME" >> "$W/wall"
}
for i in $(seq "$RUNS"); do
  timed plain "$W/plain" > "$W/out-plain" 2> "$W/loops-plain-$i"
  timed plain-gcc "$W/plain-gcc" > "$W/out-plain-gcc" 2> "$W/loops-plain-gcc-$i"
  # The walks over copies run the same bodies: the output is the same.
  for p in 1 2; do
    PAIRED=$p "$W/plain" > "$W/out-paired" 2> "$W/truth-clang-$i-$p"
    cmp -s "$W/out-plain" "$W/out-paired" ||
      { echo "error: PAIRED=$p changed the output" >&2; exit 1; }
    PAIRED=$p "$W/plain-gcc" > "$W/out-paired" 2> "$W/truth-gcc-$i-$p"
    cmp -s "$W/out-plain-gcc" "$W/out-paired" ||
      { echo "error: PAIRED=$p changed the GCC build's output" >&2; exit 1; }
  done
  for build in plugin gcc-edited; do
    mkdir -p "$W/profiles-$build/$i"
    MAPLENS_DIR="$W/profiles-$build/$i" timed "$build" "$W/$build" \
      > "$W/out-$build" 2> "$W/loops-$build-$i"
    plain=plain
    [ "$build" = gcc-edited ] && plain=plain-gcc
    cmp -s "$W/out-$plain" "$W/out-$build" ||
      { echo "error: $build's output differs from the plain build's" >&2; exit 1; }
  done
done
python3 - "$W" "$SRC" "$RUNS" "$B/bin/maplens" <<'PY'
import glob, json, re, statistics as st, subprocess, sys
w, src, runs, maplens = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
line = {}
for i, text in enumerate(open(src).read().split("\n")):
    m = re.search(r"for \(.*// truth: (\w+)", text)
    if m:
        line[m.group(1)] = i + 1
names = list(line)
def read(path, kind):  # {name: [fields after the name]} of one run
    out = {}
    for l in open(path):
        f = l.split()
        if f and f[0] == kind:
            out[f[1]] = f[2:]
    return out
expected = {n: int(v[0]) for n, v in read(f"{w}/loops-plain-1", "loop").items()}
def truth(compiler):  # per run: PAIRED=1 and 2 summed (each call both ways)
    shares = {n: [] for n in names}
    for i in range(1, runs + 1):
        a = read(f"{w}/truth-{compiler}-{i}-1", "paired")
        b = read(f"{w}/truth-{compiler}-{i}-2", "paired")
        for n in names:
            on_map = float(a[n][0]) + float(b[n][0])
            on_copy = float(a[n][1]) + float(b[n][1])
            shares[n].append(1 - on_copy / on_map)
    return shares
reported = {}
timing = {}
for build in ("plugin", "gcc-edited"):
    reported[build] = {n: [] for n in names}
    timing[build] = {n: [] for n in names}
    for i in range(1, runs + 1):
        measured = read(f"{w}/loops-{build}-{i}", "loop")
        files = glob.glob(f"{w}/profiles-{build}/{i}/*.json")
        if len(files) != 1:
            sys.exit(f"error: {build} run {i} wrote {len(files)} profiles")
        # Through `maplens report`, as a user reads them: a loop nested in
        # a two-pass loop's body has a site entry per pass in the profile,
        # which the report merges by site id.
        report = json.loads(subprocess.run(
            [maplens, "report", "--format=json", files[0]], check=True,
            capture_output=True, text=True).stdout)
        sites = {s["line"]: s for s in report["sites"]}
        for n in names:
            s = sites.get(line[n])
            if s is None:
                sys.exit(f"error: {build} has no site at line {line[n]} ({n})")
            if s["iterations"] != expected[n]:
                sys.exit(f"error: {build} counted {s['iterations']} iterations "
                         f"of {n}, not {expected[n]}")
            reported[build][n].append(s["iteration_share"])
            timing[build][n].append(s["loop_ns"] / 1e9 / float(measured[n][1]))
def med(v):
    return f"{st.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
columns = [("ground truth", truth("clang")), ("plugin (clang)", reported["plugin"]),
           ("truth, GCC build", truth("gcc")), ("edited (GCC)", reported["gcc-edited"])]
print(f"{'loop':9} {'line':>4} {'iterations':>10}  " +
      " ".join(f"{c:18}" for c, _ in columns) + " loop time/measured")
for n in names:
    print(f"{n:9} {line[n]:4} {expected[n]:10}  " +
          " ".join(f"{med(v[n]):18}" for _, v in columns) +
          f" {st.median(timing['plugin'][n]):.2f} / {st.median(timing['gcc-edited'][n]):.2f}")
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
