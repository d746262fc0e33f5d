"""Remake sample_data/history.csv: 24 months made by the engine, with seasonality and a growth trend.

python -m sample_data.make_history      (from the project folder)
"""

from pathlib import Path

from simulator import Range, Scenario
from simulator.history import engine_history

SEASONALITY = (0.85, 0.9, 1.05, 1.0, 1.0, 0.95, 0.8, 0.75, 1.05, 1.15, 1.2, 1.1)
FUNNEL = Scenario(
    traffic=Range.known(4200.0),
    traffic_growth=0.015,
    visit_to_lead=Range.known(0.03),
    lead_to_qualified=Range.known(0.38),
    win_rate=Range.known(0.24),
    deal_size=Range(1800.0, 9000.0),
    marketing_spend=12000.0,
    reps=3,
)

if __name__ == "__main__":
    frame = engine_history(FUNNEL, 24, start="2024-01", seasonality=SEASONALITY, rng=2024)
    frame.to_csv(Path(__file__).with_name("history.csv"), index=False, lineterminator="\r\n")
