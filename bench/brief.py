"""What a scenario brief costs once the simulation is cached: the page, its chart and its PNG.

    python bench/brief.py [--scenario 0] [--trials 20000] [--runs 5]

The sample scenario number `--scenario` at `--trials` trials (the app's default) is simulated, summarised and
worked out ("what would it take" at 80%) once, untimed, as the simulator page has them cached; then the brief
(:func:`~simulator.report.brief.scenario_brief`, PDF and PNG at 150 dpi), its chart alone and the PNG of its page
alone are each timed in turn. Prints the median wall time of each over `--runs` runs. Issue 17 asks for under 1 s.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from bench.channels import interleaved_medians  # noqa: E402
from simulator import simulate  # noqa: E402
from simulator.analysis.summaries import summarize  # noqa: E402
from simulator.analysis.what_would_it_take import what_would_it_take  # noqa: E402
from simulator.files.scenario_csv import read_scenarios  # noqa: E402
from simulator.report.brief import scenario_brief  # noqa: E402
from simulator.report.brief_charts import fan_chart_png  # noqa: E402
from simulator.report.page_image import first_page_png  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=int, default=0)
    parser.add_argument("--trials", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scenario = replace(read_scenarios(ROOT / "sample_data" / "scenarios.csv")[args.scenario], trials=args.trials)
    summary = summarize(simulate(scenario))
    answer = what_would_it_take(scenario, 0.8)
    pdf = scenario_brief(scenario, summary=summary, what_it_would_take=answer).pdf
    seconds = interleaved_medians(
        {
            "brief (PDF + PNG)": lambda: scenario_brief(scenario, summary=summary, what_it_would_take=answer),
            "chart alone": lambda: fan_chart_png(summary, width=168 / 25.4, height=72 / 25.4),
            "PNG of the page": lambda: first_page_png(pdf),
        },
        args.runs,
    )
    print(f"{scenario.name}: {args.trials:,} trials, median of {args.runs} runs")
    for name, value in seconds.items():
        print(f"  {name:18} {value * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
