"""Compares each site's reported iteration share (iteration_ns / loop_ns
over the maplens profiles of a directory) with the share the program
measured itself (a line `measured-share S ...` in its output: the same
body timed over the container and over a contiguous copy):
    LINE split-within-15pp-of-measured: yes|no (reported=R measured=S)"""
import glob
import json
import os
import sys

directory, output = sys.argv[1], sys.argv[2]
loop, iteration = {}, {}
for path in sorted(glob.glob(os.path.join(directory, "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        loop[s["line"]] = loop.get(s["line"], 0) + s["loop_ns"]
        iteration[s["line"]] = iteration.get(s["line"], 0) + s["iteration_ns"]
if not loop:
    sys.exit("no profile in " + directory)
measured = None
for line in open(output):
    words = line.split()
    if len(words) >= 2 and words[0] == "measured-share":
        measured = float(words[1])
if measured is None:
    sys.exit("no 'measured-share' line in " + output)
for line in sorted(loop):
    reported = iteration[line] / loop[line] if loop[line] else 0.0
    ok = "yes" if abs(reported - measured) <= 0.15 else "no"
    print(f"{line} split-within-15pp-of-measured: {ok} "
          f"(reported={reported:.3f} measured={measured:.3f})")
