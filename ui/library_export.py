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
from simulator.files.dialect import STANDARD, Dialect
from simulator.files.scenario_csv import write_scenarios
from simulator.i18n import _, ngettext, number_text
from simulator.store import SavedScenario
from ui.csv_buttons import local_csv_button
from ui.text import plain


def file_stem() -> str:
    """The exported file's name in the run's language, without its extension."""
    # TRANSLATORS: the name of a downloaded file, without its extension (.csv is added)
    return _("scenario_library")


def beyond_budget(saved: list[SavedScenario]) -> dict[str, str]:
    """Why each saved scenario the server may not run is beyond its work budget, by name."""
    problems = {}
    for entry in saved:
        try:
            check_work(entry.scenario)
        except InputError as error:
            problems[entry.name] = str(error)
    return problems


def csv_of_inputs(saved: list[SavedScenario], dialect: Dialect = STANDARD) -> str:
    """Every scenario's inputs and note: nothing simulated."""
    return write_scenarios([s.scenario for s in saved], notes=[s.note for s in saved], dialect=dialect)


def csv_with_results(saved: list[SavedScenario], dialect: Dialect = STANDARD) -> str:
    """The scenarios within the work budget, with their notes and results, simulated one after another."""
    runnable = [s for s in saved if s.name not in beyond_budget(saved)]
    answers = [evaluate(simulate(s.scenario)) for s in runnable]
    notes = [s.note for s in runnable]
    return write_scenarios([s.scenario for s in runnable], answers, notes=notes, dialect=dialect)


def export(saved: list[SavedScenario]) -> None:
    """The export controls: which scenarios, a CSV of their inputs, and a CSV with results made on click."""
    names = st.multiselect(
        _("Scenarios to export"), [s.name for s in saved], default=[s.name for s in saved], key="export_names"
    )
    chosen = [s for s in saved if s.name in names]
    if not chosen:
        return
    problems = beyond_budget(chosen)
    inputs, results = st.columns(2)
    inputs_label = _("Library CSV (inputs and notes)")
    inputs.download_button(
        inputs_label,
        csv_of_inputs(chosen),
        key="export",
        file_name=f"{file_stem()}.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    local_csv_button(
        inputs, inputs_label, lambda dialect: csv_of_inputs(chosen, dialect), file_stem(), key="export_local"
    )
    runnable = len(chosen) - len(problems)
    results_label = ngettext(
        "Library CSV with results ({count} to simulate)",
        "Library CSV with results ({count} to simulate)",
        runnable,
    ).format(count=number_text(runnable))
    results.download_button(
        results_label,
        lambda: csv_with_results(chosen),  # simulated when clicked, never on a rerun
        key="export_results",
        file_name=f"{file_stem()}.csv",
        mime="text/csv",
        icon=":material/calculate:",
        width="stretch",
        disabled=runnable == 0,
        help=_("Simulates each scenario when clicked, one after another, and adds its odds and percentiles."),
    )
    if runnable:
        local_csv_button(
            results,
            results_label,
            lambda dialect: csv_with_results(chosen, dialect),
            file_stem(),
            key="export_results_local",
        )
    if problems:
        shown = "; ".join(f"**{plain(name)}**: {plain(reason)}" for name, reason in list(problems.items())[:3])
        if len(problems) > 3:
            more = len(problems) - 3
            shown = ngettext("{shown} (and {count} more)", "{shown} (and {count} more)", more).format(
                shown=shown, count=number_text(more)
            )
        st.warning(
            _(
                "Beyond what this server may simulate, so left out of the file with results: {scenarios}. "
                "Open one on the simulator page and lower what its message names to include it."
            ).format(scenarios=shown)
        )
