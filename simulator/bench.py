"""Benchmark of the engine: ``python -m simulator.bench [--trials N] [--months M] [--runs R]``.

Prints, for a funnel with a capacity cap, a sales cycle that varies, open
pipeline and revenue, the median wall time over several runs of:

* ``simulate``, the engine;
* a plain numpy sampler of the same model without common random numbers
  (``rng.poisson``, ``rng.binomial``, the capacity queue, the cycle split by
  binomial draws, one lognormal per won deal): the honest reference, and the
  ratio of the two;
* drawing ``trials x months`` standard-normal variates, for the record;
* the peers' question, the odds of at least 45 deals in a quarter from traffic and
  three rates, by the engine and by the plain sampler;
* the peak memory allocated during one run at the full trials and at ten times them.

With ``--what-if``, also the time "what would it take" needs on each sample
scenario at its own trials: the goal seek over every lever, then everything
together (goal seek, sensitivity, hiring plan, reverse funnel).

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
from simulator.analysis.targets import odds_of
from simulator.analysis.what_would_it_take import what_would_it_take
from simulator.engine.funnel import DRAWN_INPUTS, simulate
from simulator.engine.work_queue import work_within_capacity
from simulator.files.scenario_csv import read_scenarios
from simulator.model.distributions import Range, amount_quantile, lognormal_parameters, rate_quantile
from simulator.model.sales_cycle import close_lag_cdf, open_close_cdf
from simulator.model.scenario import Scenario
from simulator.model.target import Target

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
    sales_cycle_spread=0.3,
    open_pipeline=40,
    reps=4,
    capacity_per_rep=11.0,
    marketing_spend=10_000.0,
    cost_per_rep=8000.0,
    target=Target(value=100, deadline_month=6),
)
#: The question every peer tool answers: a quarter's deals from traffic and three rates.
PEERS_SCENARIO = Scenario(
    name="peers",
    horizon_months=3,
    traffic=Range(4000.0, 6000.0),
    visit_to_lead=Range(0.025, 0.035),
    lead_to_qualified=Range(0.25, 0.35),
    win_rate=Range(0.2, 0.3),
    target=Target(value=45, deadline_month=3),
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


def plain_sampler(scenario: Scenario, seed: int) -> np.ndarray:
    """Won deals and revenue per trial and month of `scenario` by numpy's own samplers, no common random numbers.

    The same model as the engine: inputs drawn per trial from their ranges, Poisson visits, binomial
    stages, the capacity queue, each cohort's opportunities split over closing months by binomial draws
    along the cycle's distribution, binomial wins, one lognormal size per won deal.
    """
    rng = np.random.default_rng(seed)
    trials, months = scenario.trials, scenario.horizon_months
    traffic = amount_quantile(scenario.traffic, rng.standard_normal(trials))
    rates = [rate_quantile(getattr(scenario, name), rng.standard_normal(trials)) for name in DRAWN_INPUTS[1:]]
    growth = (1 + scenario.traffic_growth) ** np.arange(months)
    visits = rng.poisson(growth[:, None] * traffic)
    leads = rng.binomial(visits, rates[0])
    qualified = rng.binomial(leads, rates[1])
    worked, _ = work_within_capacity(qualified, scenario.capacity_by_month())
    lag_cdf = close_lag_cdf(scenario.sales_cycle_months, scenario.sales_cycle_spread)
    open_cdf = open_close_cdf(scenario.sales_cycle_months, scenario.sales_cycle_spread)
    closing = np.zeros((months, trials), dtype=np.int64)
    cohorts = [(0, np.full(trials, scenario.open_pipeline), open_cdf)]
    cohorts += [(month, worked[month], lag_cdf) for month in range(months)]
    for start, count, cdf in cohorts:
        chance = np.diff(cdf, prepend=0.0)[: months - start]
        left = np.concatenate([[1.0], 1.0 - cdf[:-1]])[: months - start]
        for step, (p, before) in enumerate(zip(chance, left, strict=True)):
            share = min(p / before, 1.0) if before > 0 else 1.0
            closes = rng.binomial(count, share)
            closing[start + step] += closes
            count = count - closes
    deals = rng.binomial(closing, rates[2])
    mu, sigma = lognormal_parameters(scenario.deal_size)
    sizes = rng.lognormal(mu, sigma, int(deals.sum()))
    revenue = np.add.reduceat(sizes, np.concatenate([[0], np.cumsum(deals.ravel())[:-1]])) if sizes.size else sizes
    return deals, revenue


def peers_question(trials: int, seed: int) -> float:
    """P(deals of one quarter >= 45) from traffic and three rates by numpy's samplers (no capacity, no cycle)."""
    rng = np.random.default_rng(seed)
    scenario = PEERS_SCENARIO
    traffic = amount_quantile(scenario.traffic, rng.standard_normal(trials))
    rates = [rate_quantile(getattr(scenario, name), rng.standard_normal(trials)) for name in DRAWN_INPUTS[1:]]
    deals = rng.binomial(
        rng.binomial(rng.binomial(rng.poisson(traffic, (3, trials)), rates[0]), rates[1]), rates[2]
    )
    return float(np.mean(deals.sum(axis=0) >= 45))


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
    plain = median_seconds(lambda: plain_sampler(scenario, 1), args.runs)
    normals = median_seconds(
        lambda: np.random.default_rng(1).standard_normal((args.months, args.trials)), args.runs
    )
    peers = replace(PEERS_SCENARIO, trials=args.trials)
    peers_engine = median_seconds(lambda: odds_of(simulate(peers, rng=1), peers.target), args.runs)
    peers_plain = median_seconds(lambda: peers_question(args.trials, 1), args.runs)
    tenfold = replace(scenario, trials=args.trials * 10)
    memory = peak_bytes(lambda: simulate(scenario, rng=1))
    memory_tenfold = peak_bytes(lambda: simulate(tenfold, rng=1))

    print(
        f"Engine: {args.trials:,} trials x {args.months} months (capacity cap, 1.5-month cycle +-30%, "
        f"open pipeline, revenue), median of {args.runs} runs"
    )
    print(f"  simulate():                        {engine * 1000:7.0f} ms")
    print(f"  plain numpy sampler, same model:   {plain * 1000:7.0f} ms   ratio {engine / plain:5.2f} x")
    print(
        f"  {args.months * args.trials:,} N(0,1) draws:             {normals * 1000:7.0f} ms   "
        f"ratio {engine / normals:5.2f} x"
    )
    print(f"Peers' question, P(quarter deals >= 45), {args.trials:,} trials:")
    print(
        f"  engine {peers_engine * 1000:.0f} ms, plain sampler {peers_plain * 1000:.0f} ms, "
        f"ratio {peers_engine / peers_plain:.2f} x"
    )
    print(
        f"Peak memory: {memory / 2**20:,.0f} MiB at {args.trials:,} trials, "
        f"{memory_tenfold / 2**20:,.0f} MiB at {tenfold.trials:,}"
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
