"""The levers a manager can pull, and how each moves: scaled, shifted on the log-odds scale, or counted.

* traffic and deal size are scaled (both ends of the range by the same factor);
* conversion rates are shifted on the log-odds scale (both ends, keeping the range's width there);
* reps and capacity per rep move as numbers, and only matter when reps have a capacity limit;
* the sales cycle is scaled down (a step up shortens it), and only matters when there is one;
* with channels, the marketing budget (every paid channel's spend together, :data:`Lever.BUDGET`) and each paid
  channel's spend (:class:`ChannelSpend`) are scaled, every month's spend by the same factor; they replace the
  traffic and the two top rates, which each channel has of its own;
* in subscription mode, churn is shifted on the log-odds scale, a step up lowering it, and net expansion is
  moved by the step itself (both ends of its range), a step up raising it.

Without channels, marketing spend is not a lever: the model does not link it to traffic.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from enum import StrEnum

from scipy import special

from simulator.analysis.targets import odds_of
from simulator.engine.funnel import simulate
from simulator.i18n import N_, _, isolated, money_text, ngettext, number_text, percent_text
from simulator.model.channels import Channel
from simulator.model.distributions import Range
from simulator.model.fields import FIELD
from simulator.model.scenario import Scenario
from simulator.model.stages import RATE, RATES, STAGES
from simulator.model.subscription import RevenueMode
from simulator.model.target import Metric

#: How far a scaled lever is searched: a tenth to ten times today's value.
SCALE_LIMITS = (0.1, 10.0)
#: Rates are searched up until their high end reaches this...
RATE_CEILING = 0.99
#: ...and down this many log-odds below today (a 25% rate down to about 0.6%).
RATE_STEPS_DOWN = 4.0
#: The longest sales cycle a lever may reach: the field's own bound.
LONGEST_CYCLE = FIELD["sales_cycle_months"].high
#: Reps added at most.
MAX_EXTRA_REPS = 100
#: Levers are tried side by side in this many threads (numpy releases the GIL).
WORKERS = min(4, os.cpu_count() or 1)


class Lever(StrEnum):
    """An input a manager can pull: its value is the scenario field it moves."""

    TRAFFIC = "traffic"
    VISIT_TO_LEAD = "visit_to_lead"
    LEAD_TO_QUALIFIED = "lead_to_qualified"
    WIN_RATE = "win_rate"
    DEAL_SIZE = "deal_size"
    REPS = "reps"
    CAPACITY_PER_REP = "capacity_per_rep"
    NEW_REPS = "new_reps"
    SALES_CYCLE = "sales_cycle_months"
    BUDGET = "budget"
    CHURN = "churn"
    EXPANSION = "expansion"

    @property
    def label(self) -> str:
        """Name for tables and sentences (a rate's from the stage table, in lower case)."""
        if self in RATE_LEVERS:
            label = RATE[self.value].label
            return label[0].lower() + label[1:]
        return _(LEVER_LABELS[self])


#: Labels of the levers that are not rates, in lower case: they are written inside sentences too.
LEVER_LABELS = {
    # TRANSLATORS: a lever (an input a manager can change), in lower case: it is used inside sentences
    Lever.TRAFFIC: N_("traffic"),
    Lever.DEAL_SIZE: N_("deal size"),
    Lever.REPS: N_("reps"),
    Lever.CAPACITY_PER_REP: N_("capacity per rep"),
    Lever.NEW_REPS: N_("new hires"),
    Lever.SALES_CYCLE: N_("sales cycle"),
    Lever.BUDGET: N_("marketing budget"),
    Lever.CHURN: N_("churn"),
    Lever.EXPANSION: N_("net expansion"),
}
#: The customer base's levers, and the subscription metrics they alone move (the funnel's levers don't).
BASE_LEVERS = (Lever.CHURN, Lever.EXPANSION)
_BASE_ONLY = {
    Metric.CHURN_RATE: (Lever.CHURN,),
    Metric.NRR: BASE_LEVERS,
    Metric.GRR: BASE_LEVERS,
    Metric.LTV: (Lever.DEAL_SIZE, *BASE_LEVERS),
}
#: How far churn is searched on the log-odds scale: up to this many steps worse, and better.
CHURN_STEPS = (2.0, 4.0)


@dataclass(frozen=True)
class ChannelSpend:
    """One paid channel's spend as a lever: scaled like traffic, in every month.

    Attributes
    ----------
    channel : str
        The channel's name.
    """

    channel: str

    @property
    def label(self) -> str:
        """``"Paid search spend"``."""
        # TRANSLATORS: a channel's spend as a lever; {channel} is the channel's name, e.g. "Paid search"
        return _("{channel} spend").format(channel=self.channel)


#: A lever: one of the scenario's own, or a channel's spend.
AnyLever = Lever | ChannelSpend


def heading(lever: AnyLever) -> str:
    """The lever's label starting a sentence or a row: its first letter up, a channel's name as it is written."""
    return lever.label[:1].upper() + lever.label[1:]


def is_spend_lever(lever: AnyLever) -> bool:
    """Whether `lever` moves marketing spend: the whole budget or one channel's."""
    return lever is Lever.BUDGET or isinstance(lever, ChannelSpend)


#: Whole-number levers: bisection moves them one at a time.
COUNT_LEVERS = (Lever.REPS, Lever.NEW_REPS)
#: The funnel's conversion rates, in funnel order.
RATE_LEVERS = tuple(Lever(rate.name) for rate in RATES)
SCALED_LEVERS = (Lever.TRAFFIC, Lever.DEAL_SIZE)
#: Traffic, then each rate: the lever that first moves each stage of :data:`~simulator.model.stages.STAGES`.
FUNNEL_LEVERS = (Lever.TRAFFIC, *RATE_LEVERS)


def levers_of(scenario: Scenario) -> list[AnyLever]:
    """The levers that can move the scenario's target metric, in funnel order.

    Each stage's rate only moves the stages after it (a leads target has no win rate lever), deal size only
    moves money, and reps and capacity only matter with a capacity limit; a rate target has its own rate's
    lever alone. New hires have their own plan. With channels, the budget and each paid channel's spend come
    first, in place of the traffic and the two top rates (each channel has its own).
    """
    # FUNNEL_LEVERS[i] is the lever that moves stage i and the ones after it; won deals also wait on reps.
    metric = scenario.target.metric
    if metric in _BASE_ONLY:
        return list(_BASE_ONLY[metric])
    if scenario.channels and metric.is_rate:
        return [Lever.WIN_RATE] if metric is Metric.WIN_RATE else []
    if metric.is_rate:  # only a rate's own lever moves it: more traffic or reps move both its terms
        return [Lever(metric.value)]
    before_deals = metric in STAGES[:-1]
    levers: list[AnyLever] = list(FUNNEL_LEVERS[: STAGES.index(metric) + 1] if before_deals else FUNNEL_LEVERS)
    if scenario.channels:
        # A target on channels is moved by their spend alone (and the budget's share of it).
        counted = {c.name for c in scenario.counted_channels()}
        spending = [ChannelSpend(c.name) for c in scenario.paid_channels() if c.spend > 0 and c.name in counted]
        budget = [Lever.BUDGET] if len(spending) > 1 else []
        levers = budget + spending + [lever for lever in levers if lever not in FUNNEL_LEVERS[:3]]
    if not before_deals and scenario.capacity_per_rep is not None:
        levers += [Lever.REPS, Lever.CAPACITY_PER_REP]
    if not before_deals and scenario.sales_cycle_months > 0:
        levers.append(Lever.SALES_CYCLE)
    money = metric.is_money or metric in (Metric.LTV_CAC, Metric.CAC_PAYBACK)
    if money and metric is not Metric.CAC:
        levers.insert(levers.index(Lever.WIN_RATE) + 1, Lever.DEAL_SIZE)
    if metric.is_subscription or (scenario.revenue_mode is RevenueMode.SUBSCRIPTION and money):
        levers += [Lever.CHURN, Lever.EXPANSION] if money else [Lever.CHURN]
    return levers


def lever_value(scenario: Scenario, lever: AnyLever) -> float:
    """Today's value of a lever as a manager reads it: a range's midpoint, or the number; a spend a month."""
    if is_spend_lever(lever):
        return sum(float(c.spend) for c in _spending(scenario, lever))
    value = getattr(scenario, lever.value)
    return value.mid if isinstance(value, Range) else float(value)


def describe_value(lever: AnyLever, value: float) -> str:
    """``"25.0%"``, ``"5,000 visits/month"``, ``"$12,000"``, ``"6 reps"``, ``"$15,000/month"``."""
    if is_spend_lever(lever):
        return _("{amount}/month").format(amount=money_text(value))
    if lever in RATE_LEVERS:
        return percent_text(value, 1)
    if lever is Lever.CHURN:
        return _("{rate} a month").format(rate=percent_text(value, 2))
    if lever is Lever.EXPANSION:
        return _("{rate} a month").format(rate=_signed_percent(value))
    count = round(value)
    if lever is Lever.TRAFFIC:
        return _("{visits} visits/month").format(visits=number_text(value))
    if lever is Lever.DEAL_SIZE:
        return money_text(value)
    if lever is Lever.REPS:
        return ngettext("{reps} rep", "{reps} reps", count).format(reps=number_text(value))
    if lever is Lever.NEW_REPS:
        return ngettext("{hires} new hire", "{hires} new hires", count).format(hires=number_text(value))
    if lever is Lever.CAPACITY_PER_REP:
        return _("{capacity} opportunities/rep/month").format(capacity=number_text(value, 1))
    return _("{months}-month sales cycle").format(months=number_text(value, 1))  # Lever.SALES_CYCLE


def _signed_percent(value: float) -> str:
    """A rate with its sign and two decimals, ``"+0.00%"`` for none (as net expansion is written)."""
    if value == 0:
        return isolated("+" + percent_text(0.0, 2).strip("\u2066\u2069"))
    return percent_text(value, 2, signed=True)


def moved(scenario: Scenario, lever: AnyLever, step: float) -> Scenario:
    """`scenario` with one lever moved by `step` on its own scale (0 leaves it as it is).

    Scaled levers take a log-factor, rates a log-odds shift, reps a whole number of
    extra reps, capacity per rep a log-factor, the sales cycle a log-factor down (a
    step of ``log(1.1)`` makes it 1.1 times shorter), at most the longest cycle allowed;
    spends a log-factor on every month's spend.
    """
    if is_spend_lever(lever):
        factor = math.exp(step)
        scaled = {c.name: c.spending_times(factor) for c in _spending(scenario, lever)}
        return replace(scenario, channels=tuple(scaled.get(c.name, c) for c in scenario.channels))
    if lever in SCALED_LEVERS:
        current = getattr(scenario, lever.value)
        factor = math.exp(step)
        return replace(scenario, **{lever.value: Range(current.low * factor, current.high * factor)})
    if lever in RATE_LEVERS:
        rate = getattr(scenario, lever.value)
        return replace(scenario, **{lever.value: shift_rate(rate, step)})
    if lever in COUNT_LEVERS:
        return replace(scenario, **{lever.value: max(0, getattr(scenario, lever.value) + round(step))})
    if lever is Lever.CHURN:
        return replace(scenario, churn=shift_rate(scenario.churn, -step))
    if lever is Lever.EXPANSION:
        return replace(scenario, expansion=Range(scenario.expansion.low + step, scenario.expansion.high + step))
    if lever is Lever.SALES_CYCLE:
        return replace(
            scenario, sales_cycle_months=min(scenario.sales_cycle_months * math.exp(-step), LONGEST_CYCLE)
        )
    return replace(scenario, capacity_per_rep=scenario.capacity_per_rep * math.exp(step))


def shift_rate(rate: Range, step: float) -> Range:
    """Both ends of a rate range moved by `step` on the log-odds scale."""
    low, high = special.logit([rate.low, rate.high]) + step
    return Range(float(special.expit(low)), float(special.expit(high)))


def _spending(scenario: Scenario, lever: AnyLever) -> list[Channel]:
    """The channels a spend lever moves: every paid one for the budget, else the one it names."""
    paid = scenario.paid_channels()
    return list(paid) if lever is Lever.BUDGET else [c for c in paid if c.name == lever.channel]


def search_interval(scenario: Scenario, lever: AnyLever) -> tuple[float, float]:
    """Steps from the lowest to the highest value searched (see :func:`moved`)."""
    if (is_spend_lever(lever)) and not lever_value(scenario, lever):
        return (0.0, 0.0)
    if lever in RATE_LEVERS:
        rate = getattr(scenario, lever.value)
        up = special.logit(RATE_CEILING) - special.logit(max(rate.high, 1e-9))
        return (-RATE_STEPS_DOWN, max(up, 0.0)) if rate.low > 0 else (0.0, 0.0)
    if lever in COUNT_LEVERS:
        return (-float(getattr(scenario, lever.value)), float(MAX_EXTRA_REPS))
    if lever is Lever.CHURN:
        return (-CHURN_STEPS[0], CHURN_STEPS[1]) if scenario.churn.low > 0 else (0.0, 0.0)
    if lever is Lever.EXPANSION:  # within the field's bounds
        spec = FIELD["expansion.low"]
        return (spec.low - scenario.expansion.low, spec.high - scenario.expansion.high)
    if lever is Lever.CAPACITY_PER_REP and not scenario.capacity_per_rep:
        return (0.0, 0.0)
    if lever is Lever.SALES_CYCLE:  # from the longest cycle allowed to a tenth of today's
        cycle = scenario.sales_cycle_months
        return (math.log(cycle / LONGEST_CYCLE), math.log(1 / SCALE_LIMITS[0])) if cycle > 0 else (0.0, 0.0)
    return (math.log(SCALE_LIMITS[0]), math.log(SCALE_LIMITS[1]))


def odds(scenario: Scenario) -> float:
    """Odds of the scenario's target, simulating only the months up to its deadline."""
    short = scenario.with_horizon(scenario.target.deadline_month)
    return odds_of(simulate(short), scenario.target)[0]
