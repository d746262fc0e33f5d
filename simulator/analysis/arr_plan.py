"""An ARR goal broken into the new MRR needed each quarter, after the churn and expansion expected on the way.

The customer base keeps, on average, ``g = (1 - c)(1 + e)`` of its MRR each month (:mod:`simulator.engine
.subscriptions`: churn c and expansion e drawn once per trial), so the MRR expected at month T from a start of
``R0`` and new MRR ``N_m`` added at the end of month m is

    E[MRR_T] = R0 G(T) + sum_m N_m G(T - m),   G(k) = E[(1 - c)^k] E[(1 + e)^k],

exactly (the draws of c and e are independent, and given them each month keeps ``1 - c`` of the MRR on average;
the moments are taken over their distributions by Gauss-Hermite quadrature). The new MRR is phased by quarter,
flat within a quarter and by seasonality weights across them (even by default), and scaled so that
``12 E[MRR_T]`` is the goal. The new customers that take are the new MRR over a deal's mean MRR (mean deal size /
12): an average, not a count with its luck, which the simulator page's odds carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from simulator.i18n import _, ngettext, number_text
from simulator.model.checks import InputError
from simulator.model.distributions import amount_mean, rate_quantile, signed_rate_quantile
from simulator.model.scenario import Scenario
from simulator.model.subscription import MONTHS_PER_YEAR, RevenueMode

#: Gauss-Hermite nodes for the moments of the drawn churn and expansion.
_NODES, _WEIGHTS = hermegauss(60)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()
MONTHS_PER_QUARTER = 3


@dataclass(frozen=True)
class QuarterPlan:
    """One quarter of the plan: what must be added and what the base is expected to do.

    Attributes
    ----------
    quarter : str
        ``"Q1"`` (months 1-3 of the plan), ...
    new_mrr : float
        New MRR to add over the quarter (new customers' MRR, in $ a month).
    new_customers : float
        About how many new customers that is, at a deal's mean MRR.
    churned_mrr, expansion_mrr : float
        MRR expected to leave with churn, and to be added by expansion, over the quarter.
    mrr_at_end : float
        MRR expected at the quarter's end.
    """

    quarter: str
    new_mrr: float
    new_customers: float
    churned_mrr: float
    expansion_mrr: float
    mrr_at_end: float


@dataclass(frozen=True)
class ArrPlan:
    """An ARR goal broken into quarters (see the module)."""

    arr_goal: float
    months: int
    starting_mrr: float
    quarters: tuple[QuarterPlan, ...]

    @property
    def new_mrr(self) -> float:
        """New MRR to add over the whole plan."""
        return sum(quarter.new_mrr for quarter in self.quarters)


def arr_plan(
    scenario: Scenario, arr_goal: float, months: int = MONTHS_PER_YEAR, seasonality: Sequence[float] | None = None
) -> ArrPlan:
    """The new MRR each quarter needs for an expected ARR of `arr_goal` after `months` months.

    Parameters
    ----------
    scenario : Scenario
        In subscription mode: its starting MRR, churn, expansion and deal size are used.
    arr_goal : float
        ARR (12 x MRR) to reach by the end of month `months`.
    months : int
        A whole number of quarters, 3 to 24.
    seasonality : sequence of float, optional
        One weight per quarter for the new MRR (even by default).

    Raises
    ------
    InputError
        Not in subscription mode; a goal below 0; months not a whole number of quarters; weights that are not one
        per quarter, not 0 or more, or add up to 0; a goal the base alone passes without new MRR (its expected
        ARR is then said in the message).

    Examples
    --------
    >>> from simulator import Range
    >>> base = Scenario(revenue_mode="subscription", starting_customers=200, starting_mrr=100_000,
    ...                 churn=Range.known(0.02), deal_size=Range.known(6000))
    >>> plan = arr_plan(base, 1_500_000)
    >>> round(12 * plan.quarters[-1].mrr_at_end)
    1500000
    """
    if scenario.revenue_mode is not RevenueMode.SUBSCRIPTION:
        raise InputError("revenue_mode", scenario.revenue_mode.value, _("subscription, for an ARR goal"))
    if not 0 <= arr_goal < float("inf"):
        raise InputError("arr_goal", arr_goal, _("an amount, 0 or more"))
    if months % MONTHS_PER_QUARTER or not MONTHS_PER_QUARTER <= months <= 24:
        raise InputError("months", months, _("a whole number of quarters: 3, 6, ..., 24"))
    quarter_weights = _weights(seasonality, months // MONTHS_PER_QUARTER)
    phasing = np.repeat(quarter_weights / MONTHS_PER_QUARTER, MONTHS_PER_QUARTER)  # each month's share
    from_base = _expected(scenario, scenario.starting_mrr, np.zeros(months))[-1].mrr_at_end
    per_unit = _expected(scenario, 0.0, phasing)[-1].mrr_at_end  # E[MRR_T] is linear in the new MRR
    needed = arr_goal / MONTHS_PER_YEAR - from_base
    if needed < 0:
        raise InputError(
            "arr_goal",
            arr_goal,
            _("above the ARR the base reaches with no new customer, about {arr}").format(
                arr=number_text(MONTHS_PER_YEAR * from_base)
            ),
        )
    quarters = _expected(scenario, scenario.starting_mrr, needed / per_unit * phasing)
    return ArrPlan(arr_goal, months, scenario.starting_mrr, quarters)


def _weights(seasonality: Sequence[float] | None, quarters: int) -> np.ndarray:
    weights = np.ones(quarters) if seasonality is None else np.asarray(seasonality, dtype=float)
    if (
        weights.shape != (quarters,)
        or not np.all(np.isfinite(weights))
        or (weights < 0).any()
        or not weights.sum()
    ):
        raise InputError(
            "seasonality",
            tuple(weights.tolist()),
            ngettext(
                "{quarters} weight, 0 or more, not all 0", "{quarters} weights, 0 or more, not all 0", quarters
            ).format(quarters=number_text(quarters)),
        )
    return weights / weights.sum()


def _expected(scenario: Scenario, start: float, new_by_month: np.ndarray) -> tuple[QuarterPlan, ...]:
    """Each quarter's expected flows from an MRR of `start` with `new_by_month` added.

    Given churn c and expansion e the MRR path is deterministic in expectation, ``M' = M (1 - c)(1 + e) + N``,
    with churned ``c M`` and expansion ``e (1 - c) M``; the path is followed at every pair of quadrature nodes
    of c and e and averaged with the product weights, which gives the moments ``G(k)`` of the module exactly."""
    churn = rate_quantile(scenario.churn, _NODES)
    growth = 1 + signed_rate_quantile(scenario.expansion, _NODES)
    mrr = np.full((_NODES.size, _NODES.size), float(start))
    weights = np.outer(_WEIGHTS, _WEIGHTS)  # over (churn node, expansion node)
    keep, grow = (1 - churn)[:, None], growth[None, :]
    mean_deal_mrr = amount_mean(scenario.deal_size) / MONTHS_PER_YEAR
    rows, flows = [], {"churned": 0.0, "expansion": 0.0, "new": 0.0}
    for month, new in enumerate(new_by_month, start=1):
        churned = mrr * (1 - keep)
        flows["churned"] += float(np.sum(weights * churned))
        flows["expansion"] += float(np.sum(weights * (mrr - churned) * (grow - 1)))
        flows["new"] += float(new)
        mrr = (mrr - churned) * grow + new
        if month % MONTHS_PER_QUARTER == 0:
            rows.append(
                QuarterPlan(
                    quarter=f"Q{month // MONTHS_PER_QUARTER}",
                    new_mrr=flows["new"],
                    new_customers=flows["new"] / mean_deal_mrr if mean_deal_mrr else float("nan"),
                    churned_mrr=flows["churned"],
                    expansion_mrr=flows["expansion"],
                    mrr_at_end=float(np.sum(weights * mrr)),
                )
            )
            flows = dict.fromkeys(flows, 0.0)
    return tuple(rows)
