"""What subscription mode costs the engine: the same scenario with and without its customer base.

    python bench/subscription.py [--trials 100000] [--months 24] [--runs 5]

On the engine's benchmark funnel (simulator/bench.py: capacity cap, a 1.5-month cycle that varies, open
pipeline, revenue) prints the median wall time of ``simulate`` for one-off deals and for subscription mode (a
starting base of 2,000 customers, churn 1.5%-3% and expansion 0%-1% a month, drawn per trial; a binomial churn
count per trial and month), the two timed in turn, and the ratio measured in the same run. Figures vary with the
machine and its load: compare the ratio, not the absolutes.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.channels import interleaved_medians
from simulator.bench import BENCH_SCENARIO
from simulator.engine.funnel import simulate
from simulator.model.distributions import Range

SUBSCRIPTION = {
    "revenue_mode": "subscription",
    "starting_customers": 2000,
    "starting_mrr": 1_000_000.0,
    "churn": Range(0.015, 0.03),
    "expansion": Range(0.0, 0.01),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    target = replace(BENCH_SCENARIO.target, deadline_month=min(BENCH_SCENARIO.target.deadline_month, args.months))
    one_off = replace(BENCH_SCENARIO, trials=args.trials, horizon_months=args.months, target=target)
    scenarios = {"one-off deals": one_off, "subscription": replace(one_off, **SUBSCRIPTION)}
    seconds = interleaved_medians(
        {name: lambda s=scenario: simulate(s, rng=1) for name, scenario in scenarios.items()}, args.runs
    )
    print(f"simulate(), {args.trials:,} trials x {args.months} months, median of {args.runs} runs")
    for name, value in seconds.items():
        print(f"  {name:14} {value * 1000:7.0f} ms")
    print(f"  subscription / one-off: {seconds['subscription'] / seconds['one-off deals']:5.2f} x")


if __name__ == "__main__":
    main()
