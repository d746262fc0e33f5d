"""A session's first simulator page comes with the answer first; the inputs and charts follow once it is painted.

The browser loads the code of each kind of element when a page first uses one, then builds every element sent, and
draws nothing new meanwhile: plotly's code takes seconds to load and start (the page drawn whole showed the odds
after 6-7 s), and the sidebar's twenty-odd inputs take about 0.8 s more to load and build. So the first run of the
page in a session draws the target, the answer and what goes with it, and only the scenario picker in the sidebar,
and a tiny component tells the server when the browser has painted that page; the run it asks for draws the
inputs, the charts and the file uploader. Any later run draws them too, so a browser that never sends the signal
still gets them as soon as anything on the page is used.

The signal is a browser event, not a timer: a timer (a ``run_every`` fragment) could fire after the page had moved
on, and Streamlit then dropped the state of every widget on the page (streamlit/streamlit#10805).
"""

from __future__ import annotations

import streamlit as st

#: Session-state key: the simulator page has been drawn once in this session.
DRAWN_ONCE = "drawn_once"

# Two frames after the component mounts: the first paints the page. The JavaScript is ours and fixed: no user
# text ever reaches it.
_painted = st.components.v2.component(
    "funnel_first_paint",
    js="""export default function ({ setTriggerValue }) {
  requestAnimationFrame(() => requestAnimationFrame(() => setTriggerValue("painted", true)));
}""",
)


def before_first_paint() -> bool:
    """True on the session's first run of the page: what holds the first paint back waits for the next run."""
    return not st.session_state.get(DRAWN_ONCE)


def ask_for_the_rest() -> None:
    """Mount the signal: the browser asks for the next run once it has painted this one."""
    st.session_state[DRAWN_ONCE] = True
    _painted(key="first_paint", on_painted_change=lambda: None, height=0)
