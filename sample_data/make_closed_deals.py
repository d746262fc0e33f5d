"""Remake sample_data/closed_deals.csv: a HubSpot-style pipeline history, the open deals of weekly snapshots over
Q4 2025 (Mondays 2025-10-06 to 2025-12-29) stacked, each row with what became of its deal as known at the review
of 2026-02-09 (won, lost, or still open), drawn with a fixed seed.

A deal enters at a stage (weighted to the early ones, as in open_deals.csv) and spends a geometric number of days
at each stage it reaches; from a stage it moves on with probability ``p(stage) / p(next stage)``, else it is
lost, and from the last stage it is won with that stage's probability. So a deal at a stage is won with the
stage's probability in :data:`STAGES` (close to Salesforce's defaults, not equal), whatever happened before, and
how long it stays at a stage says nothing of its outcome. A won deal closes on its expected date (or up to three
days before it) unless it slips, as :data:`SLIP_SHARE` of won deals do, by a geometric number of days of mean
:data:`MEAN_SLIP_DAYS` (the exponential delay, in whole days). Each deal's expected close date stays as it was set.
Deals not closed by the review have no outcome: of the late snapshots' early stages, mostly the slow winners.

python -m sample_data.make_closed_deals      (from the project folder)
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.make_open_deals import OWNERS, REVIEW
from simulator.model.open_deals import DEFAULT_STAGES

#: The stages and the probabilities the sample is drawn with.
STAGES = (
    ("Prospecting", 0.08),
    ("Qualification", 0.12),
    ("Needs Analysis", 0.24),
    ("Value Proposition", 0.45),
    ("Id. Decision Makers", 0.55),
    ("Perception Analysis", 0.62),
    ("Proposal/Price Quote", 0.68),
    ("Negotiation/Review", 0.82),
)
SLIP_SHARE = 0.25
MEAN_SLIP_DAYS = 21.0
SNAPSHOTS = tuple(date(2025, 10, 6) + timedelta(weeks=k) for k in range(13))
#: Mean days a deal stays at a stage, and how many deals are created (over the quarter and the ten weeks before).
MEAN_STAGE_DAYS = 7.0
DEALS = 550
assert [name for name, _ in STAGES] == [name for name, _ in DEFAULT_STAGES]


def closed_deals(rng: np.random.Generator) -> pd.DataFrame:
    """The history, one row per deal open at a snapshot."""
    probabilities = np.array([p for _, p in STAGES])
    weights = np.linspace(2.0, 0.6, len(STAGES))
    entry = np.cumsum(weights / weights.sum())
    first, last = SNAPSHOTS[0] - timedelta(weeks=10), SNAPSHOTS[-1]
    rows = []
    for i in range(DEALS):
        created = first + timedelta(days=int(rng.integers(0, (last - first).days)))
        stage = min(int(np.searchsorted(entry, rng.random())), len(STAGES) - 1)
        visits, day = [], created
        while True:
            leaves = day + timedelta(days=int(rng.geometric(1 / MEAN_STAGE_DAYS)))
            visits.append((stage, day, leaves))
            day = leaves
            ahead = probabilities[stage + 1] if stage + 1 < len(STAGES) else 1.0
            if rng.random() >= probabilities[stage] / ahead:
                won = False
                break
            if stage + 1 == len(STAGES):
                won = True
                break
            stage += 1
        if won and rng.random() < SLIP_SHARE:
            expected = day - timedelta(days=int(rng.geometric(1 / MEAN_SLIP_DAYS)))
        elif won:
            expected = day + timedelta(days=int(rng.integers(0, 4)))
        else:
            expected = created + timedelta(days=int(rng.integers(30, 120)))
        known = day <= REVIEW
        deal = {
            "Record ID": f"D-{100 + i}",
            "Deal Name": f"Deal {100 + i}",
            "Amount": float(np.round(rng.lognormal(np.log(12_000), 0.6), -2)),
            "Close Date": expected.isoformat(),
            "Deal Owner": OWNERS[rng.integers(len(OWNERS))],
            "Outcome": ("Won" if won else "Lost") if known else "",
            "Closed On": day.isoformat() if known else "",
        }
        for snapshot in SNAPSHOTS:
            at = [s for s, start, end in visits if start <= snapshot < end]
            if at:
                rows.append({"Snapshot Date": snapshot.isoformat(), "Deal Stage": STAGES[at[0]][0], **deal})
    columns = ["Snapshot Date", "Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal Owner"]
    frame = pd.DataFrame(rows)[[*columns, "Outcome", "Closed On"]]
    return frame.sort_values(["Snapshot Date", "Record ID"], kind="stable", ignore_index=True)


if __name__ == "__main__":
    closed_deals(np.random.default_rng(2025)).to_csv(
        Path(__file__).with_name("closed_deals.csv"), index=False, lineterminator="\r\n"
    )
