"""The session's language and currency: picked in the sidebar, kept in the share link, applied to every run.

Every run of a page, and every run of a fragment alone, starts with :func:`use_session_locale`, which sets the
language and currency :mod:`simulator.i18n` writes in for that run.
"""

from __future__ import annotations

import streamlit as st

from simulator.i18n import LANGUAGES, SOURCE_LANGUAGE, language_of, set_currency, set_language
from simulator.i18n.translation import DEFAULT_CURRENCY

LANGUAGE_KEY, CURRENCY_KEY = "language", "currency"


def use_session_locale() -> None:
    """Write this run in the session's language and currency (the browser's language on a session's first run)."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = language_of(st.context.locale)
    code = st.session_state[LANGUAGE_KEY]
    set_language(code if code in LANGUAGES else SOURCE_LANGUAGE)
    set_currency(st.session_state.get(CURRENCY_KEY, DEFAULT_CURRENCY))
