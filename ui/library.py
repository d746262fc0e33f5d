"""The scenarios a session can pick: the samples, those of the scenario CSV it opened, and the saved ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from simulator import Scenario
from simulator.analysis.compare import differing_inputs
from simulator.i18n import N_, _
from simulator.store import LibraryError
from ui.cache import scenarios_from_bytes
from ui.store import saved_scenarios, scenario_library

SAMPLE_FILE = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
#: Session-state key of the scenarios read from the uploaded file (kept across pages).
UPLOADED = "uploaded"
#: Session-state key of the scenario last simulated on the simulator page (kept across pages).
CURRENT = "current_scenario"
#: Session-state key of the scenarios calibrated from history in this session, by name.
CALIBRATED = "calibrated"
#: Session-state key of the scenario a shared link opened, by name.
LINKED = "linked"


def samples() -> dict[str, Scenario]:
    """The sample scenarios by name."""
    return {s.name: s for s in scenarios_from_bytes(SAMPLE_FILE.read_bytes())}


def uploaded_name(name: str) -> str:
    """An uploaded scenario's name in the picker: marked when a sample has the same name.

    The mark stays English: the name is the picker's value and the scenario's name in links and files, and must
    not change when the language does.
    """
    return f"{name} (uploaded)" if name in samples() else name


def saved_name(name: str, taken) -> str:
    """A saved scenario's name in the picker: marked when a sample or upload has the same name (in English, as
    :func:`uploaded_name`'s)."""
    return f"{name} (saved)" if name in taken else name


def library() -> dict[str, Scenario]:
    """Sample scenarios, those of the uploaded file, those calibrated or opened from a link in this session, then
    the saved ones."""
    scenarios = samples()
    for scenario in st.session_state.get(UPLOADED, []):
        name = uploaded_name(scenario.name)
        scenarios[name] = replace(scenario, name=name)
    scenarios |= st.session_state.get(CALIBRATED, {}) | st.session_state.get(LINKED, {})
    store, _problem = scenario_library()
    if store is not None:
        try:
            saved = saved_scenarios()
        except LibraryError:  # the page says so where the library is used; picking still works
            saved = []
        taken = set(scenarios)
        for entry in saved:
            name = saved_name(entry.name, taken)
            scenarios[name] = replace(entry.scenario, name=name)
    return scenarios


def open_calibrated(scenario: Scenario) -> None:
    """Make a calibrated scenario the one the simulator page opens on, and a choice in its picker (so Reset
    returns to it rather than to the scenario it was calibrated from)."""
    st.session_state[CALIBRATED] = st.session_state.get(CALIBRATED, {}) | {scenario.name: scenario}
    st.session_state[CURRENT] = scenario
    st.session_state.pop("picker", None)  # the simulator page reloads its inputs from it


def open_linked(scenario: Scenario) -> None:
    """Make a shared link's scenario a choice in the picker when no scenario of the session has its name, so the
    name comes back (and Reset returns to the link's values); under a known name, the link is an edit of it."""
    if scenario.name not in library():
        st.session_state[LINKED] = {scenario.name: scenario}


#: The pickers' choice of the scenario last simulated on the simulator page: their value, in English (a value kept
#: in session state must not change with the language); shown through :func:`shown_name`.
ON_SIMULATOR = N_("The scenario on the simulator page")


def shown_name(name: str) -> str:
    """A choice of :func:`library_with_current` as a picker shows it (its ``format_func``).

    >>> shown_name(ON_SIMULATOR), shown_name("Q3 plan")
    ('The scenario on the simulator page', 'Q3 plan')
    """
    return _(ON_SIMULATOR) if name == ON_SIMULATOR else name


def edited_name(current: Scenario, scenarios: dict[str, Scenario]) -> str:
    """The current scenario's name: ``"X (edited)"`` when it differs from the scenario X it was picked as.

    Without the mark, a comparison of the two would name two different scenarios alike.
    """
    picked = scenarios.get(current.name)
    if picked is None or not differing_inputs([current, picked]):
        return current.name
    # TRANSLATORS: a scenario's name, marked as changed since it was picked
    return _("{name} (edited)").format(name=current.name)


def library_with_current() -> dict[str, Scenario]:
    """:func:`library`, led by the scenario last simulated on the simulator page when there is one."""
    scenarios = library()
    if CURRENT not in st.session_state:
        return scenarios
    current = st.session_state[CURRENT]
    return {ON_SIMULATOR: replace(current, name=edited_name(current, scenarios))} | scenarios
