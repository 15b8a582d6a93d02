"""Prints the executions and iterations of each loop in the maplens
profiles of a directory, one line per source line, sorted by line:
    LINE executions=E iterations=I
Sites with the same id (template instantiations) are summed."""
import glob
import json
import os
import sys

sites = {}
files = sorted(glob.glob(os.path.join(sys.argv[1], "maplens-*.json")))
if not files:
    sys.exit("no profile in " + sys.argv[1])
for path in files:
    doc = json.load(open(path))
    assert doc["format"] == "maplens-profile" and doc["version"] == 1, path
    for s in doc["sites"]:
        e = sites.setdefault(s["id"], [s["line"], 0, 0])
        e[1] += s["executions"]
        e[2] += s["iterations"]
        assert s["iteration_ns"] <= s["loop_ns"], s
for line, execs, iters in sorted(sites.values()):
    print(f"{line} executions={execs} iterations={iters}")
