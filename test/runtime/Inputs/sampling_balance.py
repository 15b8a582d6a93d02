"""Prints, per source line of the maplens profiles in a directory, how
often its executions were timed and how timings over the container and
over a snapshot alternate:
    LINE timed-at-least-1-in-N: yes|no snapshots-at-most-timed: yes|no
         representative: yes|no
where N is the first argument after the directory. Snapshot executions
need a timed execution over the container since the previous one, so
there are never more of them than of those. The timed executions are
representative if they average at least half as many iterations as all
executions do (a loop whose length varies must not have only its short
executions timed)."""
import glob
import json
import os
import sys

directory, every = sys.argv[1], int(sys.argv[2])
sums = {}
for path in sorted(glob.glob(os.path.join(directory, "maplens-*.json"))):
    for s in json.load(open(path))["sites"]:
        t = sums.setdefault(s["line"], [0, 0, 0, 0, 0])
        t[0] += s["executions"]
        t[1] += s["samples"]["timed_executions"]
        t[2] += s["samples"]["snapshot_executions"]
        t[3] += s["iterations"]
        t[4] += s["samples"]["timed_units"]
if not sums:
    sys.exit("no profile in " + directory)
for line, (execs, timed, snap, iters, units) in sorted(sums.items()):
    rate = "yes" if timed * every >= execs else "no"
    balance = "yes" if snap <= timed else "no"
    fair = "yes" if timed and 2 * units * execs >= iters * timed else "no"
    print(f"{line} timed-at-least-1-in-{every}: {rate} "
          f"snapshots-at-most-timed: {balance} representative: {fair} "
          f"(executions={execs} timed={timed} snapshots={snap} "
          f"iterations={iters} timed_units={units})")
