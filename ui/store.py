"""Where the app's scenario library lives, and opening it once per server.

The address is, first found: the environment variable ``FUNNEL_LIBRARY_URL``; ``url`` under ``[library]`` in
``.streamlit/secrets.toml``; else a SQLite file ``library.sqlite`` beside the app. Any SQLAlchemy URL works,
PostgreSQL included (``postgresql+psycopg://user:password@host:5432/database``); several app servers given the
same PostgreSQL address share one library.

A library that cannot be opened or read is remembered as such for a few seconds: every page asks for it on
every rerun (the pickers list the saved scenarios), and an unreachable host costs a connection timeout each
time, so the rest of the app would crawl while the database is away.
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


#: How long another server's saves may take to show in the pickers; this server's own show at once.
SAVED_LIST_SECONDS = 30
#: How long a library that could not be opened is taken as unavailable before the next attempt.
OUTAGE_SECONDS = 15


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ScenarioLibrary:
    return ScenarioLibrary(url)


@st.cache_data(ttl=OUTAGE_SECONDS, max_entries=4, show_spinner=False)
def _open_problem(url: str) -> str | None:
    """Why the library at `url` cannot be opened, or None once it is open (then :func:`_open` holds it)."""
    try:
        _open(url)
    except LibraryError as error:
        return str(error)
    return None


@st.cache_data(ttl=SAVED_LIST_SECONDS, max_entries=4, show_spinner=False)
def _saved(url: str) -> list[SavedScenario] | str:
    """The saved scenarios, or why they cannot be read (remembered too, until the library changes)."""
    try:
        return _open(url).list()
    except LibraryError as error:
        return str(error)


def saved_scenarios() -> list[SavedScenario]:
    """The saved scenarios, read once for every rerun and session of this server until the library changes.

    Raises
    ------
    LibraryError
        When the library cannot be read; the pickers go without it until it changes here or the list's
        seconds are up.
    """
    saved = _saved(library_url())
    if isinstance(saved, str):
        raise LibraryError(saved)
    return saved


def library_changed() -> None:
    """Call after every change to the library, so that every session's pickers list it at once."""
    _saved.clear()


def scenario_library() -> tuple[ScenarioLibrary | None, str | None]:
    """The library and None, or None and a plain message saying why it cannot be used right now."""
    url = library_url()
    problem = _open_problem(url)
    return (None, problem) if problem is not None else (_open(url), None)
