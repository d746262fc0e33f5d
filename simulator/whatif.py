"""What would it take: the value of each lever that reaches a chosen confidence, and which lever matters most.

Both rest on common random numbers: at a fixed seed, raising a lever never lowers any trial's deals or revenue,
so the odds of an at-least target on them move monotonically with each lever and bisection finds the crossing.
Only the months up to the deadline are simulated (later months never change earlier ones).

Levers and how they move:

* traffic and deal size are scaled (both ends of the range by the same factor);
* conversion rates are shifted on the log-odds scale (both ends, keeping the range's width there);
* reps and capacity per rep move as numbers, and only matter when reps have a capacity limit.

Marketing spend is not a lever here: the model does not link spend to traffic.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum

from scipy import special

from simulator.distributions import Range
from simulator.engine import simulate
from simulator.model import Direction, Scenario
from simulator.targets import evaluate

#: Bisection steps: 1/1024 of the search interval (about 0.5% of traffic, 0.2 points of a rate).
BISECTION_STEPS = 10
#: How far a scaled lever is searched: a tenth to ten times today's value.
SCALE_LIMITS = (0.1, 10.0)
#: Rates are searched until their high end reaches this.
RATE_CEILING = 0.99
#: Reps added at most.
MAX_EXTRA_REPS = 100
#: Known values move this much either way in the sensitivity chart.
KNOWN_SWING = 0.10
_WORKERS = min(4, os.cpu_count() or 1)


class Lever(StrEnum):
    """An input a manager can pull."""

    TRAFFIC = "traffic"
    VISIT_TO_LEAD = "visit_to_lead"
    LEAD_TO_QUALIFIED = "lead_to_qualified"
    WIN_RATE = "win_rate"
    DEAL_SIZE = "deal_size"
    REPS = "reps"
    CAPACITY_PER_REP = "capacity_per_rep"

    @property
    def label(self) -> str:
        """Name for tables and sentences."""
        return LEVER_LABELS[self]


LEVER_LABELS = {
    Lever.TRAFFIC: "traffic",
    Lever.VISIT_TO_LEAD: "visit → lead rate",
    Lever.LEAD_TO_QUALIFIED: "lead → qualified rate",
    Lever.WIN_RATE: "win rate",
    Lever.DEAL_SIZE: "deal size",
    Lever.REPS: "reps",
    Lever.CAPACITY_PER_REP: "capacity per rep",
}
RATE_LEVERS = (Lever.VISIT_TO_LEAD, Lever.LEAD_TO_QUALIFIED, Lever.WIN_RATE)
SCALED_LEVERS = (Lever.TRAFFIC, Lever.DEAL_SIZE)


def levers_of(scenario: Scenario) -> list[Lever]:
    """The levers that can change this scenario's outcome (team levers only with a capacity limit)."""
    capped = scenario.capacity_per_rep is not None
    return [lever for lever in Lever if capped or lever not in (Lever.REPS, Lever.CAPACITY_PER_REP)]


def lever_value(scenario: Scenario, lever: Lever) -> float:
    """Today's value of a lever as a manager reads it: a range's midpoint, or the number."""
    value = getattr(scenario, lever.value)
    return value.mid if isinstance(value, Range) else float(value)


def describe_value(lever: Lever, value: float) -> str:
    """``"25.0%"``, ``"5,000 visits/month"``, ``"$12,000"``, ``"6 reps"``."""
    if lever in RATE_LEVERS:
        return f"{value:.1%}"
    return {
        Lever.TRAFFIC: f"{value:,.0f} visits/month",
        Lever.DEAL_SIZE: f"${value:,.0f}",
        Lever.REPS: f"{value:,.0f} reps",
        Lever.CAPACITY_PER_REP: f"{value:,.1f} opportunities/rep/month",
    }[lever]


def moved(scenario: Scenario, lever: Lever, step: float) -> Scenario:
    """`scenario` with one lever moved by `step` on its own scale (0 leaves it as it is).

    Scaled levers take a log-factor, rates a log-odds shift, reps a whole number of
    extra reps, capacity per rep a log-factor.
    """
    if lever in SCALED_LEVERS:
        current = getattr(scenario, lever.value)
        factor = math.exp(step)
        return replace(scenario, **{lever.value: Range(current.low * factor, current.high * factor)})
    if lever in RATE_LEVERS:
        rate = getattr(scenario, lever.value)
        return replace(scenario, **{lever.value: shift_rate(rate, step)})
    if lever is Lever.REPS:
        return replace(scenario, reps=max(0, scenario.reps + round(step)))
    return replace(scenario, capacity_per_rep=scenario.capacity_per_rep * math.exp(step))


def shift_rate(rate: Range, step: float) -> Range:
    """Both ends of a rate range moved by `step` on the log-odds scale."""
    low, high = special.logit([rate.low, rate.high]) + step
    return Range(float(special.expit(low)), float(special.expit(high)))


def resolution(scenario: Scenario, lever: Lever) -> float:
    """How finely bisection places a lever's step: one rep, or 1/1024 of the search interval."""
    if lever is Lever.REPS:
        return 1.0
    low, high = search_interval(scenario, lever)
    return (high - low) / 2**BISECTION_STEPS


def search_interval(scenario: Scenario, lever: Lever) -> tuple[float, float]:
    """Steps from the lowest to the highest value searched (see :func:`moved`)."""
    if lever in RATE_LEVERS:
        rate = getattr(scenario, lever.value)
        up = special.logit(RATE_CEILING) - special.logit(max(rate.high, 1e-9))
        return (-up - 4.0, max(up, 0.0)) if rate.low > 0 else (0.0, 0.0)
    if lever is Lever.REPS:
        return (-float(scenario.reps), float(MAX_EXTRA_REPS))
    if lever is Lever.CAPACITY_PER_REP and not scenario.capacity_per_rep:
        return (0.0, 0.0)
    return (math.log(SCALE_LIMITS[0]), math.log(SCALE_LIMITS[1]))


def odds(scenario: Scenario) -> float:
    """Odds of the scenario's target, simulating only the months up to its deadline."""
    short = replace(scenario, horizon_months=scenario.target.deadline_month)
    return evaluate(simulate(short)).probability


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
    if scenario.target.direction is Direction.AT_MOST:
        raise ValueError("goal seek works on at-least targets, whose odds rise with every lever")
    at_low, at_high = odds(moved(scenario, lever, low)), odds(moved(scenario, lever, high))
    if at_high < confidence:
        reach = describe_value(lever, lever_value(moved(scenario, lever, high), lever))
        return Requirement(
            lever,
            None,
            current,
            None,
            None,
            f"{lever.label}: not reachable within {reach} (now {describe_value(lever, current)}).",
        )
    if at_low >= confidence:
        low_value = describe_value(lever, lever_value(moved(scenario, lever, low), lever))
        return Requirement(
            lever,
            low,
            current,
            lever_value(moved(scenario, lever, low), lever),
            at_low,
            f"{lever.label}: reached even at {low_value} (now {describe_value(lever, current)}).",
        )
    integer = lever is Lever.REPS
    for _ in range(BISECTION_STEPS if not integer else 64):
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
    if lever is Lever.REPS:
        extra = round(needed - current)
        if extra > 0:
            return f"{extra} more rep{'s' if extra > 1 else ''} ({needed:,.0f} in all, now {current:,.0f})"
        return f"{needed:,.0f} reps are enough (now {current:,.0f})"
    words = ">=" if needed >= current else "could fall to"
    return f"{lever.label} {words} {describe_value(lever, needed)} (now {describe_value(lever, current)})"


def what_it_would_take(
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
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        futures = [pool.submit(requirement, scenario, lever, confidence) for lever in levers]
        answers = []
        for done, future in enumerate(futures, start=1):
            answers.append(future.result())
            if progress:
                progress(done / len(levers))
    return answers


@dataclass(frozen=True)
class Swing:
    """The odds with one lever at the low and at the high end of its range (or +/-10% for a known value)."""

    lever: Lever
    low_label: str
    high_label: str
    odds_low: float
    odds_high: float

    @property
    def effect(self) -> float:
        """Width of the bar: how far the odds move across the lever's range."""
        return abs(self.odds_high - self.odds_low)


def swing_ends(scenario: Scenario, lever: Lever) -> tuple[Scenario, Scenario]:
    """The scenario with `lever` at its low and at its high end.

    Uncertain traffic and rates collapse to the ends of their 90% range (what if the
    truth were there); deal size, whose range is the spread of single deals, and known
    values move +/-10%.
    """
    value = getattr(scenario, lever.value)
    if isinstance(value, Range) and not value.is_known and lever is not Lever.DEAL_SIZE:
        return (
            replace(scenario, **{lever.value: Range.known(value.low)}),
            replace(scenario, **{lever.value: Range.known(value.high)}),
        )
    if lever is Lever.REPS:
        change = max(1, round(scenario.reps * KNOWN_SWING))
        return moved(scenario, lever, -change), moved(scenario, lever, change)
    if lever in RATE_LEVERS:
        return (
            replace(scenario, **{lever.value: Range.known(value.low * (1 - KNOWN_SWING))}),
            replace(scenario, **{lever.value: Range.known(min(1.0, value.high * (1 + KNOWN_SWING)))}),
        )
    step = math.log1p(KNOWN_SWING)
    return moved(scenario, lever, math.log1p(-KNOWN_SWING)), moved(scenario, lever, step)


def sensitivity(scenario: Scenario) -> list[Swing]:
    """How far the odds move with each lever across its range: the tornado, largest effect first.

    Examples
    --------
    >>> s = Scenario(trials=2000)
    >>> bars = sensitivity(s)
    >>> bars[0].effect >= bars[-1].effect
    True
    """
    levers = levers_of(scenario)
    ends = [swing_ends(scenario, lever) for lever in levers]
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        odds_at = list(pool.map(odds, [end for pair in ends for end in pair]))
    swings = [
        Swing(
            lever,
            describe_value(lever, lever_value(low, lever)),
            describe_value(lever, lever_value(high, lever)),
            odds_at[2 * i],
            odds_at[2 * i + 1],
        )
        for i, (lever, (low, high)) in enumerate(zip(levers, ends, strict=True))
    ]
    return sorted(swings, key=lambda s: s.effect, reverse=True)


def most_important(swings: list[Swing]) -> str:
    """The lever that matters most, in a sentence."""
    if not swings or swings[0].effect == 0:
        return "No lever moves the odds within its range."
    top = swings[0]
    return (
        f"{top.lever.label.capitalize()} matters most: the odds go from {top.odds_low:.0%} at "
        f"{top.low_label} to {top.odds_high:.0%} at {top.high_label}."
    )
