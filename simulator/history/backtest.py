"""Backtesting: how well forecasts fitted on the past did on the months that followed."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from simulator.analysis.statistics import percentiles
from simulator.engine.funnel import simulate
from simulator.history.fit import fit
from simulator.history.reader import History, HistoryError
from simulator.i18n import _, ngettext, number_text
from simulator.model.scenario import Scenario


@dataclass(frozen=True)
class Backtest:
    """How well past forecasts did.

    Attributes
    ----------
    forecasts : DataFrame
        Per period: ``period``, ``p10``, ``p50``, ``p90``, ``actual``, ``target``, ``odds``, ``hit``.
    coverage : float
        Share of periods whose actual fell inside P10-P90 (80% when calibrated).
    brier : float
        Mean squared error of the odds of the stated target (0 is perfect; always saying 50% scores 0.25).
    calibration : DataFrame
        Forecast odds in bins against how often the target was hit.
    note : str or None
        Said when only the latest :data:`MAX_PERIODS` periods were backtested.
    """

    forecasts: pd.DataFrame
    coverage: float
    brier: float
    calibration: pd.DataFrame
    note: str | None = None


#: The most periods backtested, the latest ones: each is a fit and a simulation, and five years of monthly
#: forecasts measure calibration well, while a century of them would keep the server busy for minutes.
MAX_PERIODS = 60


def backtest(
    history: History,
    scenario: Scenario,
    *,
    months: int = 1,
    min_training: int = 6,
    stretch: float = 0.0,
    trials: int = 4000,
) -> Backtest:
    """Fit on the data before each period, forecast its won deals, and compare with what happened.

    The stated target of each period is its previous period's deals x (1 + `stretch`). Only the latest
    :data:`MAX_PERIODS` periods are backtested, as :attr:`Backtest.note` then says. A history by channel is
    backtested on its months' totals, which needs every channel to bring visits (else HistoryError).
    """
    data = history.data
    if history.by_channel is not None and data["visits"].isna().all():
        # Each forecast starts from the fitted traffic: without the months' visits it would be the scenario's.
        raise HistoryError(
            _(
                "Backtesting forecasts from the months' visits, and this history by channel has channels that "
                "bring leads without visits: there is no total of visits to start from."
            )
        )
    rows = []
    ends = range(min_training + months, len(data) + 1, months)
    note = None
    if len(ends) > MAX_PERIODS:
        note = ngettext(
            "Backtested on the latest {most} of {periods} periods: at most {most} are.",
            "Backtested on the latest {most} of {periods} periods: at most {most} are.",
            len(ends),
        ).format(most=number_text(MAX_PERIODS), periods=number_text(len(ends)))
        ends = ends[-MAX_PERIODS:]
    for end in ends:
        training = History(data.iloc[: end - months].reset_index(drop=True), [], history.mapping)
        actual = float(data["won"].iloc[end - months : end].sum())
        previous = float(data["won"].iloc[end - 2 * months : end - months].sum())
        fitted = fit(training).apply(
            replace(
                scenario,
                horizon_months=months,
                trials=trials,
                target=replace(scenario.target, deadline_month=months, value=0, change_pct=None, baseline=None),
                sales_cycle_months=0,
                open_pipeline=0,
                capacity_per_rep=None,
            )
        )
        deals = simulate(fitted).total("deals", months)
        goal = previous * (1 + stretch)
        odds = float(np.mean(deals >= goal))
        p10, p50, p90 = percentiles(deals)
        rows.append(
            {
                "period": str(data["month"].iloc[end - 1]),
                "p10": p10,
                "p50": p50,
                "p90": p90,
                "actual": actual,
                "target": goal,
                "odds": odds,
                "hit": float(actual >= goal),
            }
        )
    if not rows:
        raise HistoryError(
            ngettext(
                "Backtesting needs more than {months} months of history.",
                "Backtesting needs more than {months} months of history.",
                min_training + months,
            ).format(months=number_text(min_training + months))
        )
    forecasts = pd.DataFrame(rows)
    inside = (forecasts["actual"] >= forecasts["p10"]) & (forecasts["actual"] <= forecasts["p90"])
    bins = pd.cut(forecasts["odds"], [0, 0.2, 0.4, 0.6, 0.8, 1.0], include_lowest=True)
    calibration = (
        forecasts.groupby(bins, observed=True)
        .agg(forecast=("odds", "mean"), observed=("hit", "mean"), periods=("hit", "size"))
        .reset_index(drop=True)
    )
    brier = float(np.mean((forecasts["odds"] - forecasts["hit"]) ** 2))
    return Backtest(forecasts, float(inside.mean()), brier, calibration, note)
