"""Speed of the exact count quantiles against the old approximation and numpy's samplers.

    python bench/counts.py [--runs 5]

For 12 months x 100,000 trials (1.2M draws) at typical engine parameters (Poisson means 100-5000, binomial
tries from those draws, p 0.02-0.5 one per trial) prints the median time of: poisson_quantile and
binomial_quantile, the closed form they replaced (kept here only as the reference), rng.poisson and
rng.binomial, and the share of draws that took the exact search. Then the same for small binomials
(tries 5-60), where most draws take the exact search.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))
from simulator.engine import counts

TRIALS, MONTHS = 100_000, 12


def old_poisson(z, lam):
    """The closed form used before exact quantiles (its guess), for reference."""
    root = np.maximum(np.sqrt(lam) + z / 2, 0.0)
    return np.maximum(np.ceil(root * root - (z * z + 2) / 12 - 0.5), 0.0).astype(np.int64)


def old_binomial(z, n, p):
    """The old closed form without its exact small-n floor (so a little faster than it was)."""
    return counts._guess_binomial(z.astype(np.float64), n.astype(np.float64), p).astype(np.int64)


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
        "Poisson, mean 100-5000": (
            lambda: counts.poisson_quantile(z, lam),
            lambda: old_poisson(z, lam),
            lambda: rng.poisson(lam),
        ),
        "binomial, n 100-5000, p 0.02-0.5": (
            lambda: counts.binomial_quantile(z, n, p),
            lambda: old_binomial(z, n, p),
            lambda: rng.binomial(n, p),
        ),
        "binomial, n 5-60, p 0.02-0.5": (
            lambda: counts.binomial_quantile(z, small_n, p),
            lambda: old_binomial(z, small_n, p),
            lambda: rng.binomial(small_n, p),
        ),
    }
    print(f"{MONTHS} x {TRIALS:,} draws, median of {runs} runs (ms)")
    print(f"{'case':34} {'exact':>7} {'old':>7} {'numpy':>7} {'exact search':>13}")
    for name, (exact, old, plain) in cases.items():
        times = [median_ms(f, runs) for f in (exact, old, plain)]
        print(f"{name:34} {times[0]:7.0f} {times[1]:7.0f} {times[2]:7.0f} {exact_share(exact):12.2%}")


if __name__ == "__main__":
    main()
