"""The odds first: on a session's first visit, the rest of the simulator page follows a moment later.

The browser paints nothing of a page until it has loaded the code of every kind of element in it (plotly's alone
takes about 3 s here), so the first run draws the target, the headline and the SMART check, and leaves a note
where the charts go; once the browser has painted that, its timer asks for the whole page again.
"""

import streamlit as st

#: Session-state key: the whole page has been drawn once in this session (the browser has every element's code).
FIRST_PAINT_DONE = "first_paint_done"
_ASKED = "rest_of_page_asked"
#: How long after the page's run the rest is asked for, in seconds: time for the browser to paint the page.
DELAY_SECONDS = 2.5


def first_paint_done() -> bool:
    """Whether the whole page may be drawn: after the first paint of this session."""
    return st.session_state.get(FIRST_PAINT_DONE, False)


def rest_after_first_paint() -> None:
    """Leave a note where the charts go, and ask for the whole page once the browser has painted this one."""
    st.session_state[_ASKED] = False
    _ask_for_the_rest()


@st.fragment(run_every=DELAY_SECONDS)
def _ask_for_the_rest() -> None:
    state = st.session_state
    if state[_ASKED]:  # run again by the browser's timer, not by the page
        state[FIRST_PAINT_DONE] = True
        st.rerun()
    state[_ASKED] = True
    st.container(height=420, border=False).caption("Drawing the charts…")
