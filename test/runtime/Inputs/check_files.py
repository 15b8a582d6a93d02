"""Prints the executions and iterations of each profile file in a
directory: 'file executions=E iterations=I', one line per file."""
import glob
import json
import os
import sys

for path in sorted(glob.glob(os.path.join(sys.argv[1], "maplens-*.json"))):
    doc = json.load(open(path))
    e = sum(s["executions"] for s in doc["sites"])
    i = sum(s["iterations"] for s in doc["sites"])
    print(f"file executions={e} iterations={i}")
