"""History made by the engine itself: the sample file, and data with known inputs for tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from simulator.engine.funnel import simulate
from simulator.model.distributions import Range
from simulator.model.scenario import Scenario


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
