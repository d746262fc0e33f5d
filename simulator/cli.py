"""Command line: ``python -m simulator run SCENARIOS.csv [--trials N] [--seed S] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from simulator.analysis.targets import TargetResult, evaluate
from simulator.analysis.windows import figures_target
from simulator.engine.funnel import simulate
from simulator.files.scenario_csv import (
    ScenarioFileError,
    read_scenarios,
    recomputed_results_note,
    write_scenarios,
)
from simulator.files.trials_csv import write_trials
from simulator.model.checks import InputError, quoted
from simulator.model.target import Metric
from simulator.settings import MAX_TRIALS_VARIABLE, SettingError

DESCRIPTION = f"""\
Funnel what-if simulator: Monte Carlo odds of hitting a sales target.

  run      simulate every scenario of a scenario CSV, print a summary, and write
           DIR/summary.csv (the scenarios with their results) and DIR/trials.csv
           (one row per scenario, trial and month).

The scenario CSV columns are documented in docs/scenario_csv.md. Exit code 0 on
success, 2 on bad input (the reason is printed on one line to stderr), including
a run beyond the work budget: more trials than {MAX_TRIALS_VARIABLE} allows
(1,000,000 unless set), or billions of opportunities.
"""


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2, like every other bad input."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _whole_number(text: str) -> int:
    """An option's whole number, or a plain message saying it is not one (``1e400``, ``2.5``, ``ten``)."""
    try:
        return int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every option documented for ``--help``."""
    parser = _OneLineParser(
        prog="python -m simulator", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_OneLineParser)
    run = commands.add_parser(
        "run",
        help="simulate the scenarios of a scenario CSV",
        description="Simulate every scenario of SCENARIOS.csv and write the results.",
    )
    run.add_argument(
        "scenarios",
        type=Path,
        metavar="SCENARIOS.csv",
        help="scenario CSV (',' or ';' separated, UTF-8); a summary.csv written by this command works too",
    )
    run.add_argument(
        "--trials",
        type=_whole_number,
        metavar="N",
        help=f"trials per scenario, overriding the file's trials column (at most {MAX_TRIALS_VARIABLE}, "
        "1,000,000 unless set)",
    )
    run.add_argument(
        "--seed",
        type=_whole_number,
        metavar="S",
        help="random seed for every scenario, overriding the file's seed column",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="folder for summary.csv and trials.csv (created if missing; default: out)",
    )
    run.add_argument(
        "--delimiter",
        choices=[",", ";"],
        default=",",
        help="separator of summary.csv; ';' also writes decimal commas (default: ',')",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except (ScenarioFileError, InputError, SettingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    """The ``run`` command."""
    scenarios = read_scenarios(args.scenarios)
    if recomputed := recomputed_results_note(args.scenarios):
        print(f"note: {recomputed}", file=sys.stderr)
    overrides = {k: v for k, v in (("trials", args.trials), ("seed", args.seed)) if v is not None}
    scenarios = [_named(s.name, replace, s, **overrides) for s in scenarios]
    results = [_named(s.name, simulate, s) for s in scenarios]
    answers = [evaluate(r) for r in results]
    for scenario, answer in zip(scenarios, answers, strict=False):
        print(summary_text(scenario.name, answer, scenario.trials))
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.csv").write_text(
            write_scenarios(scenarios, answers, delimiter=args.delimiter), encoding="utf-8", newline=""
        )
        (args.out / "trials.csv").write_text(write_trials(results), encoding="utf-8", newline="")
    except OSError as error:
        print(f"error: cannot write to {args.out}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Wrote {args.out / 'summary.csv'} and {args.out / 'trials.csv'}")
    return 0


def _named(name: str, function, *args, **kwargs):
    """``function(*args, **kwargs)``, an :class:`InputError` naming the scenario it came from."""
    try:
        return function(*args, **kwargs)
    except InputError as error:
        raise InputError(f"{name}: {error.field}", error.value, error.allowed) from None


def summary_text(name: str, answer: TargetResult, trials: int) -> str:
    """A few readable lines: the target and its window, the odds and verdict, P10/P50/P90 of deals and revenue."""
    deals = answer.percentiles[Metric.DEALS.value]
    revenue = answer.percentiles[Metric.REVENUE.value]
    period = figures_target(answer.target).period
    odds = f"{answer.probability:.1%} +/- {answer.standard_error:.1%}"
    levels = f"{answer.commit:,.0f} / {answer.most_likely:,.0f} / {answer.best_case:,.0f}"
    return "\n".join(
        [
            name,
            f"  Target:        {answer.target.describe()}",
            f"  Chance to hit: {odds}  ->  {answer.verdict.value}  ({trials:,} trials)",
            f"  Commit / Most likely / Best case: {levels}",
            f"  Window:        {answer.target.period}",
            f"  Won deals {period}: P10 {deals[0]:,.0f}  P50 {deals[1]:,.0f}  P90 {deals[2]:,.0f}",
            f"  Revenue {period}:   P10 ${revenue[0]:,.0f}  P50 ${revenue[1]:,.0f}  P90 ${revenue[2]:,.0f}",
            "",
        ]
    )
