"""The best split of a monthly marketing budget across the paid channels, for the coming months.

The split maximises the target's odds, or the expected value of what the target counts over its window (visits,
leads, qualified opportunities, won deals or revenue; for gross profit, CAC and rate targets, the expected gross
profit), under each channel's smallest and largest spend.

**The expected figure.** That expectation is a sum over the channels of concave functions of
their own spend: each channel's mean visits or leads follow its saturation curve
(:func:`simulator.model.channels.saturating_response`), averaged over its uncertain cost per unit; its rates and
the shared win rate, deal size and sales cycle turn a month's qualified opportunities into what the target counts.
So the optimum gives the budget away in small increments, each to the channel whose next increment adds the most
(greedy allocation is exact for a separable concave objective, up to the increment: :data:`INCREMENTS` of them).

**The odds.** What the expectation leaves out: the spread of each channel's volume and the capacity queue (with a
cap that binds, more leads wait and the expectation overstates them). For the odds, the split for the expected
figure is the start of a local search on simulated odds (:mod:`simulator.analysis.odds_split`) on trials of its
own, so the gain it reports is measured on other trials than those that chose it.

:func:`best_split` simulates today's scenario and the proposed one on the same trials and reports the change in the
odds and in gross profit with their standard errors; for the odds, also the change against the expected-figure
split it started from: what the search added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from simulator.analysis.odds_split import odds_split
from simulator.analysis.statistics import paired_difference
from simulator.analysis.targets import hits, odds_of
from simulator.analysis.windows import figure_values, target_values
from simulator.engine.funnel import simulate
from simulator.i18n import _, number_text, percent_text
from simulator.model.channels import Channel, saturating_response
from simulator.model.checks import InputError
from simulator.model.distributions import amount_mean, amount_quantile, rate_quantile
from simulator.model.sales_cycle import close_lag_cdf
from simulator.model.scenario import Scenario
from simulator.model.target import Metric

#: Steps the budget is given away in: the split is exact to a 1/INCREMENTS share of the budget.
INCREMENTS = 400
#: Gauss-Hermite nodes for the expectations over a channel's drawn inputs (exact for smooth integrands).
_NODES, _WEIGHTS = hermegauss(40)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()
#: What the split maximises when asked for gross profit, and for CAC and rate targets.
GROSS_PROFIT = "gross profit"
#: Shares of a budget that add up to within this of 100% add up (a split typed in whole percent).
SPLIT_TOLERANCE = 0.005
#: What the split maximises, for each target metric (the rest: expected gross profit).
COUNTED = {
    Metric.TRAFFIC: "visits",
    Metric.LEADS: "leads",
    Metric.QUALIFIED: "qualified",
    Metric.DEALS: "deals",
    Metric.REVENUE: "revenue",
}
#: The objective that maximises the target's odds.
ODDS = "odds"
#: Every objective the split can maximise.
OBJECTIVES = (ODDS, *COUNTED.values(), GROSS_PROFIT)


@dataclass(frozen=True)
class SpendLimits:
    """The smallest and largest monthly spend allowed for one channel (None: no largest)."""

    low: float = 0.0
    high: float | None = None


@dataclass(frozen=True)
class BudgetSplit:
    """Today's split of the paid channels' monthly spend and the proposed one.

    Attributes
    ----------
    objective : str
        What was maximised: ``"odds"``, the target's; or ``"visits"``, ``"leads"``, ``"qualified"``,
        ``"deals"``, ``"revenue"`` or ``"gross profit"``, expected over the target's window.
    figure : str
        The figure whose expected values are reported: the objective, or for the odds what the target counts
        (:data:`COUNTED`, else gross profit).
    budget : float
        Monthly budget split across the paid channels.
    today, proposed : dict of str to float
        Monthly spend of each paid channel, by name.
    expected_split : dict of str to float
        The split for the expected figure: `proposed` itself, or for the odds the split the search started from.
    expected_today, expected_proposed : float
        `figure`'s expected value at each split (the model's expectation, without the capacity cap).
    odds_today, odds_change : tuple of float
        The target's odds today with their standard error, and the change with the proposed split with the
        paired standard error (a share: 0.01 is one point).
    gross_profit_change : tuple of float
        Mean change in gross profit over the target's window, and its paired standard error.
    odds_over_expected_split : tuple of float or None
        For the odds: the change in odds of the proposed split against the expected-figure split the search
        started from, with its paired standard error; None for the other objectives.
    scenario : Scenario
        The scenario with the proposed split.
    """

    objective: str
    figure: str
    budget: float
    today: dict[str, float]
    proposed: dict[str, float]
    expected_split: dict[str, float]
    expected_today: float
    expected_proposed: float
    odds_today: tuple[float, float]
    odds_change: tuple[float, float]
    gross_profit_change: tuple[float, float]
    odds_over_expected_split: tuple[float, float] | None
    scenario: Scenario


def best_split(
    scenario: Scenario,
    budget: float | None = None,
    limits: dict[str, SpendLimits] | None = None,
    objective: str | None = None,
) -> BudgetSplit:
    """The split of `budget` across the paid channels that maximises the target's odds or an expected figure.

    Parameters
    ----------
    scenario : Scenario
        With at least one paid channel.
    budget : float, optional
        Monthly budget of the paid channels; default: what they spend a month today.
    limits : dict of str to SpendLimits, optional
        Smallest and largest monthly spend of a channel, by name; default 0 and no largest.
    objective : str, optional
        One of :data:`OBJECTIVES`; default: what the target counts (:data:`COUNTED`), else gross profit. Of the
        channels the target counts, when it names some (gross profit: of every channel). The odds take longer:
        up to :data:`~simulator.analysis.odds_split.MOST_SIMULATIONS` simulations of fewer trials.

    Returns
    -------
    BudgetSplit

    Raises
    ------
    InputError
        With no paid channel, a negative budget, limits that name no paid channel or contradict each other, or a
        budget outside what the limits allow together.
    """
    paid = _paid(scenario)
    today = {channel.name: float(channel.spend) for channel in paid}
    budget = sum(today.values()) if budget is None else budget
    limits = _checked_limits(limits or {}, today, budget)
    objective = objective or COUNTED.get(scenario.target.metric, GROSS_PROFIT)
    if objective not in OBJECTIVES:
        raise InputError("objective", objective, _("one of: {choices}").format(choices=", ".join(OBJECTIVES)))
    figure = COUNTED.get(scenario.target.metric, GROSS_PROFIT) if objective == ODDS else objective
    counted = scenario.target.channels
    if figure != GROSS_PROFIT and counted and not set(counted) & set(today):
        allowed = _("a target that counts a paid channel (or the whole funnel), or the split for gross profit")
        raise InputError("target.channels", " | ".join(counted), allowed)
    value = _expected_value(scenario, figure)
    start = _allocate(paid, value, budget, limits, spend_all=objective != GROSS_PROFIT)
    proposed = odds_split(scenario, start, *_bounds(limits), budget) if objective == ODDS else start
    moved = scenario.with_spends(proposed)
    target = scenario.target
    base, after = simulate(scenario), simulate(moved)
    hit_before, hit_after = _hits(base, target), _hits(after, target)
    over_start = None
    if objective == ODDS:
        over_start = paired_difference(hit_after, _hits(simulate(scenario.with_spends(start)), target))
    profit = (figure_values(base, "gross_profit", target), figure_values(after, "gross_profit", target))
    return BudgetSplit(
        objective=objective,
        figure=figure,
        budget=budget,
        today=today,
        proposed=proposed,
        expected_split=start,
        expected_today=sum(value(channel, today[channel.name]) for channel in paid),
        expected_proposed=sum(value(channel, proposed[channel.name]) for channel in paid),
        odds_today=odds_of(base, target),
        odds_change=paired_difference(hit_after, hit_before),
        gross_profit_change=paired_difference(*reversed(profit)),
        odds_over_expected_split=over_start,
        scenario=moved,
    )


def split_by_shares(scenario: Scenario, budget: float, shares: dict[str, float]) -> Scenario:
    """`scenario` with a monthly `budget` split across its paid channels by `shares` (fractions adding up to 1).

    Raises
    ------
    InputError
        With no paid channel, a negative budget, a share of a channel that is not a paid one or outside 0-100%,
        or shares that do not add up to 100% (to within half a point).
    """
    paid = {channel.name for channel in _paid(scenario)}
    if not 0 <= budget < math.inf:
        raise InputError("budget", budget, _("an amount of money per month, 0 or more"))
    for name, share in shares.items():
        if name not in paid:
            raise InputError(f"channels.{name}", name, _("the name of a paid channel of the scenario"))
        if not 0 <= share <= 1:
            raise InputError(f"channels.{name}.share", share, _("a share of the budget between 0% and 100%"))
    total = sum(shares.values())
    if abs(total - 1) > SPLIT_TOLERANCE:
        raise InputError(
            "budget.split",
            total,
            _("shares of the paid channels that add up to 100% (now {total})").format(
                total=percent_text(total, 1)
            ),
        )
    return scenario.with_spends({name: budget * shares.get(name, 0.0) for name in paid})


def _hits(result, target) -> np.ndarray:
    return hits(target_values(result, target), target)


def _bounds(limits: dict[str, SpendLimits]) -> tuple[dict[str, float], dict[str, float]]:
    """Each channel's smallest and largest spend (``inf`` for no largest)."""
    highest = {name: math.inf if limit.high is None else limit.high for name, limit in limits.items()}
    return {name: limit.low for name, limit in limits.items()}, highest


def _paid(scenario: Scenario) -> list[Channel]:
    paid = list(scenario.paid_channels())
    if not paid:
        raise InputError(
            "channels", len(scenario.channels), _("at least one paid channel to split a budget across")
        )
    return paid


def _checked_limits(
    limits: dict[str, SpendLimits], today: dict[str, float], budget: float
) -> dict[str, SpendLimits]:
    if not 0 <= budget < float("inf"):
        raise InputError("budget", budget, _("an amount of money per month, 0 or more"))
    for name, limit in limits.items():
        if name not in today:
            raise InputError(f"channels.{name}", name, _("the name of a paid channel of the scenario"))
        if limit.low < 0 or (limit.high is not None and limit.high < limit.low):
            raise InputError(
                f"channels.{name}.limits", (limit.low, limit.high), _("0 <= smallest <= largest spend")
            )
    full = {name: limits.get(name, SpendLimits()) for name in today}
    lowest = sum(limit.low for limit in full.values())
    highest = sum(float("inf") if limit.high is None else limit.high for limit in full.values())
    if not lowest <= budget <= highest:
        raise InputError(
            "budget",
            budget,
            _("between the smallest spends' total ({lowest}) and the largest's ({highest})").format(
                lowest=number_text(lowest), highest=number_text(highest)
            ),
        )
    return full


def _allocate(paid: list[Channel], value, budget: float, limits: dict[str, SpendLimits], *, spend_all: bool):
    """Give the budget away in increments, each to the channel whose next increment adds the most."""
    spend = {channel.name: limits[channel.name].low for channel in paid}
    left = budget - sum(spend.values())
    step = budget / INCREMENTS if budget > 0 else 0.0
    while left > 1e-9 * max(budget, 1.0) and step > 0:
        piece = min(step, left)
        gains = {}
        for channel in paid:
            high = limits[channel.name].high
            room = piece if high is None else min(piece, high - spend[channel.name])
            if room > 0:
                now = spend[channel.name]
                gains[channel.name] = (value(channel, now + room) - value(channel, now), room)
        if not gains:
            break
        name, (gain, room) = max(gains.items(), key=lambda item: item[1][0] / item[1][1])
        if gain <= 0 and not spend_all:
            break  # no channel earns back its next dollar: the rest of the budget is better left unspent
        spend[name] += room
        left -= room
    return spend


def _expected_value(scenario: Scenario, objective: str):
    """``value(channel, spend)``: the objective's expected value over the target's window from one channel at a
    flat monthly spend (its spend changes kept), without the capacity cap."""
    target = scenario.target
    months = scenario.horizon_months
    first, last = target.start_month, target.deadline_month
    counted = target.channels
    window = np.zeros(months)
    window[first - 1 : last] = 1.0
    if objective in ("visits", "leads", "qualified"):
        weights = window
    else:  # the share of an opportunity worked in month m that is won inside the window
        lag = np.diff(close_lag_cdf(scenario.sales_cycle_months, scenario.sales_cycle_spread), prepend=0.0)
        closes = np.array([lag[max(first - m, 0) : max(last - m + 1, 0)].sum() for m in range(1, months + 1)])
        win = float(_WEIGHTS @ rate_quantile(scenario.win_rate, _NODES))
        weights = closes * win
        if objective != "deals":
            margin = scenario.gross_margin if objective == GROSS_PROFIT else 1.0
            weights = weights * amount_mean(scenario.deal_size) * margin

    def value(channel: Channel, spend: float) -> float:
        if counted and channel.name not in counted and objective != GROSS_PROFIT:
            return 0.0  # a channel the target does not count adds nothing to its figure
        moved = replace(channel, spend=spend)
        units = _WEIGHTS @ moved.mean_volume(amount_quantile(moved.cost_per, _NODES), months).T  # mean per month
        if objective == "visits":  # a channel that brings leads brings no visits
            rate = 1.0 if moved.visit_to_lead is not None else 0.0
        else:
            rate = _mean_rate(moved.visit_to_lead)  # 1 for a channel that brings leads
        if objective not in ("visits", "leads"):
            rate *= _mean_rate(moved.lead_to_qualified)
        worth = float(units @ weights) * rate
        if objective == GROSS_PROFIT:
            worth -= float(moved.spend_by_month(months) @ window)
        return worth

    return value


def response_curve(channel: Channel, spends: np.ndarray) -> np.ndarray:
    """A paid channel's expected leads a month at each monthly spend of `spends` (its cost per unit averaged over
    its 90% range, visits at its mean visit-to-lead rate): the curve diminishing returns are read from."""
    costs = amount_quantile(channel.cost_per, _NODES)
    units = [_WEIGHTS @ saturating_response(spend, costs, channel.most_per_month) for spend in spends]
    return np.array(units) * _mean_rate(channel.visit_to_lead)


def _mean_rate(rate) -> float:
    return 1.0 if rate is None else float(_WEIGHTS @ rate_quantile(rate, _NODES))
