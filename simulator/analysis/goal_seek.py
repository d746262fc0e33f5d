"""Goal seek: the value of each lever that brings the odds of an at-least target to a chosen confidence.

Common random numbers make the odds monotone in each lever at a fixed seed (raising a lever never lowers any
trial's deals or revenue), so bisection finds the crossing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from simulator.analysis.levers import (
    COUNT_LEVERS,
    WORKERS,
    Lever,
    describe_value,
    lever_value,
    levers_of,
    moved,
    odds,
    search_interval,
)
from simulator.i18n import _, ngettext, number_text, percent_text
from simulator.model.scenario import Scenario
from simulator.model.target import Direction, Metric, Target

#: Bisection steps: 1/1024 of the search interval (about 0.5% of traffic, 0.2 points of a rate).
BISECTION_STEPS = 10


def resolution(scenario: Scenario, lever: Lever) -> float:
    """How finely bisection places a lever's step: one rep, or 1/1024 of the search interval."""
    if lever in COUNT_LEVERS:
        return 1.0
    low, high = search_interval(scenario, lever)
    return (high - low) / 2**BISECTION_STEPS


@dataclass(frozen=True)
class Requirement:
    """What one lever would need for the odds to reach the confidence.

    Attributes
    ----------
    lever : Lever
    step : float or None
        The lever's move on its own scale (see :func:`moved`); None when not reachable.
    current : float
        Today's value (a range's midpoint).
    needed : float or None
        The value that reaches the confidence; None when it cannot be reached in the search interval.
    odds_at_needed : float or None
        The odds there (at least the confidence).
    sentence : str
        The answer in plain words.
    """

    lever: Lever
    step: float | None
    current: float
    needed: float | None
    odds_at_needed: float | None
    sentence: str


def seeks(target: Target) -> bool:
    """Whether goal seek works on `target`: an at-least target, whose odds rise with every lever, or a ceiling on
    churn, whose one lever (churn, lowered by a step up) raises them too. Other ceilings (CAC, payback) move
    both ways with a lever: more traffic brings deals and costs."""
    return target.direction is Direction.AT_LEAST or target.metric is Metric.CHURN_RATE


def requirement(scenario: Scenario, lever: Lever, confidence: float) -> Requirement:
    """The least change of `lever` that brings the odds to `confidence`, by bisection.

    Examples
    --------
    >>> from simulator import Target
    >>> s = Scenario(trials=2000, target=Target(value=40, deadline_month=3))
    >>> r = requirement(s, Lever.WIN_RATE, 0.8)
    >>> r.needed > r.current and r.odds_at_needed >= 0.8
    True
    """
    current = lever_value(scenario, lever)
    low, high = search_interval(scenario, lever)
    if not seeks(scenario.target):
        raise ValueError(
            "goal seek works on at-least targets and a ceiling on churn, whose odds rise with every lever"
        )
    at_low, at_high = odds(moved(scenario, lever, low)), odds(moved(scenario, lever, high))
    if at_high < confidence:
        reach = describe_value(lever, lever_value(moved(scenario, lever, high), lever))
        return Requirement(
            lever,
            None,
            current,
            None,
            None,
            _("{lever}: not reachable within {reach} (now {now}).").format(
                lever=lever.label, reach=reach, now=describe_value(lever, current)
            ),
        )
    if at_low >= confidence:
        low_value = describe_value(lever, lever_value(moved(scenario, lever, low), lever))
        return Requirement(
            lever,
            low,
            current,
            lever_value(moved(scenario, lever, low), lever),
            at_low,
            _("{lever}: reached even at {value} (now {now}).").format(
                lever=lever.label, value=low_value, now=describe_value(lever, current)
            ),
        )
    integer = lever in COUNT_LEVERS
    for _step in range(BISECTION_STEPS if not integer else 64):
        if (high - low) <= (1 if integer else 0):
            break
        middle = (low + high) / 2 if not integer else math.floor((low + high) / 2)
        if odds(moved(scenario, lever, middle)) >= confidence:
            high, at_high = middle, None
        else:
            low = middle
    needed_scenario = moved(scenario, lever, high)
    needed = lever_value(needed_scenario, lever)
    reached = at_high if at_high is not None else odds(needed_scenario)
    return Requirement(lever, high, current, needed, reached, _needs_sentence(lever, current, needed))


def _needs_sentence(lever: Lever, current: float, needed: float) -> str:
    if lever is Lever.NEW_REPS:
        return ngettext("hire {hires} rep", "hire {hires} reps", round(needed)).format(hires=number_text(needed))
    if lever is Lever.REPS:
        extra = round(needed - current)
        numbers = {"extra": number_text(extra), "needed": number_text(needed), "now": number_text(current)}
        if extra > 0:
            return ngettext(
                "{extra} more rep ({needed} in all, now {now})",
                "{extra} more reps ({needed} in all, now {now})",
                extra,
            ).format(**numbers)
        return ngettext(
            "{needed} rep is enough (now {now})", "{needed} reps are enough (now {now})", round(needed)
        ).format(**numbers)
    if lever is Lever.SALES_CYCLE:
        numbers = {
            "needed": number_text(needed, 1),
            "change": percent_text(abs(1 - needed / current)),
            "now": number_text(current, 1),
        }
        if needed < current:
            return _("sales cycle at most {needed} months ({change} shorter; now {now})").format(**numbers)
        return _("sales cycle could stretch to {needed} months ({change} longer; now {now})").format(**numbers)
    values = {
        "lever": lever.label,
        "needed": describe_value(lever, needed),
        "now": describe_value(lever, current),
    }
    if lever is Lever.CHURN:  # lower is better
        if needed <= current:
            return _("{lever} at most {needed} (now {now})").format(**values)
        return _("{lever} could rise to {needed} (now {now})").format(**values)
    if needed >= current:
        return _("{lever} >= {needed} (now {now})").format(**values)
    return _("{lever} could fall to {needed} (now {now})").format(**values)


def goal_seek(
    scenario: Scenario, confidence: float = 0.8, *, progress: Callable[[float], None] | None = None
) -> list[Requirement]:
    """:func:`requirement` for every lever of the scenario, each with everything else unchanged.

    Parameters
    ----------
    scenario : Scenario
        With an at-least target.
    confidence : float
        The odds to reach, 0-1 (0.8: the target is hit in 80% of trials).
    progress : callable, optional
        Called with the share of levers done, for a progress bar.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"{confidence=} must be between 0 and 1")
    levers = levers_of(scenario)
    # Levers are independent searches: run them side by side (numpy releases the GIL).
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(requirement, scenario, lever, confidence) for lever in levers]
        answers = []
        for done, future in enumerate(futures, start=1):
            answers.append(future.result())
            if progress:
                progress(done / len(levers))
    return answers
