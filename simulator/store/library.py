"""The scenario library: named scenarios with notes, kept in a SQL database through SQLAlchemy.

A SQLite file by default, or any SQLAlchemy URL (PostgreSQL: ``postgresql+psycopg://user:pass@host/db``).
Each scenario is stored as its one-row scenario CSV (the same columns as the files people exchange), so a
saved scenario reproduces its results exactly and stays readable in the database itself. Every change is
one transaction: a failed save, rename or import leaves the library as it was.

The schema is created on first use and carries its version in ``library_meta``: an app that finds a newer
schema refuses to write to it. Sessions opening a new library at once race to create it; the losers, known by
the database's own error codes (PostgreSQL's SQLSTATE, SQLite's result codes), try again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.model.scenario import Scenario

SCHEMA_VERSION = 1
SCHEMA_ATTEMPTS = 6
MAX_NAME_LENGTH = 200
#: PostgreSQL's SQLSTATE for a duplicate key.
UNIQUE_VIOLATION = "23505"
#: SQLSTATEs of losing a race to another session: a duplicate key, a table just created by it
#: (duplicate_table), serialization_failure, deadlock_detected, lock_not_available.
RACE_SQLSTATES = frozenset({UNIQUE_VIOLATION, "42P07", "40001", "40P01", "55P03"})
#: SQLite's extended result codes for a duplicate key.
SQLITE_DUPLICATE_KEY = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})
#: SQLite's primary result codes for a database another connection is writing to.
SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})

metadata = sa.MetaData()
meta_table = sa.Table(
    "library_meta",
    metadata,
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
scenarios_table = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False, unique=True),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("scenario_csv", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
)


class LibraryError(Exception):
    """A library operation that cannot be done; the message is for the user, as is."""


class OnConflict(StrEnum):
    """What an import does with a scenario whose name the library already has."""

    KEEP_BOTH = "keep both"
    REPLACE = "replace"
    SKIP = "skip"


@dataclass(frozen=True)
class SavedScenario:
    """A scenario in the library.

    Attributes
    ----------
    name : str
    note : str
    scenario : Scenario
        Inputs, target, trials and seed, exactly as saved.
    saved_at, modified_at : datetime
        When it was first saved and last changed (UTC).
    """

    name: str
    note: str
    scenario: Scenario
    saved_at: datetime
    modified_at: datetime


@dataclass(frozen=True)
class ImportReport:
    """How many scenarios an import added, replaced and skipped."""

    added: int
    replaced: int
    skipped: int


class ScenarioLibrary:
    """Named scenarios in a database.

    Parameters
    ----------
    url : str or sqlalchemy.engine.Engine
        A SQLAlchemy URL (``sqlite:///library.sqlite``, ``postgresql+psycopg://...``) or an engine.

    Raises
    ------
    LibraryError
        When the database cannot be reached, the URL is not valid, or the library was
        written by a newer version.

    Examples
    --------
    >>> library = ScenarioLibrary("sqlite://")
    >>> library.save(Scenario(name="Q3 plan"), note="as discussed").name
    'Q3 plan'
    >>> [s.name for s in library.list()]
    ['Q3 plan']
    """

    def __init__(self, url: str | Engine):
        self.engine = url if isinstance(url, Engine) else _engine(url)
        self.where = self.engine.url.render_as_string(hide_password=True)
        for attempt in range(SCHEMA_ATTEMPTS):
            try:
                with self.engine.begin() as connection:
                    _ensure_schema(connection)
                break
            except SQLAlchemyError as error:
                # Two sessions opening a new library at once race to create it: the loser tries again.
                if attempt == SCHEMA_ATTEMPTS - 1 or not _lost_a_race(error):
                    raise LibraryError(
                        f"Cannot open the scenario library at {self.where}: {_reason(error)}"
                    ) from None
                time.sleep(0.05 * (attempt + 1))

    # --- reading ---------------------------------------------------------------------------------

    def list(self) -> list[SavedScenario]:
        """Every saved scenario, by name."""
        with self._connection("read the library") as connection:
            rows = connection.execute(sa.select(scenarios_table).order_by(scenarios_table.c.name)).all()
        return [_saved(row) for row in rows]

    def get(self, name: str) -> SavedScenario:
        """The saved scenario called `name`."""
        with self._connection("read the library") as connection:
            row = connection.execute(sa.select(scenarios_table).where(scenarios_table.c.name == name)).first()
        if row is None:
            raise LibraryError(f"There is no saved scenario called {name!r}.")
        return _saved(row)

    # --- changing --------------------------------------------------------------------------------

    def save(self, scenario: Scenario, note: str = "", *, overwrite: bool = False) -> SavedScenario:
        """Save `scenario` under its name; with `overwrite`, replace one of the same name."""
        with self._transaction("save the scenario") as connection:
            return _upsert(connection, scenario, note, overwrite=overwrite)

    def rename(self, name: str, new_name: str) -> SavedScenario:
        """Give a saved scenario a new name."""
        with self._transaction("rename the scenario") as connection:
            saved = _saved(_row(connection, name))
            _check_name(new_name)
            if new_name != name and _exists(connection, new_name):
                raise LibraryError(f"A scenario called {new_name!r} is already saved; pick another name.")
            connection.execute(
                scenarios_table.update()
                .where(scenarios_table.c.name == name)
                .values(
                    name=new_name, scenario_csv=_csv(replace(saved.scenario, name=new_name)), modified_at=_now()
                )
            )
            return _saved(_row(connection, new_name))

    def duplicate(self, name: str, new_name: str) -> SavedScenario:
        """Save a copy of a saved scenario, note included, under `new_name`."""
        with self._transaction("duplicate the scenario") as connection:
            saved = _saved(_row(connection, name))
            return _upsert(connection, replace(saved.scenario, name=new_name), saved.note, overwrite=False)

    def set_note(self, name: str, note: str) -> SavedScenario:
        """Replace a saved scenario's note."""
        with self._transaction("change the note") as connection:
            _row(connection, name)
            connection.execute(
                scenarios_table.update()
                .where(scenarios_table.c.name == name)
                .values(note=note, modified_at=_now())
            )
            return _saved(_row(connection, name))

    def delete(self, name: str) -> None:
        """Remove a saved scenario."""
        with self._transaction("delete the scenario") as connection:
            _row(connection, name)
            connection.execute(scenarios_table.delete().where(scenarios_table.c.name == name))

    def import_scenarios(
        self, scenarios: Iterable[Scenario], on_conflict: OnConflict, notes: Iterable[str] | None = None
    ) -> ImportReport:
        """Save many scenarios in one transaction: all of them, or none if one fails.

        Parameters
        ----------
        scenarios : iterable of Scenario
        on_conflict : OnConflict
            For a name already saved: keep both (the new one gets " (2)", " (3)"...), replace it, or skip it.
        notes : iterable of str, optional
            One note per scenario (an exported library file carries them); none is an empty note.
        """
        scenarios = list(scenarios)
        notes = list(notes) if notes is not None else [""] * len(scenarios)
        added = replaced = skipped = 0
        with self._transaction("import the scenarios") as connection:
            for scenario, note in zip(scenarios, notes, strict=True):
                exists = _exists(connection, scenario.name)
                if exists and on_conflict is OnConflict.SKIP:
                    skipped += 1
                    continue
                if exists and on_conflict is OnConflict.KEEP_BOTH:
                    scenario = replace(scenario, name=_free_name(connection, scenario.name))
                _upsert(connection, scenario, note, overwrite=on_conflict is OnConflict.REPLACE)
                replaced += exists and on_conflict is OnConflict.REPLACE
                added += not (exists and on_conflict is OnConflict.REPLACE)
        return ImportReport(added, replaced, skipped)

    def export(self, names: Iterable[str] | None = None) -> list[Scenario]:
        """The saved scenarios (all, or those named), ready for :func:`simulator.formats.write_scenarios`."""
        saved = self.list()
        if names is not None:
            wanted = set(names)
            saved = [s for s in saved if s.name in wanted]
        return [s.scenario for s in saved]

    # --- plumbing --------------------------------------------------------------------------------

    def _connection(self, doing: str):
        return _Guard(self.engine.connect, doing, self.where)

    def _transaction(self, doing: str):
        return _Guard(self.engine.begin, doing, self.where)


class _Guard:
    """A connection or transaction whose database errors become one plain LibraryError."""

    def __init__(self, opener, doing: str, where: str):
        self.opener, self.doing, self.where = opener, doing, where

    def __enter__(self):
        try:
            self.context = self.opener()
            return self.context.__enter__()
        except SQLAlchemyError as error:
            raise LibraryError(
                f"Cannot {self.doing}: the library at {self.where} is not reachable ({_reason(error)})."
            ) from None

    def __exit__(self, kind, error, traceback):
        try:
            self.context.__exit__(kind, error, traceback)  # commits, or rolls back on any error
        except SQLAlchemyError as failure:
            error = failure
        if isinstance(error, SQLAlchemyError) and _duplicate_key(error):
            raise LibraryError(
                f"Cannot {self.doing}: another session saved the same name at the same moment. "
                "Nothing was changed; try again."
            ) from None
        if isinstance(error, SQLAlchemyError) and _lost_a_race(error):
            raise LibraryError(
                f"Cannot {self.doing}: another session was changing the library at the same moment. "
                "Nothing was changed; try again."
            ) from None
        if isinstance(error, SQLAlchemyError):
            raise LibraryError(f"Cannot {self.doing}: {_reason(error)}. Nothing was changed.") from None
        return False


def _engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            # Several sessions write at once: wait for the lock instead of failing.
            engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise LibraryError(
            f"The library address is not a database URL SQLAlchemy understands ({error}). "
            "Use e.g. sqlite:///library.sqlite or postgresql+psycopg://user@host/db."
        ) from None


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.close()


def _ensure_schema(connection) -> None:
    # IF NOT EXISTS, not a check then a CREATE: a table another session creates in between is no error.
    for table in metadata.sorted_tables:
        connection.execute(sa.schema.CreateTable(table, if_not_exists=True))
    found = connection.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar()
    if found is None:
        connection.execute(meta_table.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        return
    if found != str(SCHEMA_VERSION):
        # Version 1 is the first: any other is a later app's (or not this app's library at all).
        raise LibraryError(
            f"The library was written by a newer version of this app (schema {found}); "
            f"this one knows schema {SCHEMA_VERSION}. Update the app to open it."
        )


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise LibraryError("A saved scenario needs a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise LibraryError(f"Names can have at most {MAX_NAME_LENGTH} characters; this one has {len(name)}.")


def _upsert(connection, scenario: Scenario, note: str, *, overwrite: bool) -> SavedScenario:
    _check_name(scenario.name)
    now = _now()
    if _exists(connection, scenario.name):
        if not overwrite:
            raise LibraryError(
                f"A scenario called {scenario.name!r} is already saved: save it under another name, or replace it."
            )
        connection.execute(
            scenarios_table.update()
            .where(scenarios_table.c.name == scenario.name)
            .values(note=note, scenario_csv=_csv(scenario), modified_at=now)
        )
    else:
        connection.execute(
            scenarios_table.insert().values(
                name=scenario.name, note=note, scenario_csv=_csv(scenario), saved_at=now, modified_at=now
            )
        )
    return _saved(_row(connection, scenario.name))


def _row(connection, name: str):
    row = connection.execute(sa.select(scenarios_table).where(scenarios_table.c.name == name)).first()
    if row is None:
        raise LibraryError(f"There is no saved scenario called {name!r}.")
    return row


def _exists(connection, name: str) -> bool:
    return (
        connection.execute(sa.select(scenarios_table.c.id).where(scenarios_table.c.name == name)).first()
        is not None
    )


def _free_name(connection, name: str) -> str:
    number = 2
    while _exists(connection, f"{name} ({number})"):
        number += 1
    return f"{name} ({number})"


def _csv(scenario: Scenario) -> str:
    return write_scenarios([scenario])


def _saved(row) -> SavedScenario:
    (scenario,) = read_scenarios(row.scenario_csv)
    return SavedScenario(
        row.name, row.note, replace(scenario, name=row.name), _utc(row.saved_at), _utc(row.modified_at)
    )


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlstate(error: SQLAlchemyError) -> str | None:
    """PostgreSQL's SQLSTATE of the error (psycopg 3, or psycopg2's ``pgcode``); None from other databases."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)


def _sqlite_code(error: SQLAlchemyError) -> int | None:
    """SQLite's extended result code of the error; None from other databases."""
    original = getattr(error, "orig", None)
    return original.sqlite_errorcode if isinstance(original, sqlite3.Error) else None


def _duplicate_key(error: SQLAlchemyError) -> bool:
    """Whether the database refused a row whose key (a name, the schema version) another session just wrote."""
    return _sqlstate(error) == UNIQUE_VIOLATION or _sqlite_code(error) in SQLITE_DUPLICATE_KEY


def _lost_a_race(error: SQLAlchemyError) -> bool:
    """Whether the error only means another session got there first (a duplicate key, a lock): worth a retry.

    Recognised by the database's error code, never its message, which may be in any language.
    """
    code = _sqlite_code(error)
    busy = code is not None and code & 0xFF in SQLITE_BUSY  # the low byte is the primary result code
    return _sqlstate(error) in RACE_SQLSTATES or _duplicate_key(error) or busy


def _reason(error: Exception) -> str:
    """The database's own first line, without SQLAlchemy's wrapping and links."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
