"""The app's few style rules, in one place: room for the headline and the first chart on a 1366x768 projector.

Static CSS only; user text never goes through here.
"""

import streamlit as st

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.6rem; padding-bottom: 2rem; }
[data-testid="stSidebarUserContent"] { padding-top: 1rem; }
</style>
"""


def apply_style() -> None:
    """Tighten Streamlit's default top padding, which is sized for a page title we don't use."""
    st.html(_CSS)
