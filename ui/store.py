"""Where the app's scenario library lives, and opening it once per server.

The address is, first found: the environment variable ``FUNNEL_LIBRARY_URL``; ``url`` under ``[library]`` in
``.streamlit/secrets.toml``; else a SQLite file ``library.sqlite`` beside the app. Any SQLAlchemy URL works,
PostgreSQL included (``postgresql+psycopg://user:password@host:5432/database``).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from simulator.store import LibraryError, SavedScenario, ScenarioLibrary

ENVIRONMENT_VARIABLE = "FUNNEL_LIBRARY_URL"
DEFAULT_URL = f"sqlite:///{Path(__file__).parent.parent / 'library.sqlite'}"


def library_url() -> str:
    """The configured library address (see the module docstring)."""
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return os.environ[ENVIRONMENT_VARIABLE]
    try:
        configured = st.secrets.get("library", {}).get("url")
    except (FileNotFoundError, KeyError, AttributeError):  # no secrets file is the usual case
        configured = None
    return configured or DEFAULT_URL


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ScenarioLibrary:
    return ScenarioLibrary(url)


#: How long another server's saves may take to show in the pickers; this server's own show at once.
SAVED_LIST_SECONDS = 30


@st.cache_data(ttl=SAVED_LIST_SECONDS, max_entries=4, show_spinner=False)
def _saved(url: str) -> list[SavedScenario]:
    return _open(url).list()


def saved_scenarios() -> list[SavedScenario]:
    """The saved scenarios, read once for every rerun and session of this server until the library changes.

    Raises
    ------
    LibraryError
        When the library cannot be read (not cached: the next rerun tries again).
    """
    return _saved(library_url())


def library_changed() -> None:
    """Call after every change to the library, so that every session's pickers list it at once."""
    _saved.clear()


def scenario_library() -> tuple[ScenarioLibrary | None, str | None]:
    """The library and None, or None and a plain message saying why it cannot be used right now."""
    try:
        return _open(library_url()), None
    except LibraryError as error:  # not cached: the next rerun tries again
        return None, str(error)
