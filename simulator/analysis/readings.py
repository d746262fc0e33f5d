"""One monthly goal, three readings: "monthly revenue +10% within a year" can mean month 12 alone, the average
month of the year, or at least one month of it. Their odds side by side let the team settle what it means."""

from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.analysis.targets import odds_of
from simulator.engine.result import SimulationResult
from simulator.i18n import _, number_text
from simulator.model.target import Target, Window


@dataclass(frozen=True)
class Reading:
    """One reading of a monthly goal and its odds.

    Attributes
    ----------
    label : str
        The reading in a few words: ``"Month 12 alone"``.
    target : Target
        The goal read this way (same metric, direction and number).
    probability, standard_error : float
        Its odds on the simulation, and their Monte Carlo standard error.
    chosen : bool
        Whether this is the reading the target was given as.
    """

    label: str
    target: Target
    probability: float
    standard_error: float
    chosen: bool


def is_monthly(target: Target) -> bool:
    """Whether `target` is a monthly goal (one month, a monthly average or any one month), with other readings."""
    one_month = target.window is Window.MONTHS and target.start_month == target.deadline_month
    return one_month or target.window in (Window.AVERAGE, Window.ANY_MONTH)


def readings(result: SimulationResult, target: Target) -> tuple[Reading, ...]:
    """The three readings of a monthly goal, or none for a total over several months or a running total.

    A goal on one month N is read over months 1..N ("within a year": month 12, the year's average month,
    any month of the year); an average or any-month goal over its own months a..b, with month b alone.

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> goal = Target(window=Window.MONTHS, start_month=12, deadline_month=12, value=10)
    >>> [r.label for r in readings(simulate(Scenario(trials=500), rng=42), goal)]
    ['Month 12 alone', 'Average month of months 1-12', 'At least one month of months 1-12']
    """
    if not is_monthly(target):
        return ()
    last = target.deadline_month
    first = 1 if target.window is Window.MONTHS else target.start_month
    numbers = {"first": number_text(first), "last": number_text(last)}
    if first < last:
        shapes = (
            (_("Month {last} alone"), Window.MONTHS, last),
            (_("Average month of months {first}-{last}"), Window.AVERAGE, first),
            (_("At least one month of months {first}-{last}"), Window.ANY_MONTH, first),
        )
    else:
        shapes = (
            (_("Month {last} alone"), Window.MONTHS, last),
            (_("Average month of month {last}"), Window.AVERAGE, first),
            (_("At least one month of month {last}"), Window.ANY_MONTH, first),
        )
    shapes = tuple((label.format(**numbers), window, start) for label, window, start in shapes)
    answers = []
    for label, window, start in shapes:
        read = replace(target, window=window, start_month=start)
        probability, standard_error = odds_of(result, read)
        chosen = read.window is target.window and read.start_month == target.start_month
        answers.append(Reading(label, read, probability, standard_error, chosen))
    return tuple(answers)
