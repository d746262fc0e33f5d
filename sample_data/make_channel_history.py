"""Remake sample_data/channel_history.csv: 18 months x 4 channels made by the engine, with budgets that move.

The channels are those of the sample scenario "Four channels: Q3 deals +20%" (sample_data/scenarios.csv):
Website (organic, visits), Paid search (paid, leads), Social (paid, visits) and Offline events (paid, leads,
with a big event in month 9 of the simulation, June 2024 here). Each paid channel's spend moves by up to 8% from
month to month; the engine runs three months before the history starts, so that its first months have the deals
of earlier opportunities, as a team's record does.

python -m sample_data.make_channel_history      (from the project folder)
"""

from pathlib import Path

import pandas as pd

from simulator import simulate
from simulator.files.scenario_csv import read_scenarios
from simulator.history.sample import channel_history_frame, channel_history_scenario

HERE = Path(__file__).parent
SCENARIO = "Four channels: Q3 deals +20%"
MONTHS, WARM_UP, SEED = 18, 3, 2025


def channel_history() -> pd.DataFrame:
    """The sample history by channel, as the file holds it."""
    (four_channels,) = (s for s in read_scenarios(HERE / "scenarios.csv") if s.name == SCENARIO)
    made = channel_history_scenario(four_channels, WARM_UP + MONTHS, spend_variation=0.08, rng=SEED)
    return channel_history_frame(simulate(made, rng=SEED), start="2024-01", warm_up=WARM_UP)


if __name__ == "__main__":
    channel_history().to_csv(HERE / "channel_history.csv", index=False, lineterminator="\r\n")
