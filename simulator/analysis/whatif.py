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

import numpy as np
from scipy import special

from simulator.analysis.targets import evaluate
from simulator.engine.funnel import simulate
from simulator.model.distributions import Range, amount_mean
from simulator.model.scenario import Direction, Metric, Scenario

#: Bisection steps: 1/1024 of the search interval (about 0.5% of traffic, 0.2 points of a rate).
BISECTION_STEPS = 10
#: How far a scaled lever is searched: a tenth to ten times today's value.
SCALE_LIMITS = (0.1, 10.0)
#: Rates are searched up until their high end reaches this...
RATE_CEILING = 0.99
#: ...and down this many log-odds below today (a 25% rate down to about 0.6%).
RATE_STEPS_DOWN = 4.0
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
    NEW_REPS = "new_reps"

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
    Lever.NEW_REPS: "new hires",
}
#: Whole-number levers: bisection moves them one at a time.
COUNT_LEVERS = (Lever.REPS, Lever.NEW_REPS)
RATE_LEVERS = (Lever.VISIT_TO_LEAD, Lever.LEAD_TO_QUALIFIED, Lever.WIN_RATE)
SCALED_LEVERS = (Lever.TRAFFIC, Lever.DEAL_SIZE)


def levers_of(scenario: Scenario) -> list[Lever]:
    """The levers of the goal-seek table (team levers only with a capacity limit; hiring has its own plan)."""
    capped = scenario.capacity_per_rep is not None
    team = (Lever.REPS, Lever.CAPACITY_PER_REP)
    return [lever for lever in Lever if lever is not Lever.NEW_REPS and (capped or lever not in team)]


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
        Lever.NEW_REPS: f"{value:,.0f} new hires",
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
    if lever in COUNT_LEVERS:
        return replace(scenario, **{lever.value: max(0, getattr(scenario, lever.value) + round(step))})
    return replace(scenario, capacity_per_rep=scenario.capacity_per_rep * math.exp(step))


def shift_rate(rate: Range, step: float) -> Range:
    """Both ends of a rate range moved by `step` on the log-odds scale."""
    low, high = special.logit([rate.low, rate.high]) + step
    return Range(float(special.expit(low)), float(special.expit(high)))


def resolution(scenario: Scenario, lever: Lever) -> float:
    """How finely bisection places a lever's step: one rep, or 1/1024 of the search interval."""
    if lever in COUNT_LEVERS:
        return 1.0
    low, high = search_interval(scenario, lever)
    return (high - low) / 2**BISECTION_STEPS


def search_interval(scenario: Scenario, lever: Lever) -> tuple[float, float]:
    """Steps from the lowest to the highest value searched (see :func:`moved`)."""
    if lever in RATE_LEVERS:
        rate = getattr(scenario, lever.value)
        up = special.logit(RATE_CEILING) - special.logit(max(rate.high, 1e-9))
        return (-RATE_STEPS_DOWN, max(up, 0.0)) if rate.low > 0 else (0.0, 0.0)
    if lever in COUNT_LEVERS:
        return (-float(getattr(scenario, lever.value)), float(MAX_EXTRA_REPS))
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
    integer = lever in COUNT_LEVERS
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
    if lever is Lever.NEW_REPS:
        return f"hire {needed:,.0f} rep{'s' if needed != 1 else ''}"
    if lever is Lever.REPS:
        extra = round(needed - current)
        if extra > 0:
            return f"{extra} more rep{'s' if extra > 1 else ''} ({needed:,.0f} in all, now {current:,.0f})"
        return f"{needed:,.0f} reps are enough (now {current:,.0f})"
    words = ">=" if needed >= current else "could fall to"
    return f"{lever.label} {words} {describe_value(lever, needed)} (now {describe_value(lever, current)})"


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
    if lever in COUNT_LEVERS:
        change = max(1, round(getattr(scenario, lever.value) * KNOWN_SWING))
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


@dataclass(frozen=True)
class HiringPlan:
    """New reps needed to reach the confidence, ramp-up included, and what they cost.

    Attributes
    ----------
    requirement : Requirement
        The goal seek on the number of new hires (``needed`` is None when not reachable).
    monthly_cost : float
        What the new hires cost per month, from month 1.
    cost_to_deadline : float
        Their cost up to the target's deadline.
    sentence : str
        The plan in plain words.
    """

    requirement: Requirement
    monthly_cost: float
    cost_to_deadline: float
    sentence: str


def hiring_plan(scenario: Scenario, confidence: float = 0.8) -> HiringPlan:
    """How many reps to hire now, given their ramp-up, for the odds to reach `confidence`.

    Examples
    --------
    >>> from simulator import Target
    >>> s = Scenario(trials=2000, reps=2, capacity_per_rep=10, cost_per_rep=5000,
    ...              target=Target(value=40, deadline_month=6))
    >>> plan = hiring_plan(s)
    >>> plan.requirement.needed >= 1 and plan.monthly_cost == plan.requirement.needed * 5000
    True
    """
    if scenario.capacity_per_rep is None:
        raise ValueError("hiring only changes the odds when reps have a capacity limit")
    base = replace(scenario, new_reps=0)
    answer = requirement(base, Lever.NEW_REPS, confidence)
    ramp = f"at {scenario.ramp_productivity:.0%} for their first {scenario.ramp_months} months"
    if answer.needed is None:
        sentence = f"Even {MAX_EXTRA_REPS} new hires ({ramp}) would not reach {confidence:.0%}."
        return HiringPlan(answer, 0.0, 0.0, sentence)
    hires = int(answer.needed)
    monthly = hires * scenario.cost_per_rep
    to_deadline = monthly * scenario.target.deadline_month
    if hires == 0:
        sentence = f"No hires needed: today's team reaches {answer.odds_at_needed:.0%}."
    else:
        sentence = (
            f"Hire {hires} rep{'s' if hires > 1 else ''} now ({ramp}) to reach "
            f"{answer.odds_at_needed:.0%}: ${monthly:,.0f} a month, ${to_deadline:,.0f} by month "
            f"{scenario.target.deadline_month}."
        )
    return HiringPlan(answer, monthly, to_deadline, sentence)


@dataclass(frozen=True)
class CapacityReport:
    """Whether capacity limits the funnel, month by month.

    Attributes
    ----------
    backlog_median : ndarray
        Median backlog (opportunities waiting for a rep) at the end of each month.
    binds_from : int or None
        First month whose median backlog is above zero; None when capacity never binds.
    sentence : str
        The finding in plain words.
    """

    backlog_median: np.ndarray
    binds_from: int | None
    sentence: str


def capacity_report(backlog_median: np.ndarray) -> CapacityReport:
    """When capacity binds, from the median backlog at the end of each month.

    Examples
    --------
    >>> from simulator import simulate
    >>> result = simulate(Scenario(trials=1000, reps=1, capacity_per_rep=20, horizon_months=4))
    >>> capacity_report(np.median(result.backlog, axis=0)).binds_from
    1
    """
    median = np.asarray(backlog_median)
    waiting = np.flatnonzero(median > 0)
    if waiting.size == 0:
        return CapacityReport(
            median,
            None,
            "Capacity does not bind: in most trials every opportunity is worked in the month it qualifies.",
        )
    first = int(waiting[0]) + 1
    growing = median[-1] > median[first - 1]
    trend = (
        f"the median backlog grows from {median[first - 1]:,.0f} to {median[-1]:,.0f} opportunities by "
        f"month {len(median)}"
        if growing
        else f"the median backlog stays near {median[-1]:,.0f}"
    )
    return CapacityReport(median, first, f"Capacity binds from month {first}: {trend}.")


@dataclass(frozen=True)
class FunnelStep:
    """One stage of the reverse funnel: what the target needs there by the deadline.

    Attributes
    ----------
    stage : str
        ``"Visits"``, ``"Leads"``, ``"Qualified opportunities"`` or ``"Won deals"``.
    average : float
        The calculator's answer: the target divided back through the average rates.
    at_confidence : float or None
        The median the funnel must deliver for the target to be hit with the chosen
        confidence (simulated with traffic raised until it is); None when no traffic does it.
    """

    stage: str
    average: float
    at_confidence: float | None


REVERSE_STAGES = (
    ("traffic", "Visits"),
    ("leads", "Leads"),
    ("qualified", "Qualified opportunities"),
    ("deals", "Won deals"),
)


def reverse_funnel(scenario: Scenario, confidence: float = 0.8) -> list[FunnelStep]:
    """Deals, qualified opportunities, leads and visits the target needs by its deadline.

    The average column is the chain managers know from calculators: deals = revenue /
    average deal size, qualified = deals / win rate, leads = qualified / lead-to-qualified
    rate, visits = leads / visit-to-lead rate, each rate at its range's midpoint. The
    confidence column is the median of each stage in the simulation once traffic is
    raised until the target is hit with `confidence`: it carries the margin that luck
    and uncertain rates call for.

    Examples
    --------
    >>> from simulator import Target
    >>> steps = reverse_funnel(Scenario(trials=2000, target=Target(value=30, deadline_month=3)))
    >>> [round(s.average) for s in steps]  # 30 deals / 25% / 30% / 3%
    [13333, 400, 120, 30]
    """
    target = scenario.target
    if (
        target.metric
        not in (Metric.TRAFFIC, Metric.LEADS, Metric.QUALIFIED, Metric.DEALS, Metric.REVENUE, Metric.GROSS_PROFIT)
        or target.direction is Direction.AT_MOST
    ):
        return []
    rates = {
        "leads": scenario.visit_to_lead.mid,
        "qualified": scenario.lead_to_qualified.mid,
        "deals": scenario.win_rate.mid,
    }
    needed = _stage_needed(scenario)
    start = {Metric.TRAFFIC: 0, Metric.LEADS: 1, Metric.QUALIFIED: 2}.get(target.metric, 3)
    averages = {REVERSE_STAGES[start][0]: needed}
    for (stage, _), (later, _) in zip(REVERSE_STAGES[start - 1 :: -1], REVERSE_STAGES[start:0:-1], strict=False):
        averages[stage] = averages[later] / rates[later]
    at_confidence = _median_funnel_at_confidence(scenario, confidence)
    return [
        FunnelStep(name, averages[stage], at_confidence[stage] if at_confidence else None)
        for stage, name in REVERSE_STAGES[: start + 1]
    ]


def _stage_needed(scenario: Scenario) -> float:
    """The target converted to the count of its own stage (revenue and profit to deals)."""
    target = scenario.target
    if target.metric is Metric.REVENUE:
        return target.threshold / amount_mean(scenario.deal_size)
    if target.metric is Metric.GROSS_PROFIT:
        costs = scenario.monthly_costs * target.deadline_month
        return (target.threshold + costs) / max(scenario.gross_margin, 1e-9) / amount_mean(scenario.deal_size)
    return target.threshold


def _median_funnel_at_confidence(scenario: Scenario, confidence: float) -> dict[str, float] | None:
    answer = requirement(scenario, Lever.TRAFFIC, confidence)
    if answer.step is None:
        return None
    raised = moved(scenario, Lever.TRAFFIC, answer.step)
    result = simulate(replace(raised, horizon_months=scenario.target.deadline_month))
    month = scenario.target.deadline_month
    return {stage: float(np.median(result.total(stage, month))) for stage, _ in REVERSE_STAGES}


@dataclass(frozen=True)
class WhatItWouldTake:
    """Every answer to "what would it take?" for one scenario and confidence.

    Attributes
    ----------
    confidence : float
    requirements : list of Requirement
        Goal seek on each lever.
    swings : list of Swing
        The tornado, largest effect first.
    hiring : HiringPlan or None
        None without a capacity limit (hiring then changes nothing).
    reverse : list of FunnelStep
        The reverse funnel (empty for CAC targets).
    """

    confidence: float
    requirements: list[Requirement]
    swings: list[Swing]
    hiring: HiringPlan | None
    reverse: list[FunnelStep]


def what_would_it_take(
    scenario: Scenario, confidence: float = 0.8, *, progress: Callable[[float], None] | None = None
) -> WhatItWouldTake:
    """Goal seek, sensitivity, hiring plan and reverse funnel together, reporting progress as it goes."""
    report = progress or (lambda share: None)
    requirements = goal_seek(scenario, confidence, progress=lambda share: report(0.7 * share))
    swings = sensitivity(scenario)
    report(0.8)
    hiring = hiring_plan(scenario, confidence) if scenario.capacity_per_rep is not None else None
    report(0.9)
    reverse = reverse_funnel(scenario, confidence)
    report(1.0)
    return WhatItWouldTake(confidence, requirements, swings, hiring, reverse)
