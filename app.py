"""The app's entry point: the page router, and the one place a page's unexpected error is caught.

Pages live in views/, never in a top-level pages/ folder: Streamlit runs such a folder on its own on a fresh
server, bypassing this router.

A page meets bad input with a plain message of its own; bad input a page lets through still gets the model's
plain sentence (:class:`~simulator.model.checks.InputError` names the field and what is allowed). Anything else
that goes wrong on a page is caught here: the page says so in plain words, the traceback goes to the server's log
(never to the browser, whose users need not see the server's file paths; ``client.showErrorDetails = "none"`` in
.streamlit/config.toml does the same for anything that escapes), and the other pages and the session's inputs
carry on. ``st.rerun`` and ``st.stop`` are Streamlit's control flow, exceptions outside ``Exception``
(``ScriptControlException`` derives from ``BaseException``), so they pass through.
"""

import logging

import streamlit as st
from streamlit.errors import FragmentHandledException

from simulator import InputError
from simulator.i18n import _, language
from ui.locale_settings import keep_locale_in_link, locale_picker, use_session_locale
from ui.style import apply_style
from ui.text import plain

logger = logging.getLogger("funnel.app")

use_session_locale()
st.set_page_config(page_title=_("Funnel what-if simulator"), page_icon=":material/target:", layout="wide")
apply_style(right_to_left=language().right_to_left)
page = st.navigation(
    [
        st.Page("views/simulator_page.py", title=_("Simulator"), icon=":material/tune:", default=True),
        st.Page("views/goal_breakdown.py", title=_("Goal breakdown"), icon=":material/flag:"),
        st.Page("views/calibrate.py", title=_("Calibrate"), icon=":material/history:"),
        st.Page("views/weekly_review.py", title=_("Weekly review"), icon=":material/event_upcoming:"),
        st.Page("views/compare.py", title=_("Compare"), icon=":material/compare_arrows:"),
        st.Page("views/library.py", title=_("Library"), icon=":material/folder_open:"),
    ],
    position="top",  # the sidebar is for the inputs: at 1366x768 the key levers fit above the fold
)
try:
    page.run()
except FragmentHandledException:
    raise  # a fragment's error: Streamlit has shown and logged it already
except InputError as error:  # bad input a page did not catch itself: still the model's plain sentence
    logger.warning("The %s page let bad input through: %s", page.title, error)
    st.error(
        _("These inputs can't be simulated: {reason}.").format(reason=plain(str(error))), icon=":material/error:"
    )
except Exception:
    logger.exception("The %s page failed", page.title)
    st.error(
        _(
            "Something went wrong on the {page} page, and it stopped here. Your inputs are kept and the other "
            "pages work; changing an input or opening the page again usually gets past it. The details are in the "
            "server's log for whoever runs this app."
        ).format(page=page.title),
        icon=":material/error:",
    )
finally:
    locale_picker()
    keep_locale_in_link()
