"""The app's entry point: the page router.

Pages live in views/, never in a top-level pages/ folder: Streamlit runs such a folder on its own on a fresh
server, bypassing this router.
"""

import streamlit as st

from ui.style import apply_style

st.set_page_config(page_title="Funnel what-if simulator", page_icon=":material/target:", layout="wide")
apply_style()
st.navigation(
    [
        st.Page("views/simulator_page.py", title="Simulator", icon=":material/tune:", default=True),
        st.Page("views/goal_breakdown.py", title="Goal breakdown", icon=":material/flag:"),
        st.Page("views/calibrate.py", title="Calibrate", icon=":material/history:"),
        st.Page("views/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("views/library.py", title="Library", icon=":material/folder_open:"),
    ],
    position="top",  # the sidebar is for the inputs: at 1366x768 the key levers fit above the fold
).run()
