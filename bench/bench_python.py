#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Throughput of aceslab.output_transform from Python on a 4K (3840x2160) float32 image, against the
C++ benchmark of the same transform (bench_output_transform, 1920x1080) run in the same session.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py --cpp build/bench/bench_output_transform

Cases: Rec.709 100-nit and Rec.2100 PQ 1000-nit P3-limited, forward and inverse, one thread and all
threads, in place (the caller's float32 array, no copy) and copying (a new array per call). The
image is drawn like the C++ one (mostly AP1 colours over ~14 stops, some saturated, bright and
slightly out-of-AP1 ones). Best of --reps runs; the input is restored before each run (untimed).
Prints one JSON document: {"schema": "aceslab.bench.python/1", "results": [{"name", "threads",
"mode", "mpix_per_s", "cpp_mpix_per_s", "ratio_to_cpp"}...]}. The C++ benchmark runs right after
the Python cases of each thread count, so both see the same machine load.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

import aceslab

WIDTH, HEIGHT = 3840, 2160
PRESETS = ["rec709-bt1886-100nit", "rec2100-pq-1000nit-p3"]


def make_image(rng):
    c = rng.uniform(0, 1, (HEIGHT, WIDTH, 3)).astype(np.float32)
    kind = rng.uniform(0, 1, (HEIGHT, WIDTH))
    channel = rng.integers(0, 3, (HEIGHT, WIDTH))
    sat = kind < 0.1
    c[sat, channel[sat]] = 0.0
    out = kind > 0.97
    c[out, channel[out]] = -0.05 * rng.uniform(0, 1, out.sum()).astype(np.float32)
    c *= np.exp2(-8.0 + 14.0 * rng.uniform(0, 1, (HEIGHT, WIDTH, 1))).astype(np.float32)
    return aceslab.convert(c, "acescg", "aces2065-1")


def best_time(fn, reps):
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run_cpp(binary, reps):
    out = subprocess.run([binary, "--reps", str(reps)], check=True, capture_output=True, text=True).stdout
    return {(r["name"], r["threads"]): r["mpix_per_s"] for r in json.loads(out)["results"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpp", help="path of bench_output_transform, run for the comparison")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()

    rng = np.random.default_rng(20250101)
    aces = make_image(rng)
    mpix = WIDTH * HEIGHT / 1e6
    all_threads = os.cpu_count() or 1
    results = []
    for threads in sorted({1, all_threads}):
        rows = []
        for alias in PRESETS:
            display = aceslab.output_transform(aces, alias)
            for inverse in (False, True):
                src = display if inverse else aces
                work = np.empty_like(src)

                def inplace():
                    aceslab.output_transform(work, alias, inverse, inplace=True, threads=threads)

                def copying():
                    aceslab.output_transform(src, alias, inverse, threads=threads)

                for mode, fn in (("inplace", inplace), ("copy", copying)):
                    best = float("inf")
                    for _ in range(args.reps):
                        np.copyto(work, src)
                        best = min(best, best_time(fn, 1))
                    rows.append({"name": f"aceslab {alias} {'inverse' if inverse else 'forward'}",
                                 "threads": threads, "mode": mode, "mpix_per_s": round(mpix / best, 3)})
        if args.cpp:
            cpp = run_cpp(args.cpp, args.reps)
            for r in rows:
                ref = cpp.get((r["name"], threads))
                if ref:
                    r["cpp_mpix_per_s"] = ref
                    r["ratio_to_cpp"] = round(r["mpix_per_s"] / ref, 3)
        results.extend(rows)
    doc = {"schema": "aceslab.bench.python/1", "width": WIDTH, "height": HEIGHT, "hardware_threads": all_threads,
           "python": sys.version.split()[0], "numpy": np.__version__, "aceslab": aceslab.__version__, "results": results}
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
