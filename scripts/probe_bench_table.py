#!/usr/bin/env python3
"""Turns probe-bench's JSON (Google Benchmark, repeated) into the overhead
and accuracy table of docs/performance.md.

    probe_bench_table.py PROBE-BENCH.json CLANGXX REPETITIONS PERFORMANCE.md

Per cell (container, size, body), from the medians over repetitions of the
counters bench/probe_bench.cpp reports, each taken over the rounds of one
repetition, in which the three variants run side by side:
  overhead     = instrumented / plain
  ground truth = (gap - gap_0) / (plain - plain_0)
  reported     = the probes' own iteration_share over all instrumented
                 rounds (as one profile covers a whole program run)
where gap = plain - contiguous, and *_0 is the
same over an empty container: the call around the loop, which the probes
do not time.
"""
import datetime
import json
import platform
import re
import statistics
import subprocess
import sys

CONTAINERS = ["map", "unordered_map", "set"]
SIZES = [8, 1000, 100000, 1000000]
BODIES = ["trivial", "moderate", "heavy"]


def size_label(n):
    return {8: "8", 1000: "1e3", 100000: "1e5", 1000000: "1e6"}[n]


def main():
    path, clangxx, reps, doc_path = sys.argv[1:5]
    doc = json.load(open(path))
    runs, shares = {}, {}
    for b in doc["benchmarks"]:
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        container, size, body = b["run_name"].split("/")
        key = (container, int(size), body)
        for counter in ("plain_ns", "instrumented_ns", "contiguous_ns",
                        "overhead", "gap_ns"):
            runs.setdefault((key, counter), []).append(b[counter])
        # Cumulative over the runs so far: the last run's covers all.
        shares.setdefault(key, []).append(
            (b.get("repetition_index", 0), b["reported_share"]))
    med = {k: statistics.median(v) for k, v in runs.items()}

    rows, failures = [], []
    for c in CONTAINERS:
        for n in SIZES:
            for body in BODIES:
                cell, empty = (c, n, body), (c, 0, body)
                plain = med[(cell, "plain_ns")]
                cont = med[(cell, "contiguous_ns")]
                loop = plain - med[(empty, "plain_ns")]
                truth = (med[(cell, "gap_ns")] - med[(empty, "gap_ns")]) / loop
                reported = max(shares[cell])[1]
                overhead = med[(cell, "overhead")]
                limit = 1.25 if n < 1000 else 1.05
                ok_over = overhead <= limit
                ok_acc = abs(reported - truth) <= 0.10
                if not (ok_over and ok_acc):
                    failures.append(f"{c}/{size_label(n)}/{body}")
                rows.append(
                    f"| {c} | {size_label(n)} | {body} | "
                    f"{plain / max(n, 1):.2f} | {cont / max(n, 1):.2f} | "
                    f"{overhead:.3f}{'' if ok_over else ' ✗'} | "
                    f"{truth * 100:.0f} % | {reported * 100:.0f} % | "
                    f"{(reported - truth) * 100:+.0f}{'' if ok_acc else ' ✗'} |")

    cpu = re.sub(r"\s+", " ", subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
        capture_output=True, text=True).stdout.strip())
    ver = subprocess.run([clangxx, "--version"], capture_output=True,
                         text=True).stdout.splitlines()[0]
    passed = len(rows) - len(failures)
    block = "\n".join([
        "<!-- PROBES:BEGIN (written by scripts/bench-probes.sh) -->",
        "| container | elements | body | plain ns/elem | contiguous ns/elem "
        "| overhead | ground truth | reported | error (pp) |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"{passed} of {len(rows)} cells meet both targets (overhead ≤ 1.25 "
        "at 8 elements and ≤ 1.05 from 1e3; reported share within ±10 "
        "percentage points of the ground truth); ✗ marks a miss.",
        "",
        f"Medians of {reps} randomly interleaved repetitions (≥ 0.1 s "
        "each), each over rounds in which the plain, instrumented and "
        "contiguous walks run side by side (thread CPU time), one run on "
        f"{datetime.date.today()}: {cpu}, "
        f"{platform.system()} {platform.release()}, {ver}, libstdc++, "
        "CMake Release (-O3). The machine is shared; compare medians.",
        "<!-- PROBES:END -->",
    ])
    text = open(doc_path).read()
    if "<!-- PROBES:BEGIN" not in text:
        sys.exit(f"{doc_path}: no PROBES markers")
    text = re.sub(r"<!-- PROBES:BEGIN.*?PROBES:END -->", lambda m: block,
                  text, flags=re.S)
    open(doc_path, "w").write(text)
    print(block)


if __name__ == "__main__":
    main()
