"""Remake sample_data/channel_history.csv: 18 months x 4 channels made by the engine, with budgets that move.

The channels are those of the sample scenario "Four channels: Q3 deals +20%" (sample_data/scenarios.csv):
Website (organic, visits), Paid search (paid, leads, with a ceiling of 400 leads a month), Social (paid, visits)
and Offline events (paid, leads, with a big event in month 9 of the simulation, June 2024 here). Paid search
also ran two campaigns (:data:`CAMPAIGNS`), at two and three times its usual spend, so that its months show
the ceiling. Each paid channel's spend moves by up to 8% from month to month; the engine runs three months
before the history starts, so that its first months have the deals of earlier opportunities, as a team's
record does.

python -m sample_data.make_channel_history      (from the project folder)
"""

from dataclasses import replace
from pathlib import Path

import pandas as pd

from simulator import simulate
from simulator.files.scenario_csv import read_scenarios
from simulator.history.sample import channel_history_frame, channel_history_scenario
from simulator.model.channels import SpendChange
from simulator.model.scenario import Scenario

HERE = Path(__file__).parent
SCENARIO = "Four channels: Q3 deals +20%"
MONTHS, WARM_UP, SEED = 18, 3, 2025
#: Paid search's campaigns, in months of the history (1 is 2024-01): first month, last month, spend a month.
CAMPAIGNS = ((4, 6, 30_000.0), (11, 12, 45_000.0))


def made_from() -> Scenario:
    """The scenario the history is drawn from: the sample's channels over the warm-up and the history's months."""
    (four_channels,) = (s for s in read_scenarios(HERE / "scenarios.csv") if s.name == SCENARIO)
    campaigns = tuple(SpendChange(WARM_UP + first, WARM_UP + last, spend) for first, last, spend in CAMPAIGNS)
    channels = tuple(
        replace(channel, spend_changes=(*channel.spend_changes, *campaigns))
        if channel.name == "Paid search"
        else channel
        for channel in four_channels.channels
    )
    with_campaigns = replace(four_channels, horizon_months=WARM_UP + MONTHS, channels=channels)
    return channel_history_scenario(with_campaigns, WARM_UP + MONTHS, spend_variation=0.08, rng=SEED)


def channel_history() -> pd.DataFrame:
    """The sample history by channel, as the file holds it."""
    return channel_history_frame(simulate(made_from(), rng=SEED), start="2024-01", warm_up=WARM_UP)


if __name__ == "__main__":
    channel_history().to_csv(HERE / "channel_history.csv", index=False, lineterminator="\r\n")
