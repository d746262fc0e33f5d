"""Remake sample_data/open_deals.csv: a HubSpot-style export of 60 open deals for a quarter's weekly review
(review on 2026-02-09, week 7 of Q1 2026), drawn with a fixed seed: stages weighted to the early ones, amounts
lognormal around $12,000, close dates spread over the rest of the quarter and a little past it, four owners.

python -m sample_data.make_open_deals      (from the project folder)
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.model.open_deals import DEFAULT_STAGES

REVIEW = date(2026, 2, 9)
OWNERS = ("Ana Ruiz", "Ben Carter", "Chen Wei", "Dana Haddad")
DEALS = 60


def open_deals(rng: np.random.Generator) -> pd.DataFrame:
    """The export, one row per deal."""
    stages = [name for name, _ in DEFAULT_STAGES]
    weights = np.linspace(2.0, 0.6, len(stages))
    return pd.DataFrame(
        {
            "Record ID": [f"D-{1000 + i}" for i in range(DEALS)],
            "Deal Name": [f"Deal {i + 1}" for i in range(DEALS)],
            "Deal Stage": rng.choice(stages, DEALS, p=weights / weights.sum()),
            "Amount": np.round(rng.lognormal(np.log(12_000), 0.6, DEALS), -2),
            "Close Date": [(REVIEW + timedelta(days=int(d))).isoformat() for d in rng.integers(3, 75, DEALS)],
            "Deal Owner": rng.choice(OWNERS, DEALS),
        }
    )


if __name__ == "__main__":
    open_deals(np.random.default_rng(2026)).to_csv(
        Path(__file__).with_name("open_deals.csv"), index=False, lineterminator="\r\n"
    )
