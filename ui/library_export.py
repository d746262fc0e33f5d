"""The Library page's export: the saved scenarios as a scenario CSV, their results simulated only when asked.

A library can hold hundreds of scenarios, some of them beyond what this server may run (a file's five million
trials). The page therefore simulates nothing while it is shown: the CSV of inputs and notes is written at once,
and the CSV with results is made when its button is clicked (Streamlit calls :func:`csv_with_results` then), for
the scenarios within the work budget only. Those beyond it are named on the page, with what to lower, from the
budget's own check, which costs nothing.
"""

from __future__ import annotations

import streamlit as st

from simulator import InputError, evaluate, simulate
from simulator.engine.work_budget import check_work
from simulator.files.scenario_csv import write_scenarios
from simulator.store import SavedScenario
from ui.text import plain

FILE_NAME = "scenario_library.csv"


def beyond_budget(saved: list[SavedScenario]) -> dict[str, str]:
    """Why each saved scenario the server may not run is beyond its work budget, by name."""
    problems = {}
    for entry in saved:
        try:
            check_work(entry.scenario)
        except InputError as error:
            problems[entry.name] = str(error)
    return problems


def csv_of_inputs(saved: list[SavedScenario]) -> str:
    """Every scenario's inputs and note: nothing simulated."""
    return write_scenarios([s.scenario for s in saved], notes=[s.note for s in saved])


def csv_with_results(saved: list[SavedScenario]) -> str:
    """The scenarios within the work budget, with their notes and results, simulated one after another."""
    runnable = [s for s in saved if s.name not in beyond_budget(saved)]
    answers = [evaluate(simulate(s.scenario)) for s in runnable]
    return write_scenarios([s.scenario for s in runnable], answers, notes=[s.note for s in runnable])


def export(saved: list[SavedScenario]) -> None:
    """The export controls: which scenarios, a CSV of their inputs, and a CSV with results made on click."""
    names = st.multiselect(
        "Scenarios to export", [s.name for s in saved], default=[s.name for s in saved], key="export_names"
    )
    chosen = [s for s in saved if s.name in names]
    if not chosen:
        return
    problems = beyond_budget(chosen)
    inputs, results = st.columns(2)
    inputs.download_button(
        "Library CSV (inputs and notes)",
        csv_of_inputs(chosen),
        key="export",
        file_name=FILE_NAME,
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    runnable = len(chosen) - len(problems)
    results.download_button(
        f"Library CSV with results ({runnable:,} to simulate)",
        lambda: csv_with_results(chosen),  # simulated when clicked, never on a rerun
        key="export_results",
        file_name=FILE_NAME,
        mime="text/csv",
        icon=":material/calculate:",
        width="stretch",
        disabled=runnable == 0,
        help="Simulates each scenario when clicked, one after another, and adds its odds and percentiles.",
    )
    if problems:
        shown = "; ".join(f"**{plain(name)}**: {plain(reason)}" for name, reason in list(problems.items())[:3])
        more = f" (and {len(problems) - 3:,} more)" if len(problems) > 3 else ""
        st.warning(
            f"Beyond what this server may simulate, so left out of the file with results: {shown}{more}. "
            "Open one on the simulator page and lower what its message names to include it."
        )
