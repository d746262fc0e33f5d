"""Command line: ``python -m simulator run SCENARIOS.csv [--trials N] [--seed S] [--out DIR]``,
``python -m simulator brief SCENARIOS.csv [--trials N] [--seed S] [--confidence C] [--out DIR]`` and
``python -m simulator calibrate HISTORY [--last-months N | --half-life H] [--out SCENARIO.csv]``."""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from simulator.analysis.goal_seek import seeks
from simulator.analysis.summaries import summarize
from simulator.analysis.targets import TargetResult, evaluate
from simulator.analysis.what_would_it_take import what_would_it_take
from simulator.analysis.windows import figures_target
from simulator.engine.funnel import simulate
from simulator.files.scenario_csv import (
    ScenarioFileError,
    read_scenarios,
    recomputed_results_note,
    write_scenarios,
)
from simulator.files.trials_csv import write_trials
from simulator.history import (
    HistoryError,
    fit,
    fit_channels,
    fit_subscription,
    fitted_channel_rows,
    fitted_rows,
    read_history,
    subscription_rows,
)
from simulator.history.fitted_table import COLUMNS
from simulator.history.headers import FIELDS
from simulator.model.checks import InputError, quoted
from simulator.model.scenario import Scenario
from simulator.model.target import Metric
from simulator.settings import MAX_TRIALS_VARIABLE, SettingError

DESCRIPTION = f"""\
Funnel what-if simulator: Monte Carlo odds of hitting a sales target.

  run        simulate every scenario of a scenario CSV, print a summary, and write
             DIR/summary.csv (the scenarios with their results) and DIR/trials.csv
             (one row per scenario, trial and month).
  brief      simulate every scenario of a scenario CSV and write a one-page brief of
             each, DIR/<name>.pdf and DIR/<name>.png: the target, the odds and verdict,
             the forecast levels, the chart, the funnel, the levers and what it would
             take at --confidence, the inputs and the command that reproduces it.
  calibrate  read a history of monthly funnel counts (a CRM or spreadsheet export),
             print what was detected, its problems and the fitted 90% ranges (with
             customers per month: churn, expansion and the starting base too), and
             with --out write the default scenario with those ranges as a scenario CSV
             (in subscription mode when the history has customers).

The scenario CSV columns are documented in docs/scenario_csv.md. Exit code 0 on
success, 2 on bad input (the reason is printed on one line to stderr), including
a history that cannot be read and a run beyond the work budget: more trials than
{MAX_TRIALS_VARIABLE} allows (1,000,000 unless set), or billions of opportunities.
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


def _column(text: str) -> tuple[str, str]:
    """A ``FIGURE=COLUMN`` option as (figure, column), or a plain message naming the figures there are."""
    figure, equals, column = (part.strip() for part in text.partition("="))
    if not equals or figure not in FIELDS or not column:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not FIGURE=COLUMN with a figure among {', '.join(FIELDS)}"
        )
    return figure, column


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every option documented for ``--help``."""
    parser = _OneLineParser(
        prog="python -m simulator", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_OneLineParser)
    simulating = commands.add_parser(
        "run",
        help="simulate the scenarios of a scenario CSV",
        description="Simulate every scenario of SCENARIOS.csv and write the results.",
    )
    simulating.set_defaults(command_function=run)
    _scenario_options(simulating, "folder for summary.csv and trials.csv")
    simulating.add_argument(
        "--delimiter",
        choices=[",", ";"],
        default=",",
        help="separator of summary.csv; ';' also writes decimal commas (default: ',')",
    )
    briefing = commands.add_parser(
        "brief",
        help="write a one-page PDF and PNG brief of each scenario of a scenario CSV",
        description="Simulate every scenario of SCENARIOS.csv and write a one-page brief of each as PDF and PNG, "
        "named after the scenario.",
    )
    briefing.set_defaults(command_function=brief)
    _scenario_options(briefing, "folder for the briefs")
    briefing.add_argument(
        "--confidence",
        type=_percent,
        default=80,
        metavar="C",
        help="the odds, in percent, that 'what it would take' aims for (default: 80, as the app)",
    )
    calibrating = commands.add_parser(
        "calibrate",
        help="fit the funnel's 90%% ranges from a history file",
        description="Read HISTORY (one row per month: month, visits, leads, qualified, won, optionally "
        "revenue), print what was detected, every problem with its row and column, the fitted 90%% ranges and "
        "the fit's notes.",
    )
    calibrating.set_defaults(command_function=calibrate)
    calibrating.add_argument(
        "history",
        type=Path,
        metavar="HISTORY",
        help="history file: CSV (',', ';', tab or '|' separated; UTF-8, UTF-16 or a Windows code page) or .xlsx",
    )
    calibrating.add_argument(
        "--column",
        type=_column,
        action="append",
        default=[],
        metavar="FIGURE=COLUMN",
        help=f"read FIGURE ({', '.join(FIELDS)}) from the file's column COLUMN, for headers that are not "
        "recognised; repeat for each figure",
    )
    recency = calibrating.add_mutually_exclusive_group()
    recency.add_argument(
        "--last-months", type=_whole_number, metavar="N", help="fit on the last N months only (default: all)"
    )
    recency.add_argument(
        "--half-life",
        type=float,
        metavar="H",
        help="weigh recent months more: a month counts half as much as the one H months after it",
    )
    calibrating.add_argument(
        "--out",
        type=Path,
        metavar="SCENARIO.csv",
        help="also write the default scenario with the fitted ranges, as a scenario CSV that 'run' reads",
    )
    return parser


def _scenario_options(parser: argparse.ArgumentParser, out_help: str) -> None:
    """The scenario CSV, --trials, --seed and --out: what ``run`` and ``brief`` both take."""
    parser.add_argument(
        "scenarios",
        type=Path,
        metavar="SCENARIOS.csv",
        help="scenario CSV (',' or ';' separated, UTF-8); a summary.csv written by 'run' works too",
    )
    parser.add_argument(
        "--trials",
        type=_whole_number,
        metavar="N",
        help=f"trials per scenario, overriding the file's trials column (at most {MAX_TRIALS_VARIABLE}, "
        "1,000,000 unless set)",
    )
    parser.add_argument(
        "--seed",
        type=_whole_number,
        metavar="S",
        help="random seed for every scenario, overriding the file's seed column",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help=f"{out_help} (created if missing; default: out)",
    )


def _percent(text: str) -> float:
    """A confidence in percent, 1 to 99, or a plain message saying it is not one."""
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        value = math.nan
    if not 1 <= value <= 99:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a percentage between 1 and 99")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a console or file in a code page without "→" or a file's letters
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        code = args.command_function(args)
        sys.stdout.flush()  # here, not at exit: a reader that stopped early (| head) is met by the except below
    except (ScenarioFileError, HistoryError, InputError, SettingError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # What is left unwritten goes nowhere, as Python's signal docs advise, so the exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    """The scenarios of the file, with --trials and --seed as given; a note if the file's results are stale."""
    scenarios = read_scenarios(args.scenarios)
    if recomputed := recomputed_results_note(args.scenarios):
        print(f"note: {recomputed}", file=sys.stderr)
    overrides = {k: v for k, v in (("trials", args.trials), ("seed", args.seed)) if v is not None}
    return [_named(s.name, replace, s, **overrides) for s in scenarios]


def run(args: argparse.Namespace) -> int:
    """The ``run`` command."""
    scenarios = _scenarios(args)
    results = [_named(s.name, simulate, s) for s in scenarios]
    answers = [evaluate(r) for r in results]
    for scenario, answer in zip(scenarios, answers, strict=False):
        print(summary_text(scenario.name, answer, scenario.trials))
    write_file(args.out / "summary.csv", write_scenarios(scenarios, answers, delimiter=args.delimiter))
    write_file(args.out / "trials.csv", write_trials(results))
    print(f"Wrote {args.out / 'summary.csv'} and {args.out / 'trials.csv'}")
    return 0


def brief(args: argparse.Namespace) -> int:
    """The ``brief`` command: one PDF and one PNG per scenario, named after it."""
    # Here, not at the top: matplotlib and the PDF libraries take a second to import, which run need not wait.
    from simulator.report.brief import scenario_brief
    from simulator.report.formats import odds_text

    stems: set[str] = set()
    for scenario in _scenarios(args):
        summary = summarize(_named(scenario.name, simulate, scenario))
        answer = None
        if seeks(scenario.target):  # goal seek has no answer for a ceiling such as CAC
            answer = _named(scenario.name, what_would_it_take, scenario, args.confidence / 100)
        made = scenario_brief(scenario, summary=summary, what_it_would_take=answer, source=str(args.scenarios))
        stem, number = made.stem, 1
        while stem in stems:  # two names can make one file name ("A/B", "A:B"): the later one gets a number
            number += 1
            stem = f"{made.stem}_{number}"
        stems.add(stem)
        pdf, png = args.out / f"{stem}.pdf", args.out / f"{stem}.png"
        write_file(pdf, made.pdf)
        write_file(png, made.png)
        print(
            f"{scenario.name}: {odds_text(summary.answer.probability)}, {summary.answer.verdict.value}. "
            f"Wrote {pdf} and {png}"
        )
    return 0


def calibrate(args: argparse.Namespace) -> int:
    """The ``calibrate`` command."""
    try:
        history = read_history(args.history, dict(args.column))
    except HistoryError as error:
        if not error.missing:
            raise
        raise HistoryError(
            f"{error} Name it with --column FIGURE=COLUMN, e.g. --column {error.missing[0]}=COLUMN."
        ) from None
    fitted = fit(history, last_months=args.last_months, half_life=args.half_life)
    months = history.data["month"]
    print(f"{args.history}: {history.detected()}")
    print(f"Months {months.iloc[0]} to {months.iloc[-1]}, {len(months):,} rows.")
    if history.problems:
        print(f"{len(history.problems)} problem(s) found, each left out only where it matters, as said:")
        print("\n".join(f"  {problem}" for problem in history.problems))
    else:
        print(f"No problems found in {len(history.data)} months.")
    print("Fitted 90% ranges (5th to 95th percentile):")
    print(table_text(fitted_rows(fitted)))
    if fitted.notes:
        print("Notes:")
        print("\n".join(f"  {note}" for note in fitted.notes))
    channels = None
    if history.by_channel is not None:
        channels = fit_channels(history, last_months=args.last_months, half_life=args.half_life)
        print("Fitted channels (90% ranges, 5th to 95th percentile):")
        print(table_text(fitted_channel_rows(channels)))
        print("\n".join(f"  {note}" for note in channels.notes))
    base = fit_subscription(history, last_months=args.last_months, half_life=args.half_life)
    if base is not None:
        print("Fitted customer base (subscription mode; 90% ranges, 5th to 95th percentile):")
        print(table_text(subscription_rows(base)))
        for note in base.notes:
            print(f"  {note}")
    if args.out is None:
        return 0
    calibrated = fitted.calibrated(Scenario())
    if channels is not None:
        calibrated = channels.apply(calibrated)
    if base is not None:
        calibrated = base.apply(calibrated)
    write_file(args.out, write_scenarios([calibrated]))
    print(
        f"Wrote {args.out}: {calibrated.name!r}, the default scenario with these ranges (simulate it with 'run')."
    )
    return 0


def table_text(rows: list[dict[str, str]]) -> str:
    """`rows` (of :data:`~simulator.history.fitted_table.COLUMNS`) as an indented table, one column per field."""
    widths = [max(len(column), *(len(row[column]) for row in rows)) for column in COLUMNS]
    lines = [COLUMNS, *([row[column] for column in COLUMNS] for row in rows)]
    return "\n".join(
        "  " + "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


class OutputError(OSError):
    """A file the command line cannot write (one plain message)."""


def write_file(path: Path, content: str | bytes) -> None:
    """Write `content` to `path` (text in UTF-8), its folder made if missing, or raise :class:`OutputError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    except OSError as error:
        raise OutputError(f"cannot write to {path}: {error.strerror}") from None


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
