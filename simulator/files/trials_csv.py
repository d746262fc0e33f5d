"""Trials CSV: one row per scenario, trial and month, with every stage, money figure and drawn input."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from simulator.engine.funnel import DRAWN_INPUTS, SimulationResult
from simulator.files.cells import safe_text


def write_trials(results: Iterable[SimulationResult]) -> str:
    """The trials CSV text: one row per scenario, trial and month.

    Money is rounded to cents; drawn inputs are written in full precision.
    """
    frames = [trials_frame(result) for result in results]
    frame = pd.concat(frames, ignore_index=True)
    frame["scenario"] = frame["scenario"].map(safe_text)
    return frame.to_csv(index=False, lineterminator="\r\n")


def trials_frame(result: SimulationResult) -> pd.DataFrame:
    """One row per trial and month of `result`, as a DataFrame (see :func:`write_trials`)."""
    trials, months = result.trials, result.months
    columns = {
        "scenario": np.full(trials * months, result.scenario.name, dtype=object),
        "trial": np.repeat(np.arange(1, trials + 1), months),
        "month": np.tile(np.arange(1, months + 1), trials),
        "visits": result.visits.ravel(),
        "leads": result.leads.ravel(),
        "qualified": result.qualified.ravel(),
        "worked": result.worked.ravel(),
        "backlog": result.backlog.ravel(),
        "deals": result.deals.ravel(),
        "revenue_usd": np.round(result.revenue.ravel(), 2),
        "costs_usd": np.round(np.ravel(result.costs), 2),
        "gross_profit_usd": np.round(result.gross_profit().ravel(), 2),
    }
    for name in DRAWN_INPUTS:
        columns[f"drawn_{name}"] = np.repeat(result.drawn[name], months)
    return pd.DataFrame(columns)
