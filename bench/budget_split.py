"""What the best split of the budget costs: for an expected figure and for the target's odds.

    python bench/budget_split.py [--runs 3]

On the sample scenario "Four channels: Q3 deals +20%" (three paid channels, 20,000 trials) prints the median wall
time of :func:`simulator.analysis.budget.best_split` for expected deals (one calculation, two simulations) and for
the odds (the same, then a search of up to MOST_SIMULATIONS smaller simulations and one more simulation), each
against one ``simulate`` of the scenario measured in the same run.
Figures vary with the machine and its load: compare the ratios, not the absolutes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.channels import interleaved_medians
from simulator.analysis.budget import ODDS, best_split
from simulator.engine.funnel import simulate
from simulator.files.scenario_csv import read_scenarios

SAMPLE = "Four channels: Q3 deals +20%"
SAMPLES = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scenario = next(s for s in read_scenarios(SAMPLES.read_bytes()) if s.name == SAMPLE)
    seconds = interleaved_medians(
        {
            "one simulation": lambda: simulate(scenario),
            "expected deals": lambda: best_split(scenario, objective="deals"),
            "the odds": lambda: best_split(scenario, objective=ODDS),
        },
        args.runs,
    )
    print(f"best_split() on {SAMPLE!r}, {scenario.trials:,} trials, median of {args.runs} runs")
    for name, value in seconds.items():
        ratio = value / seconds["one simulation"]
        print(f"  {name:15} {value:6.2f} s   {ratio:5.1f} x one simulation")


if __name__ == "__main__":
    main()
