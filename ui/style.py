"""The app's few style rules, in one place: room for the headline and the first chart on a 1366x768 projector,
and the page mirrored for a right-to-left language.

Static CSS only; user text never goes through here.

Streamlit has no right-to-left switch (streamlit/streamlit#552), so this is the one place the page is mirrored:
text, the sidebar, metrics, tables and forms read right to left. Charts and sliders stay left to right (time and
amounts grow to the right, as on the axes of any Arabic business chart with Latin digits), and numbers inside
right-to-left text are isolated left to right by :func:`simulator.i18n.numbers.isolated`.
"""

import streamlit as st

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.6rem; padding-bottom: 2rem; }
[data-testid="stSidebarUserContent"] { padding-top: 1rem; }
</style>
"""

_RIGHT_TO_LEFT_CSS = """
<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] { direction: rtl; }
.stApp p, .stApp li, .stApp label, .stApp h1, .stApp h2, .stApp h3, .stApp h4, .stApp h5,
[data-testid="stMetric"], [data-testid="stCaptionContainer"], [data-testid="stAlert"] { text-align: right; }
[data-testid="stPlotlyChart"], [data-testid="stSlider"] [role="group"], .stVegaLiteChart {
  direction: ltr;
}
</style>
"""


def apply_style(right_to_left: bool = False) -> None:
    """Tighten Streamlit's default top padding, which is sized for a page title we don't use; mirror the page
    for a right-to-left language."""
    st.html(_CSS + (_RIGHT_TO_LEFT_CSS if right_to_left else ""))
