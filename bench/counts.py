"""Speed of the exact count quantiles against numpy's samplers, and their compile time.

    python bench/counts.py [--runs 5]

For 12 months x 100,000 trials (1.2M draws) at typical engine parameters (Poisson means 100-5000, binomial
tries from those draws, p 0.02-0.5 one per trial; then small binomials, tries 5-60) prints the median time
of poisson_quantile and binomial_quantile, of rng.poisson and rng.binomial on the same parameters, their
ratio and the share of draws that took the exact search on scipy's CDF. Then, in a fresh process, the
time to import the module and that of the first call, with an empty on-disk compile cache and with the cache
the first left.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))
from simulator.engine import counts

ROOT = Path(__file__).parent.parent
TRIALS, MONTHS = 100_000, 12
FIRST_CALL = """
import time
start = time.perf_counter()
import numpy as np
from simulator.engine.counts import binomial_quantile, poisson_quantile
imported = time.perf_counter()
z = np.zeros(4)
binomial_quantile(z, poisson_quantile(z, 50.0), 0.3)
print(imported - start, time.perf_counter() - imported)
"""


def median_ms(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def exact_share(function) -> float:
    """Share of draws that went to the exact search in one call of `function`."""
    searched = []
    search = counts._search

    def counting(start, *args):
        searched.append(start.size)
        return search(start, *args)

    counts._search = counting
    try:
        size = function().size
    finally:
        counts._search = search
    return sum(searched) / size


def first_call_seconds(cache_dir: str) -> tuple[float, float]:
    """Seconds of a fresh interpreter to import counts, then to its first results, cache in `cache_dir`."""
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, capture_output=True, text=True, check=True)
    imported, first = out.stdout.split()
    return float(imported), float(first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    rng = np.random.default_rng(42)
    z = rng.standard_normal((MONTHS, TRIALS), dtype=np.float32)
    lam = np.broadcast_to(rng.uniform(100, 5000, TRIALS), (MONTHS, TRIALS))
    p = rng.uniform(0.02, 0.5, TRIALS)
    n = counts.poisson_quantile(z, lam)
    small_n = rng.integers(5, 61, (MONTHS, TRIALS))
    cases = {
        "Poisson, mean 100-5000": (lambda: counts.poisson_quantile(z, lam), lambda: rng.poisson(lam)),
        "binomial, n 100-5000, p 0.02-0.5": (
            lambda: counts.binomial_quantile(z, n, p),
            lambda: rng.binomial(n, p),
        ),
        "binomial, n 5-60, p 0.02-0.5": (
            lambda: counts.binomial_quantile(z, small_n, p),
            lambda: rng.binomial(small_n, p),
        ),
    }
    print(f"{MONTHS} x {TRIALS:,} draws, median of {runs} runs (ms)")
    print(f"{'case':34} {'exact':>7} {'numpy':>7} {'ratio':>6} {'exact search':>13}")
    for name, (exact, plain) in cases.items():
        mine, theirs = median_ms(exact, runs), median_ms(plain, runs)
        print(f"{name:34} {mine:7.0f} {theirs:7.0f} {mine / theirs:6.2f} {exact_share(exact):12.4%}")
    with tempfile.TemporaryDirectory() as cache_dir:
        (imported, cold), (_, warm) = first_call_seconds(cache_dir), first_call_seconds(cache_dir)
    print(
        f"fresh process: import {imported:.1f} s; first call {cold:.1f} s compiling, {warm:.2f} s from the cache"
    )


if __name__ == "__main__":
    main()
