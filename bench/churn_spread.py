"""How much the engine's churn simplification narrows the spread of MRR, against drawing each customer.

    python bench/churn_spread.py [--trials 20000] [--seed 1]

The engine lets a leaving customer take the base's average MRR (:mod:`simulator.engine.subscriptions`): the
expected MRR is exact, but which customers leave, large or small, is not drawn. Here the same base is simulated
both ways with numpy, customer by customer: 200 starting customers and 15 new ones a month (Poisson), each paying
its own deal size / 12 (deal size lognormal on a 90% range), 2% churn a month (each customer leaves on its own),
12 months, no expansion. Prints the mean and the standard deviation over trials of the MRR at month 12 both ways,
for a narrow and a wide deal-size range, and the ratio of the standard deviations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))
from simulator.model.distributions import Range, amount_quantile

START, NEW_PER_MONTH, CHURN, MONTHS = 200, 15.0, 0.02, 12


def mrr_at_end(rng: np.random.Generator, sizes: Range, trials: int, *, each: bool) -> np.ndarray:
    """MRR after MONTHS months in each trial: customers leaving with their own MRR (`each`) or the average."""
    ends = np.empty(trials)
    for trial in range(trials):
        paying = amount_quantile(sizes, rng.standard_normal(START)) / 12
        for _ in range(MONTHS):
            leaving = rng.random(paying.size) < CHURN
            if each:
                paying = paying[~leaving]
            else:  # as the engine: as many leave, each with the base's average
                kept = paying.size - leaving.sum()
                paying = np.full(kept, paying.mean() if paying.size else 0.0)
            new = amount_quantile(sizes, rng.standard_normal(rng.poisson(NEW_PER_MONTH))) / 12
            paying = np.concatenate([paying, new])
        ends[trial] = paying.sum()
    return ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"MRR at month {MONTHS}, {args.trials:,} trials each: mean and standard deviation over trials")
    for sizes in (Range(4000.0, 8000.0), Range(2000.0, 30_000.0)):
        each, average = (
            mrr_at_end(np.random.default_rng(args.seed), sizes, args.trials, each=flag) for flag in (True, False)
        )
        print(
            f"  deal size ${sizes.low:,.0f}-${sizes.high:,.0f}: each customer ${each.mean():,.0f} sd "
            f"${each.std():,.0f}; the engine's average ${average.mean():,.0f} sd ${average.std():,.0f}; "
            f"sd ratio {average.std() / each.std():.3f}"
        )


if __name__ == "__main__":
    main()
