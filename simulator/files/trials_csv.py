"""Trials CSV: one row per scenario, trial and month, with every stage, money figure and drawn input.

Each row names the engine version that drew it: the same seed gives other trials in another version. A scenario
with channels adds, for its n-th channel, ``channel_<n>_name`` and the channel's figures and drawn inputs
(``channel_<n>_leads``, ``channel_<n>_drawn_cost_per``, ...); its own traffic inputs are not drawn then.
A scenario in subscription mode adds its customer base (:data:`CUSTOMER_COLUMNS`): the customers at the month's
end, the new and churned customers of the month, the MRR at the month's end and what moved it (new, expansion and
churned MRR), and the churn and expansion rates drawn for the trial; ``revenue_usd`` is then the month's MRR.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from simulator.engine.funnel import DRAWN_INPUTS, ENGINE_VERSION
from simulator.engine.result import SimulationResult
from simulator.engine.subscriptions import CustomerBase
from simulator.files.cells import safe_text

#: Rows the app offers in one trials CSV: about 40 MB of text, a quarter of a spreadsheet's million rows.
MAX_TRIAL_ROWS = 250_000
#: The columns of a scenario in subscription mode, in the order written (after ``gross_profit_usd``).
CUSTOMER_COLUMNS = (
    "customers",
    "new_customers",
    "churned_customers",
    "mrr_usd",
    "new_mrr_usd",
    "expansion_mrr_usd",
    "churned_mrr_usd",
)


def trials_within(rows: int, months: int) -> int:
    """How many whole trials of `months` months fit in `rows` rows (at least one).

    >>> trials_within(MAX_TRIAL_ROWS, 12)
    20833
    """
    return max(1, rows // months)


def write_trials(results: Iterable[SimulationResult], *, max_trials: int | None = None) -> str:
    """The trials CSV text: one row per scenario, trial and month.

    Money is rounded to cents; drawn inputs are written in full precision. With `max_trials`, only each
    result's first `max_trials` trials are written (the same trials as in the full run, not a new run).
    """
    frames = [trials_frame(result, max_trials) for result in results]
    frame = pd.concat(frames, ignore_index=True)
    frame["scenario"] = frame["scenario"].map(safe_text)
    return frame.to_csv(index=False, lineterminator="\r\n")


def trials_frame(result: SimulationResult, max_trials: int | None = None) -> pd.DataFrame:
    """One row per trial and month of `result` (its first `max_trials`), as :func:`write_trials` writes."""
    trials, months = min(result.trials, max_trials or result.trials), result.months
    first = slice(0, trials)
    columns = {
        "engine_version": np.full(trials * months, ENGINE_VERSION),
        "scenario": np.full(trials * months, result.scenario.name, dtype=object),
        "trial": np.repeat(np.arange(1, trials + 1), months),
        "month": np.tile(np.arange(1, months + 1), trials),
        "visits": result.visits[first].ravel(),
        "leads": result.leads[first].ravel(),
        "qualified": result.qualified[first].ravel(),
        "worked": result.worked[first].ravel(),
        "backlog": result.backlog[first].ravel(),
        "closed": result.closed[first].ravel(),
        "deals": result.deals[first].ravel(),
        "revenue_usd": np.round(result.revenue[first].ravel(), 2),
        "costs_usd": np.round(np.ravel(result.costs[first]), 2),
        "gross_profit_usd": np.round(result.gross_profit()[first].ravel(), 2),
    }
    if result.customer_base is not None:
        columns |= customer_columns(result.customer_base, result.deals, first)
    for name in DRAWN_INPUTS:
        if name in result.drawn:  # with channels, the traffic inputs are each channel's own
            columns[f"drawn_{name}"] = np.repeat(result.drawn[name][first], months)
    for number, channel in enumerate(result.channels, start=1):
        stem = f"channel_{number}_"
        columns[f"{stem}name"] = np.full(trials * months, safe_text(channel.channel.name), dtype=object)
        for name, values in channel.monthly.items():
            column = values[first].ravel()
            if name == "revenue":
                columns[f"{stem}revenue_usd"] = np.round(column, 2)
            else:
                columns[stem + name] = column
        columns[f"{stem}spend_usd"] = np.tile(channel.spend, trials)
        for name, values in channel.drawn.items():
            columns[f"{stem}drawn_{name}"] = np.repeat(values[first], months)
    return pd.DataFrame(columns)


def customer_columns(base: CustomerBase, deals: np.ndarray, first: slice) -> dict[str, np.ndarray]:
    """The :data:`CUSTOMER_COLUMNS` of `base` for the trials of `first`, flat as :func:`trials_frame` writes them,
    and the churn and expansion drawn for each trial.

    Each won deal is a new customer; the new MRR is what the month's MRR gained beyond the retained and expanded
    MRR of the customers at its start (the won deals' value / 12). Money is rounded to cents.
    """
    months = base.mrr.shape[1]
    new_mrr = base.mrr - base.opening_mrr() + base.churned_mrr() - base.expansion_mrr()
    counts = (base.customers, deals, base.churned)
    money = (base.mrr, new_mrr, base.expansion_mrr(), base.churned_mrr())
    columns = {name: values[first].ravel() for name, values in zip(CUSTOMER_COLUMNS[:3], counts, strict=True)}
    columns |= {
        name: np.round(values[first].ravel(), 2) for name, values in zip(CUSTOMER_COLUMNS[3:], money, strict=True)
    }
    return columns | {f"drawn_{name}": np.repeat(values[first], months) for name, values in base.drawn.items()}
