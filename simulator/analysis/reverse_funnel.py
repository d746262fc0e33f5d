"""The reverse funnel: what the target needs at each stage, by the calculator and with the margin luck needs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.goal_seek import requirement
from simulator.analysis.levers import Lever, moved
from simulator.analysis.windows import counted_result, figure_values
from simulator.engine.funnel import simulate
from simulator.model.distributions import amount_mean, amount_quantile
from simulator.model.scenario import Scenario
from simulator.model.stages import RATE_INTO, STAGES, stages_to
from simulator.model.target import Direction, Metric


@dataclass(frozen=True)
class FunnelStep:
    """One stage of the reverse funnel: what the target needs there over its window.

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


def reverse_funnel(scenario: Scenario, confidence: float = 0.8) -> list[FunnelStep]:
    """Deals, qualified opportunities, leads and visits the target needs over its window.

    The average column is the chain managers know from calculators: deals = revenue /
    average deal size, qualified = deals / win rate, leads = qualified / lead-to-qualified
    rate, visits = leads / visit-to-lead rate, each rate at its range's midpoint. The
    confidence column is the median of each stage in the simulation once traffic is
    raised until the target is hit with `confidence`: it carries the margin that luck
    and uncertain rates call for. With channels the chain stops at leads (a channel brings
    visits or leads, each at its own rate), the lead-to-qualified rate is the channels' mix,
    and the marketing budget is raised instead of traffic.

    Examples
    --------
    >>> from simulator import Target
    >>> steps = reverse_funnel(Scenario(trials=2000, target=Target(value=30, deadline_month=3)))
    >>> [round(s.average) for s in steps]  # 30 deals / 25% / 30% / 3%
    [13333, 400, 120, 30]
    """
    target = scenario.target
    counted = (*STAGES, Metric.REVENUE, Metric.GROSS_PROFIT)
    if target.metric not in counted or target.direction is Direction.AT_MOST:
        return []
    stages = stages_to(target.metric)
    if scenario.channels and len(stages) > 1:  # channels bring visits or leads, each at its own rate
        stages = stages[1:]
    rates = _blended_rates(scenario) if scenario.channels else {}
    # From the target's own stage (money: won deals) up the funnel, dividing by each rate on the way.
    averages = {stages[-1]: _stage_needed(scenario)}
    for stage in reversed(stages[1:]):
        rate = RATE_INTO[stage]
        averages[rate.source] = averages[stage] / rates.get(rate.name, getattr(scenario, rate.name).mid)
    at_confidence = _median_funnel_at_confidence(scenario, confidence)
    return [FunnelStep(s.label, averages[s], at_confidence[s] if at_confidence else None) for s in stages]


def _stage_needed(scenario: Scenario) -> float:
    """The target converted to the count of its own stage (revenue and profit to deals)."""
    target = scenario.target
    if target.metric is Metric.REVENUE:
        return target.threshold / amount_mean(scenario.deal_size)
    if target.metric is Metric.GROSS_PROFIT:
        costs = scenario.costs_by_month()
        if target.channels:  # the channels' gross profit: their revenue less their own spend
            costs = sum(c.spend_by_month(scenario.horizon_months) for c in scenario.counted_channels())
        window = costs[target.start_month - 1 : target.deadline_month]
        costs = window.sum() * target.months_counted / window.size  # a month's worth for an average
        return (target.threshold + costs) / max(scenario.gross_margin, 1e-9) / amount_mean(scenario.deal_size)
    return target.threshold


def _blended_rates(scenario: Scenario) -> dict[str, float]:
    """The channels' lead-to-qualified rate as one: qualified / leads of the channels' mix over the target's
    months, each channel's rate and mean leads a month at the middle of its ranges."""
    middle = np.zeros(1)  # the score of a range's middle
    target = scenario.target
    leads = qualified = 0.0
    for channel in scenario.counted_channels():
        drawn = channel.drawn_range
        monthly = channel.mean_volume(amount_quantile(drawn, middle), scenario.horizon_months)
        units = monthly[target.start_month - 1 : target.deadline_month].mean()
        channel_leads = units * (channel.visit_to_lead.mid if channel.visit_to_lead else 1.0)
        leads += channel_leads
        qualified += channel_leads * channel.lead_to_qualified.mid
    return {"lead_to_qualified": float(qualified / leads) if leads else scenario.lead_to_qualified.mid}


def _median_funnel_at_confidence(scenario: Scenario, confidence: float) -> dict[Metric, float] | None:
    lever = Lever.BUDGET if scenario.channels else Lever.TRAFFIC  # with channels, raise every paid one's spend
    answer = requirement(scenario, lever, confidence)
    if answer.step is None:
        return None
    raised = moved(scenario, lever, answer.step)
    result = simulate(raised.with_horizon(scenario.target.deadline_month))
    counted = counted_result(result, scenario.target)  # a target on channels: what those channels bring
    return {stage: float(np.median(figure_values(counted, stage, scenario.target))) for stage in STAGES}
