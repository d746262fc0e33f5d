"""The files and links people exchange: scenario CSV, trials CSV, shareable links."""

from simulator.files.dialect import DECIMAL_COMMA, STANDARD, Dialect, detect_dialect, local_dialect
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.files.trials_csv import read_trials, write_trials

__all__ = [
    "DECIMAL_COMMA",
    "STANDARD",
    "Dialect",
    "ScenarioFileError",
    "detect_dialect",
    "local_dialect",
    "read_scenarios",
    "read_trials",
    "scenario_from_query",
    "scenario_to_query",
    "write_scenarios",
    "write_trials",
]
