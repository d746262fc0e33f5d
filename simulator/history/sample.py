"""History made by the engine itself: the sample files, and data with known inputs for tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from simulator.engine.funnel import simulate
from simulator.engine.result import SimulationResult
from simulator.model.channels import ChannelKind, ChannelUnit, SpendChange
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.scenario import Scenario
from simulator.model.subscription import MONTHS_PER_YEAR
from simulator.model.target import Target


def engine_history(
    scenario: Scenario,
    months: int,
    *,
    start: str = "2024-01",
    seasonality: tuple[float, ...] = (1.0,) * 12,
    rng=None,
) -> pd.DataFrame:
    """Monthly history made by the engine itself: one trial per month, traffic x seasonality x growth.

    Used for the sample file and to test that fitting recovers what made the data.

    Examples
    --------
    >>> frame = engine_history(Scenario(), 3, rng=1)
    >>> list(frame.columns)[:5], len(frame)
    (['month', 'visits', 'leads', 'qualified', 'won'], 3)
    """
    generator = np.random.default_rng(rng)
    first = pd.Period(start, freq="M")
    rows = []
    for offset, seed in enumerate(generator.spawn(months)):
        month = first + offset
        factor = seasonality[(month.month - 1) % len(seasonality)] * (1 + scenario.traffic_growth) ** offset
        one = replace(
            scenario,
            traffic=Range(scenario.traffic.low * factor, scenario.traffic.high * factor),
            horizon_months=1,
            trials=1,
            traffic_growth=0.0,
            target=replace(scenario.target, deadline_month=1),
        )
        result = simulate(one, rng=seed)
        rows.append(
            {
                "month": str(month),
                "visits": int(result.visits[0, 0]),
                "leads": int(result.leads[0, 0]),
                "qualified": int(result.qualified[0, 0]),
                "won": int(result.deals[0, 0]),
                "revenue": round(float(result.revenue[0, 0]), 2),
                "marketing_spend": scenario.marketing_spend,
                "reps": scenario.reps,
            }
        )
    return pd.DataFrame(rows)


def channel_history_scenario(
    scenario: Scenario, months: int, *, trials: int = 1, spend_variation: float = 0.0, rng=None
) -> Scenario:
    """The scenario a channel history of `months` months is drawn from: `scenario`'s channels over that horizon.

    Each paid channel's spend of each month (its spend changes included) is moved by a factor drawn evenly from
    ``1 +/- spend_variation`` and rounded to $10, as budgets move from month to month; no open pipeline, so that
    every won deal belongs to a channel. Each of the `trials` is one history.

    Examples
    --------
    >>> from simulator.model.channels import Channel
    >>> paid = Channel(name="Ads", kind="paid", unit="leads", spend=10_000.0, cost_per=Range(50.0, 50.0))
    >>> made = channel_history_scenario(Scenario(channels=(paid,)), 3, spend_variation=0.1, rng=1)
    >>> made.channels[0].spend_by_month(3).tolist()
    [10020.0, 10900.0, 9290.0]
    """
    generator = np.random.default_rng(rng)
    channels = []
    for channel in scenario.channels:
        spend = channel.spend_by_month(months)
        if channel.kind is ChannelKind.PAID:
            spend = np.round(spend * generator.uniform(1 - spend_variation, 1 + spend_variation, months), -1)
        changes = tuple(SpendChange(month, month, float(spend[month - 1])) for month in range(1, months + 1))
        channels.append(replace(channel, spend_changes=changes))
    return replace(
        scenario,
        channels=tuple(channels),
        correlations=Correlations(),
        horizon_months=months,
        trials=trials,
        open_pipeline=0,
        target=Target(value=0.0, deadline_month=months),
    )


def channel_history_frame(
    result: SimulationResult, trial: int = 0, *, start: str = "2024-01", warm_up: int = 0
) -> pd.DataFrame:
    """One trial of a simulation of channels as a history file has it: a row per month and channel.

    Columns ``month``, ``channel``, ``spend``, ``visits``, ``leads``, ``qualified``, ``won``, ``revenue``; an
    organic channel's spend and a channel bringing leads' visits are blank, as an ad-spend export and a CRM's
    lead-source report leave them. The first `warm_up` months are left out, so that deals from before the
    history close in its first months as they do in a team's record (the simulation starts with none open);
    the month after them is `start`.

    Examples
    --------
    >>> from simulator.model.channels import Channel
    >>> paid = Channel(name="Ads", kind="paid", unit="leads", spend=10_000.0, cost_per=Range(50.0, 50.0))
    >>> made = channel_history_scenario(Scenario(channels=(paid,)), 2)
    >>> frame = channel_history_frame(simulate(made, rng=1))
    >>> frame.columns.tolist(), len(frame)
    (['month', 'channel', 'spend', 'visits', 'leads', 'qualified', 'won', 'revenue'], 2)
    """
    first = pd.Period(start, freq="M")
    rows = []
    for month in range(warm_up, result.scenario.horizon_months):
        for channel in result.channels:
            figures = {name: values[trial, month] for name, values in channel.monthly.items()}
            paid = channel.channel.kind is ChannelKind.PAID
            rows.append(
                {
                    "month": str(first + month - warm_up),
                    "channel": channel.channel.name,
                    "spend": int(channel.spend[month]) if paid else None,
                    "visits": int(figures["visits"]) if channel.channel.unit is ChannelUnit.VISITS else None,
                    "leads": int(figures["leads"]),
                    "qualified": int(figures["qualified"]),
                    "won": int(figures["deals"]),
                    "revenue": round(float(figures["revenue"]), 2),
                }
            )
    frame = pd.DataFrame(rows)
    return frame.astype({"spend": "Int64", "visits": "Int64"})


def with_customer_base(
    funnel: pd.DataFrame,
    *,
    customers: int,
    mrr: float,
    churn: float,
    expansion: float,
    expansion_spread: float = 0.0,
    rng=None,
) -> pd.DataFrame:
    """`funnel` (a history, a row per month, with ``won`` and ``revenue``) with a customer base drawn from a known
    truth: columns ``customers``, ``new_customers``, ``churned_customers`` and ``mrr``.

    The base starts the month before the first with `customers` paying `mrr` in all. Each month
    ``Binomial(customers, churn)`` leave, taking the base's average MRR; the MRR kept grows by a rate drawn
    ``Normal(expansion, expansion_spread)`` that month; the won deals join, paying the month's revenue / 12 (a
    deal's size is its annual contract value). MRR is rounded to cents.

    Examples
    --------
    >>> funnel = pd.DataFrame({"month": ["2025-01", "2025-02"], "won": [10, 0], "revenue": [12_000.0, 0.0]})
    >>> with_customer_base(funnel, customers=100, mrr=50_000.0, churn=0.0, expansion=0.01, rng=1)[
    ...     ["customers", "churned_customers", "mrr"]].to_numpy().tolist()
    [[110.0, 0.0, 51500.0], [110.0, 0.0, 52015.0]]
    """
    generator = np.random.default_rng(rng)
    rows = []
    for won, revenue in zip(funnel["won"], funnel["revenue"], strict=True):
        churned = int(generator.binomial(customers, churn))
        kept = mrr * (1 - churned / customers) if customers else 0.0
        mrr = kept * (1 + generator.normal(expansion, expansion_spread)) + revenue / MONTHS_PER_YEAR
        customers += int(won) - churned
        rows.append((customers, int(won), churned, round(mrr, 2)))
    base = pd.DataFrame(rows, columns=["customers", "new_customers", "churned_customers", "mrr"])
    return pd.concat([funnel.reset_index(drop=True), base], axis=1)
