"""Prints, per site id of the maplens profiles in a directory, whether it
has timed executions over the container and over a snapshot:
    ID timed>0|timed=0 snapshot>0|snapshot=0
With --by-line, sites are named by their line instead of their id."""
import glob
import json
import os
import sys

args = sys.argv[1:]
by_line = "--by-line" in args
args = [a for a in args if a != "--by-line"]
sums = {}
for path in sorted(glob.glob(os.path.join(args[0], "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        t = sums.setdefault(s["line"] if by_line else s["id"], [0, 0])
        t[0] += s["samples"]["timed_executions"]
        t[1] += s["samples"]["snapshot_executions"]
if not sums:
    sys.exit("no profile in " + args[0])
for site, (timed, snap) in sorted(sums.items()):
    print(f"{site} timed{'>0' if timed else '=0'} snapshot{'>0' if snap else '=0'}")
