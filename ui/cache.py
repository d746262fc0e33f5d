"""The app's cache boundary: small frozen values in, small summaries out, shared by all sessions."""

from __future__ import annotations

import streamlit as st

from simulator import Scenario, simulate
from simulator.formats import read_scenarios, write_trials
from simulator.summaries import Summary, summarize


@st.cache_data(max_entries=64, show_spinner=False)
def summary_of(scenario: Scenario) -> Summary:
    """Simulate and summarise; keyed on the whole frozen scenario (inputs, target, trials, seed)."""
    return summarize(simulate(scenario))


@st.cache_data(max_entries=4, show_spinner=False)
def trials_csv(scenario: Scenario) -> str:
    """The trials CSV of a scenario, made only when someone downloads it."""
    return write_trials([simulate(scenario)])


@st.cache_data(max_entries=16, show_spinner=False)
def scenarios_from_bytes(data: bytes) -> list[Scenario]:
    """Scenarios of a scenario CSV, keyed on the file's bytes (not its name)."""
    return read_scenarios(data)
