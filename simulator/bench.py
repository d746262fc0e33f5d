"""Benchmark of the engine: ``python -m simulator.bench [--trials N] [--months M] [--runs R]``.

Prints, for a funnel with a capacity cap, a fractional sales cycle, open pipeline
and revenue:

* the median wall time of ``simulate`` over several runs;
* the median time of drawing the same number of standard-normal variates with
  numpy, in the same run and the same dtypes (the floor no Monte Carlo engine
  can beat), and the ratio of the two;
* the peak memory allocated during one run, at the full and at a quarter of the
  trials, to show it grows linearly with trials;
* with ``--what-if``, the time "what would it take" needs on each sample scenario
  at its own trials: the goal seek over every lever, then everything together
  (goal seek, sensitivity, hiring plan, reverse funnel).

Figures vary with the machine and its load: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np

from simulator.analysis.goal_seek import goal_seek
from simulator.analysis.what_would_it_take import what_would_it_take
from simulator.engine.funnel import DRAWN_INPUTS, MONTH_STREAMS, simulate
from simulator.files.scenario_csv import read_scenarios
from simulator.model.distributions import Range
from simulator.model.scenario import Scenario, Target

#: A mid-size B2B funnel where capacity binds in some trials.
BENCH_SCENARIO = Scenario(
    name="benchmark",
    traffic=Range(4000.0, 6000.0),
    traffic_growth=0.01,
    visit_to_lead=Range(0.025, 0.035),
    lead_to_qualified=Range(0.25, 0.35),
    win_rate=Range(0.2, 0.3),
    deal_size=Range(2000.0, 8000.0),
    sales_cycle_months=1.5,
    open_pipeline=40,
    reps=4,
    capacity_per_rep=11.0,
    marketing_spend=10_000.0,
    cost_per_rep=8000.0,
    target=Target(value=100, deadline_month=6),
)


def median_seconds(work, runs: int) -> float:
    """Median wall time of `work()` over `runs` calls, after one warm-up call."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(work) -> int:
    """Peak memory allocated (numpy included) while `work()` runs."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def draw_normals(trials: int, months: int, seed: int) -> None:
    """The engine's random draws alone: the same count and dtypes, no arithmetic."""
    rng = np.random.default_rng(seed)
    rng.standard_normal((len(MONTH_STREAMS), months, trials), dtype=np.float32)
    rng.standard_normal((len(DRAWN_INPUTS), trials))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--what-if", action="store_true", help="also time goal seek on the sample scenarios")
    args = parser.parse_args(argv)

    scenario = replace(BENCH_SCENARIO, trials=args.trials, horizon_months=args.months)
    engine = median_seconds(lambda: simulate(scenario, rng=1), args.runs)
    floor = median_seconds(lambda: draw_normals(args.trials, args.months, 1), args.runs)
    quarter = replace(scenario, trials=args.trials // 4)
    memory_full = peak_bytes(lambda: simulate(scenario, rng=1))
    memory_quarter = peak_bytes(lambda: simulate(quarter, rng=1))

    print(
        f"Engine: {args.trials:,} trials x {args.months} months (capacity cap, 1.5-month cycle, "
        f"open pipeline, revenue), median of {args.runs} runs"
    )
    print(f"  simulate():                  {engine * 1000:7.0f} ms")
    print(f"  same normal draws in numpy:  {floor * 1000:7.0f} ms")
    print(f"  ratio to the numpy floor:    {engine / floor:7.2f} x")
    print(
        f"  peak memory:                 {memory_full / 2**20:7.0f} MiB "
        f"({memory_full / args.trials:,.0f} bytes per trial)"
    )
    print(
        f"  peak memory at {quarter.trials:,} trials: {memory_quarter / 2**20:5.0f} MiB "
        f"({memory_quarter / quarter.trials:,.0f} bytes per trial)"
    )
    if args.what_if:
        bench_what_if(max(1, args.runs // 2))


def bench_what_if(runs: int) -> None:
    """Median time of goal seek, and of every what-if answer, on each sample scenario."""
    sample = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
    print(f"What would it take (80% confidence), median of {runs} runs")
    for scenario in read_scenarios(sample):
        seek = median_seconds(lambda s=scenario: goal_seek(s, 0.8), runs)
        everything = median_seconds(lambda s=scenario: what_would_it_take(s, 0.8), runs)
        print(f"  {scenario.name} ({scenario.trials:,} trials):")
        print(f"    goal seek {seek:.2f} s, everything {everything:.2f} s")


if __name__ == "__main__":
    main()
