#!/usr/bin/env python3
"""Turns probe-bench's JSON (Google Benchmark, repeated) into the overhead
and accuracy table of docs/performance.md.

    probe_bench_table.py PROBE-BENCH.json CLANGXX REPETITIONS PERFORMANCE.md

Per cell (container, size, body), from the medians over repetitions of CPU
time per walk:
  overhead     = instrumented / plain
  ground truth = ((plain - plain_0) - (contiguous - contiguous_0))
                 / (plain - plain_0)
  reported     = the probes' own iteration_share over all instrumented
                 repetitions (as one profile covers a whole program run)
where *_0 is the same call over an empty container: the call around the
loop, which the probes do not time.
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
    times, shares = {}, {}
    for b in doc["benchmarks"]:
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        container, size, body, variant = b["run_name"].split("/")
        key = (container, int(size), body, variant)
        times.setdefault(key, []).append(b["cpu_time"])
        if "reported_share" in b:
            # Cumulative over the runs so far: the last run's covers all.
            shares.setdefault(key, []).append(
                (b.get("repetition_index", 0), b["reported_share"]))
    med = {k: statistics.median(v) for k, v in times.items()}

    rows, failures = [], []
    for c in CONTAINERS:
        for n in SIZES:
            for body in BODIES:
                plain = med[(c, n, body, "plain")]
                inst = med[(c, n, body, "instrumented")]
                cont = med[(c, n, body, "contiguous")]
                plain0 = med[(c, 0, body, "plain")]
                cont0 = med[(c, 0, body, "contiguous")]
                loop = plain - plain0
                truth = ((plain - plain0) - (cont - cont0)) / loop
                reported = max(shares[(c, n, body, "instrumented")])[1]
                overhead = inst / plain
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
        f"Medians of {reps} randomly interleaved repetitions (CPU time, "
        f"≥ 0.1 s each), one run on {datetime.date.today()}: {cpu}, "
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
