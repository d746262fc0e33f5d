"""The simulator page's save panel: the current inputs saved to the scenario library, under a name, with a note."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from simulator import Scenario
from simulator.i18n import _, date_text
from simulator.store import LibraryError
from ui.library import library
from ui.store import library_changed, scenario_library
from ui.text import plain

# Session-state key: a save just succeeded, so the whole page reruns (the panel is in a fragment) and the
# sidebar's picker lists the new entry.
SAVED = "saved_just_now"


def save_current(store, scenario: Scenario) -> None:
    """Save button callback: runs before the page reruns, so the picker lists the new entry and the note clears."""
    state = st.session_state
    try:
        saved = store.save(
            replace(scenario, name=state["save_name"].strip()),
            state.get("save_note", ""),
            overwrite=state.get("save_overwrite", False),
        )
    except LibraryError as error:
        state["save_message"] = (st.error, str(error))
    else:
        library_changed()
        # The page is on the saved scenario now, so the share link carries the name it was saved under.
        picks = library()
        state["picker"] = next((n for n in (f"{saved.name} (saved)", saved.name) if n in picks), state["picker"])
        state["save_note"] = ""  # a note belongs to one save, not to the next
        state[SAVED] = True
        state["save_message"] = (
            st.success,
            # TRANSLATORS: {day} is a date ("9 Feb 2026"), {time} the hour and minute ("14:05")
            _(
                "Saved {name} at {day} {time} UTC. It is in the scenario picker and on the Compare and Library "
                "pages."
            ).format(name=repr(saved.name), day=date_text(saved.modified_at), time=f"{saved.modified_at:%H:%M}"),
        )


def save_panel(scenario: Scenario) -> None:
    """Save the current inputs to the scenario library, under a name, with a note."""
    store, problem = scenario_library()
    if store is None:
        st.warning(
            _(
                "The scenario library is not available, so scenarios can't be saved right now: {problem} "
                "Everything else works."
            ).format(problem=plain(problem))
        )
        return
    name, note, overwrite, button = st.columns([2, 3, 1.2, 1.2], vertical_alignment="bottom")
    name.text_input(_("Save as"), key="save_name", max_chars=200, help=_("A name in any language."))
    # TRANSLATORS: a note kept with a saved scenario
    note.text_input(_("Note"), key="save_note", placeholder=_("What this scenario assumes, who agreed it…"))
    overwrite.checkbox(
        # TRANSLATORS: a checkbox: replace a saved scenario of the same name
        _("Replace"),
        key="save_overwrite",
        help=_("Replace a saved scenario of the same name instead of refusing."),
    )
    button.button(
        _("Save to library"),
        key="save",
        icon=":material/save:",
        width="stretch",
        on_click=save_current,
        args=(store, scenario),
    )
    if st.session_state.pop(SAVED, False):
        st.rerun()  # the whole page: the message below shows in that run
    if "save_message" in st.session_state:
        show, message = st.session_state.pop("save_message")
        show(plain(message))
