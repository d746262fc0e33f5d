"""The files and links people exchange: scenario CSV, trials CSV, shareable links."""

from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.files.trials_csv import write_trials

__all__ = [
    "ScenarioFileError",
    "read_scenarios",
    "scenario_from_query",
    "scenario_to_query",
    "write_scenarios",
    "write_trials",
]
