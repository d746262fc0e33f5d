"""Trials CSV: one row per scenario, trial and month, with every stage, money figure and drawn input.

Each row names the engine version that drew it: the same seed gives other trials in another version. A scenario
with channels adds, for its n-th channel, ``channel_<n>_name`` and the channel's figures and drawn inputs
(``channel_<n>_leads``, ``channel_<n>_drawn_cost_per``, ...); its own traffic inputs are not drawn then.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from simulator.engine.funnel import DRAWN_INPUTS, ENGINE_VERSION
from simulator.engine.result import SimulationResult
from simulator.files.cells import safe_text

#: Rows the app offers in one trials CSV: about 40 MB of text, a quarter of a spreadsheet's million rows.
MAX_TRIAL_ROWS = 250_000


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
