"""Compares each site's estimated loop time (loop_ns in the maplens
profiles of a directory) with the time the program measured around all
its executions (lines `measured LINE NS` in the program's output):
    LINE estimate-within-2x-of-measured: yes|no (ratio=R ...)
The measured time includes the calls around the loop, so the ratio is a
little under 1 when the estimate is right."""
import glob
import json
import os
import sys

directory, output = sys.argv[1], sys.argv[2]
estimated = {}
for path in sorted(glob.glob(os.path.join(directory, "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        estimated[s["line"]] = estimated.get(s["line"], 0) + s["loop_ns"]
if not estimated:
    sys.exit("no profile in " + directory)
measured = {}
for line in open(output):
    words = line.split()
    if len(words) == 3 and words[0] == "measured":
        measured[int(words[1])] = int(words[2])
if not measured:
    sys.exit("no 'measured' line in " + output)
for line, ns in sorted(measured.items()):
    est = estimated.get(line, 0)
    ratio = est / ns if ns else 0.0
    ok = "yes" if 0.5 <= ratio <= 2.0 else "no"
    print(f"{line} estimate-within-2x-of-measured: {ok} "
          f"(ratio={ratio:.2f} estimated_ns={est} measured_ns={ns})")
