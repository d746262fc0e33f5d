"""What a shared link could not give as it was: one collapsed line above the headline, the notices inside.

A crafted link can carry hundreds of bad values; shown one box each, they would push the odds off the screen.
"""

from __future__ import annotations

import streamlit as st

from simulator.i18n import ngettext, number_text
from ui.text import plain

#: Session-state key of the notices about the link the page opened on, kept until another scenario is opened.
LINK_NOTICES = "link_notices"


def link_notices() -> None:
    """The link's notices, if any, in one collapsed expander that says how many there are."""
    notices = st.session_state.get(LINK_NOTICES)
    if not notices:
        return
    count = len(notices)
    label = ngettext(
        "{count} link value was not used as given", "{count} link values were not used as given", count
    ).format(count=number_text(count))
    with st.expander(label, icon=":material/warning:"):
        st.warning("\n".join(f"- {plain(notice)}" for notice in notices))
