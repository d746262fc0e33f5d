"""What a weekly review of open deals costs: drawing every deal's outcome, and the deals that matter.

    python bench/weekly_review.py [--deals 500] [--trials 20000] [--runs 5]

A pipeline of `--deals` open deals (stages cycling through the default ones, amounts $1,000-$20,000, close dates
over the next 90 days, slip share 10%-30%) is reviewed at `--trials` trials. Prints the median wall time of
drawing the outcomes, of ranking every deal by its effect on the odds (each deal taken out of the same trials,
no rerun), and of everything the page shows (:func:`~simulator.analysis.weekly_review.review_answers`: the
outcomes, the deals that matter, pace, categories, coverage, owners and the week-by-week fan, drawn again at each
week's end), without and with the first sample scenario's funnel bringing new deals; each timed in turn, after one
untimed call (numba's compiled kernel loads from its cache).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.channels import interleaved_medians
from simulator.analysis.deals_that_matter import deals_that_matter
from simulator.analysis.weekly_review import review_answers
from simulator.engine.review import simulate_review
from simulator.files.scenario_csv import read_scenarios
from simulator.model.open_deals import DEFAULT_STAGES, OpenDeal, Pipeline
from simulator.model.review import Review


def pipeline(deals: int, trials: int) -> Pipeline:
    """The benchmark's pipeline (see the module)."""
    stages = [name for name, _ in DEFAULT_STAGES]
    return Pipeline(
        deals=tuple(
            OpenDeal(
                deal_id=f"D{i}",
                stage=stages[i % len(stages)],
                amount=1000.0 + 19_000.0 * ((i * 37) % 100) / 100,
                close_day=float((i * 13) % 90),
            )
            for i in range(deals)
        ),
        trials=trials,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, default=500)
    parser.add_argument("--trials", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    drawn = simulate_review(Review(pipeline=pipeline(args.deals, args.trials), figure="revenue", goal=0.0))
    goal = float(np.median(drawn.totals()))  # a goal met in about half the trials
    review = Review(pipeline=drawn.review.pipeline, figure="revenue", goal=goal)
    outcomes = simulate_review(review)
    funnel = read_scenarios(Path(__file__).parent.parent / "sample_data" / "scenarios.csv")[0]
    with_funnel = replace(review, funnel=funnel)
    seconds = interleaved_medians(
        {
            "outcomes": lambda: simulate_review(review),
            "deals that matter": lambda: deals_that_matter(outcomes),
            "all answers": lambda: review_answers(simulate_review(review)),
            "all, with a funnel": lambda: review_answers(simulate_review(with_funnel)),
        },
        args.runs,
    )
    print(f"{args.deals} open deals, {args.trials:,} trials, median of {args.runs} runs")
    for name, value in seconds.items():
        print(f"  {name:18} {value * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
