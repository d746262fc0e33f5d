"""The session's language and currency: from the share link or the browser, picked in the sidebar, kept in
the link.

Every run of the app starts with :func:`use_session_locale`, which sets the language and currency
:mod:`simulator.i18n` writes in; a fragment's run alone and a widget's callback, which do not pass through the
app's first line, find them in the session (:func:`simulator.i18n.translation.follow_session`).
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from simulator.files.links import CURRENCY_PARAM, LANGUAGE_PARAM
from simulator.i18n import LANGUAGES, _, language, language_of, set_currency, set_language
from simulator.i18n.currencies import currency_choice, current_currencies
from simulator.i18n.translation import DEFAULT_CURRENCY, follow_session
from ui.text import plain

LANGUAGE_KEY, CURRENCY_KEY = "language", "currency"
#: The environment variable that sets the server's default language (``es``, ``ru``, ``ar``, ``en``).
LANGUAGE_ENV = "FUNNEL_LANGUAGE"


def _first_language() -> str:
    """The language of a session whose link names none: the server's ``FUNNEL_LANGUAGE`` when it is set to one
    the app speaks (a team that plans in one language), else the browser's."""
    server_language = os.environ.get(LANGUAGE_ENV, "")
    return server_language if server_language in LANGUAGES else language_of(st.context.locale)


def _from_link() -> None:
    """A session's first run: the link's language and currency when they are ones the app has, else
    :func:`_first_language` and the default currency. A link is untrusted: anything else is said and set aside."""
    linked_language = st.query_params.get(LANGUAGE_PARAM)
    code = linked_language if linked_language in LANGUAGES else _first_language()
    linked_currency = (st.query_params.get(CURRENCY_PARAM) or "").upper()
    currency = linked_currency if linked_currency in current_currencies() else DEFAULT_CURRENCY
    st.session_state[LANGUAGE_KEY], st.session_state[CURRENCY_KEY] = code, currency
    set_language(code)
    if linked_language is not None and linked_language not in LANGUAGES:
        st.toast(
            _("The link's language {value} is not one this app speaks; it is shown in {language}.").format(
                value=plain(repr(linked_language[:20])), language=LANGUAGES[code].name
            )
        )
    if linked_currency and linked_currency != currency:
        st.toast(
            _("The link's currency {value} is not an ISO currency in use; amounts are in {currency}.").format(
                value=plain(repr(linked_currency[:20])), currency=currency
            )
        )


def _session_locale() -> tuple[str, str] | None:
    """The session's language and currency, for a run that has not set them (a fragment's run alone, a widget's
    callback); None outside a session's run, or before the session has them."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    state = st.session_state
    return (state[LANGUAGE_KEY], state[CURRENCY_KEY]) if LANGUAGE_KEY in state and CURRENCY_KEY in state else None


def use_session_locale() -> None:
    """Write this run in the session's language and currency, and let the runs that start elsewhere than the
    page's first line (fragments, callbacks) find them in the session."""
    if LANGUAGE_KEY not in st.session_state or CURRENCY_KEY not in st.session_state:
        _from_link()
    follow_session(_session_locale)
    set_language(st.session_state[LANGUAGE_KEY])
    set_currency(st.session_state[CURRENCY_KEY])


def _picked(setting_key: str) -> None:
    """Keep a picker's choice under the setting's own key, which outlives a run that draws no picker."""
    st.session_state[setting_key] = st.session_state[f"{setting_key}_picker"]


def locale_picker() -> None:
    """The language and currency pickers, at the foot of the sidebar; a change redraws the page in them."""
    for setting_key in (LANGUAGE_KEY, CURRENCY_KEY):
        st.session_state[f"{setting_key}_picker"] = st.session_state[setting_key]
    with st.sidebar:
        st.divider()
        st.selectbox(
            _("Language"),
            list(LANGUAGES),
            format_func=lambda code: LANGUAGES[code].name,
            key=f"{LANGUAGE_KEY}_picker",
            on_change=_picked,
            args=(LANGUAGE_KEY,),
        )
        st.selectbox(
            _("Currency"),
            current_currencies(),
            format_func=lambda code: currency_choice(code, language().locale),
            key=f"{CURRENCY_KEY}_picker",
            on_change=_picked,
            args=(CURRENCY_KEY,),
            help=_("Amounts are written in this currency. Nothing is converted: the inputs are in it too."),
        )


def locale_params() -> dict[str, str]:
    """The share link's parameters for the session's language and currency."""
    return {LANGUAGE_PARAM: st.session_state[LANGUAGE_KEY], CURRENCY_PARAM: st.session_state[CURRENCY_KEY]}


def keep_locale_in_link() -> None:
    """Put the session's language and currency in the share link, where a page has not written them with its own
    parameters (:func:`locale_params`)."""
    for name, value in locale_params().items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
