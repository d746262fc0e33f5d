"""Capacity and hiring: when reps' capacity binds, and how many new reps reach the confidence."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from simulator.analysis.goal_seek import Requirement, requirement
from simulator.analysis.levers import MAX_EXTRA_REPS, Lever
from simulator.i18n import _, money_text, ngettext, number_text, percent_text
from simulator.model.scenario import Scenario


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
    ramp = ngettext(
        "at {share} for their first {months} month",
        "at {share} for their first {months} months",
        scenario.ramp_months,
    ).format(share=percent_text(scenario.ramp_productivity), months=number_text(scenario.ramp_months))
    if answer.needed is None:
        sentence = _("Even {hires} new hires ({ramp}) would not reach {confidence}.").format(
            hires=number_text(MAX_EXTRA_REPS), ramp=ramp, confidence=percent_text(confidence)
        )
        return HiringPlan(answer, 0.0, 0.0, sentence)
    hires = int(answer.needed)
    monthly = hires * scenario.cost_per_rep
    to_deadline = monthly * scenario.target.deadline_month
    if hires == 0:
        sentence = _("No hires needed: today's team reaches {odds}.").format(
            odds=percent_text(answer.odds_at_needed)
        )
    else:
        sentence = ngettext(
            "Hire {hires} rep now ({ramp}) to reach {odds}: {monthly} a month, {total} by month {month}.",
            "Hire {hires} reps now ({ramp}) to reach {odds}: {monthly} a month, {total} by month {month}.",
            hires,
        ).format(
            hires=number_text(hires),
            ramp=ramp,
            odds=percent_text(answer.odds_at_needed),
            monthly=money_text(monthly),
            total=money_text(to_deadline),
            month=number_text(scenario.target.deadline_month),
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
            _("Capacity does not bind: in most trials every opportunity is worked in the month it qualifies."),
        )
    first = int(waiting[0]) + 1
    growing = median[-1] > median[first - 1]
    if growing:
        trend = _("the median backlog grows from {start} to {end} opportunities by month {month}").format(
            start=number_text(median[first - 1]), end=number_text(median[-1]), month=number_text(len(median))
        )
    else:
        trend = _("the median backlog stays near {backlog}").format(backlog=number_text(median[-1]))
    sentence = _("Capacity binds from month {month}: {trend}.").format(month=number_text(first), trend=trend)
    return CapacityReport(median, first, sentence)
