"""Prints, per site id of the maplens profiles in a directory, whether it
has timed executions over the container and over a snapshot:
    ID timed>0|timed=0 snapshot>0|snapshot=0
With --by-line, sites are named by their line instead of their id. With
--by-class, the same per length class that has iterations:
    ID class C timed>0|timed=0 snapshot>0|snapshot=0
With --gaps-below=N, whether the site's sampled gaps number fewer than N:
    ID gaps<N|gaps>=N
With --counts, how many of each kind:
    ID timed=N snapshot=M"""
import glob
import json
import os
import sys

args = sys.argv[1:]
by_line = "--by-line" in args
by_class = "--by-class" in args
counts = "--counts" in args
gaps_below = None
for a in args:
    if a.startswith("--gaps-below="):
        gaps_below = int(a.split("=", 1)[1])
args = [a for a in args
        if a not in ("--by-line", "--by-class", "--counts")
        and not a.startswith("--gaps-below=")]
# Per site (or site and class): [timed executions, or sampled gaps with
# --gaps-below; snapshot executions; profiles the site is in].
sums = {}
for path in sorted(glob.glob(os.path.join(args[0], "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        name = s["line"] if by_line else s["id"]
        samples = s["samples"]
        if gaps_below is not None:
            t = sums.setdefault(name, [0, 0, 0])
            t[0] += samples["gaps"]
            t[2] += 1
        elif by_class:
            # by_length rows: iterations, timed units, timed ns, snapshot
            # units, snapshot ns.
            for c, row in enumerate(samples["by_length"]):
                t = sums.setdefault((name, c), [0, 0, 0])
                t[0] += row[1]
                t[1] += row[3]
                t[2] += row[0]
        else:
            t = sums.setdefault(name, [0, 0, 0])
            t[0] += samples["timed_executions"]
            t[1] += samples["snapshot_executions"]
            t[2] += 1
if not sums:
    sys.exit("no profile in " + args[0])
for key, (first, snap, present) in sorted(sums.items()):
    if not present:
        continue
    if gaps_below is not None:
        relation = "<" if first < gaps_below else ">="
        print(f"{key} gaps{relation}{gaps_below}")
        continue
    site = f"{key[0]} class {key[1]}" if by_class else key
    if counts:
        print(f"{site} timed={first} snapshot={snap}")
        continue
    print(f"{site} timed{'>0' if first else '=0'} snapshot{'>0' if snap else '=0'}")
