"""Checks that INSTRUMENTED keeps every line of ORIGINAL at its number:
same line count, and each original line's text still on its line, with
only insertions around it."""
import sys

orig = open(sys.argv[1]).read().split("\n")
inst = open(sys.argv[2]).read().split("\n")
if len(orig) != len(inst):
    sys.exit(f"line count changed: {len(orig)} -> {len(inst)}")
for n, (a, b) in enumerate(zip(orig, inst), 1):
    # Every character of the original line appears, in order, in the new.
    i = 0
    for ch in b:
        if i < len(a) and ch == a[i]:
            i += 1
    if i != len(a):
        sys.exit(f"line {n} lost text:\n  {a}\n  {b}")
changed = sum(1 for a, b in zip(orig, inst) if a != b)
print(f"{changed} lines changed")
