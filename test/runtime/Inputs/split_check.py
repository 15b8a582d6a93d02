"""Compares each site's reported iteration share (iteration_ns / loop_ns
over the maplens profiles of a directory) with the share the program
measured itself (a line `measured-share S ...` in its output: the same
body timed over the container and over a contiguous copy):
    LINE split-agrees-with-measured: yes|no (reported=R measured=S)
It agrees when it is at least a third of the measured share and at most
30 points above it: the bugs this catches read near 0, while on a busy
machine (lit runs two tests at a time on two cores) noise moved a share
by up to 16 points, and a site with few snapshots by more (a test for
accuracy is the benchmark's job, docs/performance.md).
With --only=L1,L2,... only those lines are compared. With
--fastest=L1,L2,... those lines take their share from the program's
`walks LINE: container C snapshot S` line instead (the fastest tenth of
each kind of walk, ns per element): 1 - S / C. With --faster=L1,...
those lines (also in --fastest) are only required to have a fastest
share above 0, their snapshot walks faster than their container walks:
    LINE snapshot-walks-faster: yes|no (fastest=F)
Then, for each site
with snapshot executions (its executions all of one length), how many
were timed and how many left out of the timings as disturbed:
    LINE snapshots: kept K, left out N"""
import glob
import json
import os
import sys

args = sys.argv[1:]
only, fastest, faster = None, set(), set()
for a in args:
    if a.startswith("--only="):
        only = {int(x) for x in a.split("=", 1)[1].split(",")}
    elif a.startswith("--fastest="):
        fastest = {int(x) for x in a.split("=", 1)[1].split(",")}
    elif a.startswith("--faster="):
        faster = {int(x) for x in a.split("=", 1)[1].split(",")}
args = [a for a in args if not a.startswith("--")]
directory, output = args[0], args[1]
loop, iteration, snapshots = {}, {}, {}
for path in sorted(glob.glob(os.path.join(directory, "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        line = s["line"]
        loop[line] = loop.get(line, 0) + s["loop_ns"]
        iteration[line] = iteration.get(line, 0) + s["iteration_ns"]
        samples = s["samples"]
        length = s["iterations"] // s["executions"] if s["executions"] else 0
        if length and samples["snapshot_executions"]:
            kept = samples["snapshot_units"] // length
            k, n = snapshots.get(line, (0, 0))
            snapshots[line] = (k + kept,
                               n + samples["snapshot_executions"] - kept)
if not loop:
    sys.exit("no profile in " + directory)
measured, walks = None, {}
for line in open(output):
    words = line.split()
    if len(words) >= 2 and words[0] == "measured-share":
        measured = float(words[1])
    if len(words) == 6 and words[0] == "walks":
        walks[int(words[1].rstrip(":"))] = (float(words[3]), float(words[5]))
if measured is None:
    sys.exit("no 'measured-share' line in " + output)
for line in sorted(loop):
    if only is not None and line not in only:
        continue
    if line in fastest:
        if line not in walks or not all(walks[line]):
            sys.exit(f"no walks of both kinds for line {line} in {output}")
        container, snapshot = walks[line]
        reported = 1 - snapshot / container
    else:
        reported = iteration[line] / loop[line] if loop[line] else 0.0
    if line in faster:
        ok = "yes" if reported > 0 else "no"
        print(f"{line} snapshot-walks-faster: {ok} (fastest={reported:.3f})")
        continue
    ok = "yes" if measured / 3 <= reported <= measured + 0.30 else "no"
    how = "fastest" if line in fastest else "reported"
    print(f"{line} split-agrees-with-measured: {ok} "
          f"({how}={reported:.3f} measured={measured:.3f})")
for line, (kept, left_out) in sorted(snapshots.items()):
    print(f"{line} snapshots: kept {kept}, left out {left_out}")
