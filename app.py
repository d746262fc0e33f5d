"""The app's entry point: the page router.

Pages live in views/, never in a top-level pages/ folder: Streamlit runs such a folder on its own on a fresh
server, bypassing this router.
"""

import streamlit as st

st.set_page_config(page_title="Funnel what-if simulator", page_icon=":material/target:", layout="wide")
st.navigation(
    [
        st.Page("views/simulator.py", title="Simulator", icon=":material/tune:", default=True),
        st.Page("views/goal_breakdown.py", title="Goal breakdown", icon=":material/flag:"),
        st.Page("views/calibrate.py", title="Calibrate", icon=":material/history:"),
        st.Page("views/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("views/library.py", title="Library", icon=":material/folder_open:"),
    ]
).run()
