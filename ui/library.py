"""The scenarios a session can pick: the samples, then those of the scenario CSV it opened."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from simulator import Scenario
from ui.cache import scenarios_from_bytes

SAMPLE_FILE = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
#: Session-state key of the scenarios read from the uploaded file (kept across pages).
UPLOADED = "uploaded"
#: Session-state key of the scenario last simulated on the simulator page (kept across pages).
CURRENT = "current_scenario"


def samples() -> dict[str, Scenario]:
    """The sample scenarios by name."""
    return {s.name: s for s in scenarios_from_bytes(SAMPLE_FILE.read_bytes())}


def uploaded_name(name: str) -> str:
    """An uploaded scenario's name in the picker: marked when a sample has the same name."""
    return f"{name} (uploaded)" if name in samples() else name


def library() -> dict[str, Scenario]:
    """Sample scenarios, then those of the uploaded file, by name."""
    scenarios = samples()
    for scenario in st.session_state.get(UPLOADED, []):
        name = uploaded_name(scenario.name)
        scenarios[name] = replace(scenario, name=name)
    return scenarios
