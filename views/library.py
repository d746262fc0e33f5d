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
from simulator.i18n import N_, _, number_text
from simulator.store import LibraryError, OnConflict
from ui.library_export import export
from ui.store import library_changed, scenario_library
from ui.text import plain

#: What an import does with a name already saved, as the choice shows it (translated where shown).
ON_CONFLICT_CHOICES = {
    OnConflict.KEEP_BOTH: N_("Keep both (the new one gets a number)"),
    OnConflict.REPLACE: N_("Replace the saved one"),
    OnConflict.SKIP: N_("Skip it"),
}


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
    name = st.selectbox(_("Scenario"), names, key="library_pick")
    entry = next(s for s in saved if s.name == name)
    rename, duplicate, note, delete = st.columns(4)
    with rename:
        new_name = st.text_input(_("New name"), value=name, key=f"rename_{name}", max_chars=200)
        if st.button(_("Rename"), key="rename", width="stretch"):
            attempt(
                lambda: store.rename(name, new_name.strip()),
                _("Renamed {old} to {new}.").format(old=repr(name), new=repr(new_name.strip())),
            )
            st.rerun()
    with duplicate:
        copy_name = st.text_input(
            _("Copy's name"), value=_("{name} (copy)").format(name=name), key=f"copy_{name}", max_chars=200
        )
        if st.button(_("Duplicate"), key="duplicate", width="stretch"):
            attempt(
                lambda: store.duplicate(name, copy_name.strip()),
                _("Saved a copy as {name}.").format(name=repr(copy_name.strip())),
            )
            st.rerun()
    with note:
        # TRANSLATORS: a scenario's note in the library (a noun): its label, and the column of the table.
        text = st.text_input(_("Note"), value=entry.note, key=f"note_{name}")
        if st.button(_("Save note"), key="set_note", width="stretch"):
            attempt(lambda: store.set_note(name, text), _("Note of {name} saved.").format(name=repr(name)))
            st.rerun()
    with delete:
        sure = st.checkbox(_("Yes, delete it"), key=f"sure_{name}")
        if st.button(_("Delete"), key="delete", width="stretch", disabled=not sure, type="primary"):
            attempt(lambda: store.delete(name), _("Deleted {name}.").format(name=repr(name)))
            st.rerun()


def import_file(store) -> None:
    upload = st.file_uploader(_("Scenario CSV to import"), type=["csv"], key="import_file")
    choice = st.radio(
        _("When a name is already saved"),
        list(OnConflict),
        key="import_conflict",
        format_func=lambda c: _(ON_CONFLICT_CHOICES[c]),
        horizontal=True,
    )
    # TRANSLATORS: a button: import the scenarios of the file.
    if upload is not None and st.button(_("Import"), key="import", icon=":material/upload:"):
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
                            _("Imported {file}: {added} added, {replaced} replaced, {skipped} skipped.").format(
                                file=upload.name,
                                added=number_text(report.added),
                                replaced=number_text(report.replaced),
                                skipped=number_text(report.skipped),
                            ),
                            recomputed,
                        ),
                    )
                )

            attempt(run, "")
            if st.session_state["library_message"][0] == "success":
                st.session_state["library_message"] = ("success", st.session_state.pop("import_report"))
        st.rerun()


def main() -> None:
    st.set_page_config(page_title=_("Scenario library"), page_icon=":material/target:", layout="wide")
    st.title(_("Scenario library"))
    store, problem = scenario_library()
    if store is None:
        st.error(
            _("{problem} The simulator works without the library; see README for where it lives.").format(
                problem=plain(problem)
            )
        )
        return
    st.caption(_("Saved in {where}").format(where=store.where))
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
                        _("Name"): s.name,
                        _("Note"): s.note,
                        _("Target"): s.scenario.target.describe(),
                        _("Saved (UTC)"): f"{s.saved_at:%Y-%m-%d %H:%M}",
                        _("Modified (UTC)"): f"{s.modified_at:%Y-%m-%d %H:%M}",
                    }
                    for s in saved
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        st.subheader(_("Change one"))
        manage(store, saved)
        # TRANSLATORS: a section's title: exporting the saved scenarios to a file.
        st.subheader(_("Export"))
        export(saved)
    else:
        st.info(_("Nothing saved yet: save a scenario from the simulator page, or import a scenario CSV below."))
    # TRANSLATORS: a section's title: importing scenarios from a file.
    st.subheader(_("Import"))
    import_file(store)


main()
