#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Throughput of aceslab.output_transform from Python on a 4K (3840x2160) float32 image, against the
same transform called from C++ on the same bytes (bench_ot_buffer), measured alternately.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py --cpp build/bench/bench_ot_buffer

Cases: Rec.709 100-nit and Rec.2100 PQ 1000-nit P3-limited, forward and inverse, one thread and all
threads, in place (the caller's float32 array, no copy) and copying (a new array per call). The
image is drawn like bench_output_transform's (mostly AP1 colours over ~14 stops, some saturated,
bright and slightly out-of-AP1 ones) and written to a raw file the C++ side reads. Each case runs
--rounds rounds of [Python in place, Python copying, C++], each the best of --reps runs with the
input restored before each (untimed); the best of the rounds is kept. Alternating matters: the
machine is shared, and only measurements taken side by side are comparable.
Prints one JSON document: {"schema": "aceslab.bench.python/2", "results": [{"name", "threads",
"mode", "mpix_per_s", "cpp_mpix_per_s", "ratio_to_cpp"}...]}.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
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


def run_cpp(binary, raw, alias, inverse, threads, reps):
    args = [binary, "--input", raw, "--pixels", str(WIDTH * HEIGHT), "--alias", alias, "--threads", str(threads),
            "--reps", str(reps)] + (["--inverse"] if inverse else [])
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)["mpix_per_s"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpp", required=True, help="path of bench_ot_buffer")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    rng = np.random.default_rng(20250101)
    aces = make_image(rng)
    mpix = WIDTH * HEIGHT / 1e6
    all_threads = os.cpu_count() or 1
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for alias in PRESETS:
            display = aceslab.output_transform(aces, alias)
            for inverse in (False, True):
                src = display if inverse else aces
                raw = os.path.join(tmp, "image.f32")
                src.tofile(raw)
                work = np.empty_like(src)
                for threads in sorted({1, all_threads}):
                    def inplace():
                        aceslab.output_transform(work, alias, inverse, inplace=True, threads=threads)

                    def copying():
                        aceslab.output_transform(src, alias, inverse, threads=threads)

                    best = {"inplace": float("inf"), "copy": float("inf")}
                    cpp = 0.0
                    for _ in range(args.rounds):
                        for mode, fn in (("inplace", inplace), ("copy", copying)):
                            for _ in range(args.reps):
                                np.copyto(work, src)
                                best[mode] = min(best[mode], best_time(fn, 1))
                        cpp = max(cpp, run_cpp(args.cpp, raw, alias, inverse, threads, args.reps))
                    name = f"aceslab {alias} {'inverse' if inverse else 'forward'}"
                    for mode in ("inplace", "copy"):
                        py = mpix / best[mode]
                        results.append({"name": name, "threads": threads, "mode": mode, "mpix_per_s": round(py, 3),
                                        "cpp_mpix_per_s": round(cpp, 3), "ratio_to_cpp": round(py / cpp, 3)})
    doc = {"schema": "aceslab.bench.python/2", "width": WIDTH, "height": HEIGHT, "hardware_threads": all_threads,
           "python": sys.version.split()[0], "numpy": np.__version__, "aceslab": aceslab.__version__, "results": results}
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
