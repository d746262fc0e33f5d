"""The words and rows of a scenario brief, from values a page already has: nothing here simulates.

Each function gives plain strings, so the layout (:mod:`simulator.report.brief`) only places them and a test can
look for them in the PDF's text.
"""

from __future__ import annotations

import shlex

from simulator.analysis.compare import channel_words, input_fields, input_label, value_words
from simulator.analysis.levers import describe_value, heading
from simulator.analysis.summaries import Summary
from simulator.analysis.what_would_it_take import WhatItWouldTake
from simulator.files.scenario_columns import field_values
from simulator.i18n import _, ngettext, number_text, percent_text
from simulator.model.scenario import Scenario
from simulator.model.subscription import RevenueMode
from simulator.report.formats import metric_text, odds_text

#: Inputs a brief shows elsewhere (name, target, trials, seed) or in words of their own (channels, correlations).
NOT_IN_TABLE = {"name", "trials", "seed", "channels", "correlations", "revenue_mode"}
#: Inputs that only count in subscription mode...
SUBSCRIPTION_INPUTS = {"starting_customers", "starting_mrr", "churn", "expansion"}
#: ...and those a scenario with channels does not use (each channel has its own).
CHANNEL_REPLACED = {"traffic", "traffic_growth", "visit_to_lead", "lead_to_qualified", "marketing_spend"}


def odds_lines(summary: Summary) -> tuple[str, str]:
    """The odds as the simulator page shows them, and their precision: ``("62%", "± 0.3 pts standard error
    (20,000 trials)")``."""
    answer = summary.answer
    trials = summary.hits.size
    precision = ngettext(
        "± {error} pts standard error ({trials} trial)", "± {error} pts standard error ({trials} trials)", trials
    ).format(error=number_text(answer.standard_error * 100, 1), trials=number_text(trials))
    return odds_text(answer.probability), precision


def from_to(low: str, high: str) -> str:
    """A move from `low` to `high`: ``"20% → 35%"`` (the arrow points the reading's way)."""
    # TRANSLATORS: a move from one value to another; in a right-to-left language the arrow may point left
    return _("{low} → {high}").format(low=low, high=high)


def levels(summary: Summary) -> list[tuple[str, str, str]]:
    """Commit, Most likely and Best case: (name, value, what it means), the simulator page's three levels."""
    answer = summary.answer
    metric = answer.target.metric
    return [
        # TRANSLATORS: a forecast level: the value reached in 90% of trials
        (
            _("Commit"),
            metric_text(metric, answer.commit),
            _("reached in {share} of trials").format(share=percent_text(0.9)),
        ),
        # TRANSLATORS: a forecast level: the median
        (_("Most likely"), metric_text(metric, answer.most_likely), _("reached in half of the trials")),
        # TRANSLATORS: a forecast level: the value reached in 10% of trials
        (
            _("Best case"),
            metric_text(metric, answer.best_case),
            _("reached in {share} of trials").format(share=percent_text(0.1)),
        ),
    ]


def funnel_rows(summary: Summary) -> list[tuple[str, str, str, str]]:
    """Each funnel stage over the target's window: (stage, P10, P50, P90), whole numbers."""
    return [(stage.label, *(number_text(value) for value in values)) for stage, values in summary.funnel.items()]


def lever_rows(answer: WhatItWouldTake, count: int = 3) -> list[tuple[str, str, str]]:
    """The `count` levers that move the odds most (the tornado's first bars): (lever, its range, the odds)."""
    return [
        (
            heading(s.lever),
            from_to(s.low_label, s.high_label),
            from_to(percent_text(s.odds_low), percent_text(s.odds_high)),
        )
        for s in answer.swings[:count]
        if s.effect > 0
    ]


def requirement_rows(answer: WhatItWouldTake) -> list[tuple[str, str, str]]:
    """Goal seek on each lever, as the page's table: (lever, now, needed for the confidence)."""
    return [
        (
            heading(r.lever),
            describe_value(r.lever, r.current),
            _("not reachable") if r.needed is None else describe_value(r.lever, r.needed),
        )
        for r in answer.requirements
    ]


def input_rows(scenario: Scenario) -> list[tuple[str, str]]:
    """The inputs that count for `scenario` as (name, value), worded as the compare page words them, in the
    scenario CSV's order.

    Examples
    --------
    >>> dict(input_rows(Scenario()))["Win rate"]
    '20%–30%'
    """
    unused = NOT_IN_TABLE | (CHANNEL_REPLACED if scenario.channels else set())
    if scenario.revenue_mode is not RevenueMode.SUBSCRIPTION:
        unused |= SUBSCRIPTION_INPUTS
    if not scenario.new_reps:  # a ramp-up of no one
        unused |= {"ramp_productivity", "ramp_months"}
    values = field_values(scenario)
    rows = [
        (input_label(field, specs[0]), value_words(specs, tuple(values[spec.name] for spec in specs)))
        for field, specs in input_fields()
        if field not in unused and not field.startswith("target.")
    ]
    rows += [
        (_("Channel: {name}").format(name=channel.name), channel_words(channel)) for channel in scenario.channels
    ]
    # TRANSLATORS: inputs drawn together (correlated), a row of the brief's inputs table
    return rows + [(_("Moves together"), label) for label in scenario.correlations.labels()]


def command_line(scenario: Scenario, source: str, *, brief: bool = False, confidence: float | None = None) -> str:
    """The command that simulates `scenario` again from the scenario CSV `source`, trials and seed as here; with
    `brief`, the one that makes its brief again (at `confidence`, if what it would take was worked out).

    Examples
    --------
    >>> command_line(Scenario(trials=2000, seed=7), "my plan.csv")
    "python -m simulator run 'my plan.csv' --trials 2000 --seed 7"
    >>> command_line(Scenario(trials=2000, seed=7), "plan.csv", brief=True, confidence=0.8)
    'python -m simulator brief plan.csv --trials 2000 --seed 7 --confidence 80 --out DIR'
    """
    line = f"{shlex.quote(source)} --trials {scenario.trials} --seed {scenario.seed}"
    if not brief:
        return f"python -m simulator run {line}"
    confidence_option = "" if confidence is None else f" --confidence {confidence * 100:g}"
    return f"python -m simulator brief {line}{confidence_option} --out DIR"
