"""The reverse funnel: what the target needs at each stage, by the calculator and with the margin luck needs."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from simulator.analysis.goal_seek import requirement
from simulator.analysis.levers import Lever, moved
from simulator.engine.funnel import simulate
from simulator.model.distributions import amount_mean
from simulator.model.scenario import Direction, Metric, Scenario


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
