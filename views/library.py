"""Library page: the saved scenarios, with rename, duplicate, note, delete, and CSV export and import.

Widgets in, the library (simulator/store/) changed in one transaction per action, tables out. Nothing is
simulated while the page is shown: the export's results are made when their button is clicked
(:mod:`ui.library_export`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator.files.scenario_csv import (
    ScenarioFileError,
    read_scenarios_with_notes,
    recomputed_results_note,
)
from simulator.store import LibraryError, OnConflict
from ui.library_export import export
from ui.store import library_changed, scenario_library
from ui.text import plain


def attempt(action, done: str) -> None:
    """Run one library change and say how it went."""
    try:
        action()
        library_changed()
    except LibraryError as error:
        st.session_state["library_message"] = ("error", str(error))
    else:
        st.session_state["library_message"] = ("success", done)


def manage(store, saved) -> None:
    names = [s.name for s in saved]
    name = st.selectbox("Scenario", names, key="library_pick")
    entry = next(s for s in saved if s.name == name)
    rename, duplicate, note, delete = st.columns(4)
    with rename:
        new_name = st.text_input("New name", value=name, key=f"rename_{name}", max_chars=200)
        if st.button("Rename", key="rename", width="stretch"):
            attempt(lambda: store.rename(name, new_name.strip()), f"Renamed {name!r} to {new_name.strip()!r}.")
            st.rerun()
    with duplicate:
        copy_name = st.text_input("Copy's name", value=f"{name} (copy)", key=f"copy_{name}", max_chars=200)
        if st.button("Duplicate", key="duplicate", width="stretch"):
            attempt(lambda: store.duplicate(name, copy_name.strip()), f"Saved a copy as {copy_name.strip()!r}.")
            st.rerun()
    with note:
        text = st.text_input("Note", value=entry.note, key=f"note_{name}")
        if st.button("Save note", key="set_note", width="stretch"):
            attempt(lambda: store.set_note(name, text), f"Note of {name!r} saved.")
            st.rerun()
    with delete:
        sure = st.checkbox("Yes, delete it", key=f"sure_{name}")
        if st.button("Delete", key="delete", width="stretch", disabled=not sure, type="primary"):
            attempt(lambda: store.delete(name), f"Deleted {name!r}.")
            st.rerun()


def import_file(store) -> None:
    upload = st.file_uploader("Scenario CSV to import", type=["csv"], key="import_file")
    choice = st.radio(
        "When a name is already saved",
        list(OnConflict),
        key="import_conflict",
        format_func=lambda c: {
            "keep both": "Keep both (the new one gets a number)",
            "replace": "Replace the saved one",
            "skip": "Skip it",
        }[c.value],
        horizontal=True,
    )
    if upload is not None and st.button("Import", key="import", icon=":material/upload:"):
        try:
            with_notes = read_scenarios_with_notes(upload.getvalue())
        except ScenarioFileError as error:
            st.session_state["library_message"] = ("error", f"{upload.name}: {error}")
        else:

            def run():
                scenarios, notes = zip(*with_notes, strict=True)
                report = store.import_scenarios(scenarios, choice, notes)
                recomputed = recomputed_results_note(upload.getvalue())
                st.session_state["import_report"] = " ".join(
                    filter(
                        None,
                        (
                            f"Imported {upload.name}: {report.added} added, "
                            f"{report.replaced} replaced, {report.skipped} skipped.",
                            recomputed,
                        ),
                    )
                )

            attempt(run, "")
            if st.session_state["library_message"][0] == "success":
                st.session_state["library_message"] = ("success", st.session_state.pop("import_report"))
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="Scenario library", page_icon=":material/target:", layout="wide")
    st.title("Scenario library")
    store, problem = scenario_library()
    if store is None:
        st.error(f"{plain(problem)} The simulator works without the library; see README for where it lives.")
        return
    st.caption(f"Saved in {store.where}")
    kind, text = st.session_state.pop("library_message", (None, None))
    if kind:
        (st.success if kind == "success" else st.error)(plain(text))
    try:
        saved = store.list()
    except LibraryError as error:
        st.error(plain(str(error)))
        return
    if saved:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Name": s.name,
                        "Note": s.note,
                        "Target": s.scenario.target.describe(),
                        "Saved (UTC)": f"{s.saved_at:%Y-%m-%d %H:%M}",
                        "Modified (UTC)": f"{s.modified_at:%Y-%m-%d %H:%M}",
                    }
                    for s in saved
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        st.subheader("Change one")
        manage(store, saved)
        st.subheader("Export")
        export(saved)
    else:
        st.info("Nothing saved yet: save a scenario from the simulator page, or import a scenario CSV below.")
    st.subheader("Import")
    import_file(store)


main()
