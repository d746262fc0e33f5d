"""The scenario library: named scenarios with notes, kept in a SQL database through SQLAlchemy.

A SQLite file by default, or any SQLAlchemy URL (PostgreSQL: ``postgresql+psycopg://user:pass@host/db``).
Each scenario is stored as its one-row scenario CSV (the same columns as the files people exchange), so a
saved scenario reproduces its results exactly and stays readable in the database itself. Every change is
one transaction: a failed save, rename or import leaves the library as it was. A change that only collided
with another session's is tried again (:mod:`simulator.store.retry`); the schema lives in
:mod:`simulator.store.schema`, what errors mean in :mod:`simulator.store.errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from simulator.files.money_columns import CANONICAL_CURRENCY
from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.i18n import N_, _, number_text
from simulator.model.scenario import Scenario
from simulator.store.connect import create_library_engine, writing
from simulator.store.errors import LibraryError, duplicate_key
from simulator.store.retry import run_with_retries
from simulator.store.schema import MAX_NAME_LENGTH, check_version, ensure_schema, scenarios_table, schema_version

Result = TypeVar("Result")


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
        self.engine = url if isinstance(url, Engine) else create_library_engine(url)
        self.where = self.engine.url.render_as_string(hide_password=True)
        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        found = self.read_with(N_("open the scenario library"), schema_version)
        if found is None:
            self.write_with(N_("open the scenario library"), ensure_schema)
        else:
            check_version(found)

    # --- reading ---------------------------------------------------------------------------------

    def list(self) -> list[SavedScenario]:
        """Every saved scenario, by name."""
        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        return [_saved(row) for row in self.read_with(N_("read the library"), _all_rows)]

    def get(self, name: str) -> SavedScenario:
        """The saved scenario called `name`."""
        return _saved(self.read_with(N_("read the library"), lambda connection: _row(connection, name)))

    # --- changing --------------------------------------------------------------------------------

    def save(self, scenario: Scenario, note: str = "", *, overwrite: bool = False) -> SavedScenario:
        """Save `scenario` under its name; with `overwrite`, replace one of the same name."""
        return self.write_with(
            # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
            N_("save the scenario"),
            lambda connection: _upsert(connection, scenario, note, overwrite=overwrite),
        )

    def rename(self, name: str, new_name: str) -> SavedScenario:
        """Give a saved scenario a new name."""

        def work(connection: Connection) -> SavedScenario:
            saved = _saved(_row(connection, name))
            _check_name(new_name)
            if new_name != name and _exists(connection, new_name):
                # TRANSLATORS: {name} is the scenario's name, quoted.
                message = _("A scenario called {name} is already saved; pick another name.")
                raise LibraryError(message.format(name=repr(new_name)))
            changed = connection.execute(
                scenarios_table.update()
                .where(scenarios_table.c.name == name)
                .values(
                    name=new_name, scenario_csv=_csv(replace(saved.scenario, name=new_name)), modified_at=_now()
                )
            )
            _one_changed(changed, name)
            return _saved(_row(connection, new_name))

        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        return self.write_with(N_("rename the scenario"), work)

    def duplicate(self, name: str, new_name: str) -> SavedScenario:
        """Save a copy of a saved scenario, note included, under `new_name`."""

        def work(connection: Connection) -> SavedScenario:
            saved = _saved(_row(connection, name))
            return _upsert(connection, replace(saved.scenario, name=new_name), saved.note, overwrite=False)

        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        return self.write_with(N_("duplicate the scenario"), work)

    def set_note(self, name: str, note: str) -> SavedScenario:
        """Replace a saved scenario's note."""

        def work(connection: Connection) -> SavedScenario:
            change = scenarios_table.update().where(scenarios_table.c.name == name)
            changed = connection.execute(change.values(note=note, modified_at=_now()))
            _one_changed(changed, name)
            return _saved(_row(connection, name))

        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        return self.write_with(N_("change the note"), work)

    def delete(self, name: str) -> None:
        """Remove a saved scenario."""

        def work(connection: Connection) -> None:
            _one_changed(connection.execute(scenarios_table.delete().where(scenarios_table.c.name == name)), name)

        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        self.write_with(N_("delete the scenario"), work)

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

        def work(connection: Connection) -> ImportReport:
            added = replaced = skipped = 0
            for scenario, note in zip(scenarios, notes, strict=True):
                exists = _exists(connection, scenario.name)
                if exists and on_conflict is OnConflict.SKIP:
                    skipped += 1
                    continue
                if exists and on_conflict is OnConflict.KEEP_BOTH:
                    _insert_under_a_free_name(connection, scenario, note)
                else:
                    _upsert(connection, scenario, note, overwrite=on_conflict is OnConflict.REPLACE)
                replaced += exists and on_conflict is OnConflict.REPLACE
                added += not (exists and on_conflict is OnConflict.REPLACE)
            return ImportReport(added, replaced, skipped)

        # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
        return self.write_with(N_("import the scenarios"), work)

    def export(self, names: Iterable[str] | None = None) -> list[Scenario]:
        """The saved scenarios (all, or those named), ready for :func:`simulator.formats.write_scenarios`."""
        saved = self.list()
        if names is not None:
            wanted = set(names)
            saved = [s for s in saved if s.name in wanted]
        return [s.scenario for s in saved]

    # --- plumbing --------------------------------------------------------------------------------

    def read_with(self, doing: str, work: Callable[[Connection], Result]) -> Result:
        """``work(connection)`` on a connection, retried when it only collided with another session; `doing`
        completes the error message ("Cannot <doing>: ..."): English, marked with ``N_`` and translated there."""
        return run_with_retries(self.engine.connect, work, doing, self.where)

    def write_with(self, doing: str, work: Callable[[Connection], Result]) -> Result:
        """``work(connection)`` in one transaction, retried like :meth:`read_with`: all of it or nothing."""
        return run_with_retries(writing(self.engine).begin, work, doing, self.where)


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise LibraryError(_("A saved scenario needs a name."))
    if len(name) > MAX_NAME_LENGTH:
        message = _("Names can have at most {most} characters; this one has {count}.")
        raise LibraryError(message.format(most=number_text(MAX_NAME_LENGTH), count=number_text(len(name))))


def _upsert(connection, scenario: Scenario, note: str, *, overwrite: bool) -> SavedScenario:
    _check_name(scenario.name)
    now = _now()
    if _exists(connection, scenario.name):
        if not overwrite:
            # TRANSLATORS: {name} is the scenario's name, quoted.
            message = _("A scenario called {name} is already saved: save it under another name, or replace it.")
            raise LibraryError(message.format(name=repr(scenario.name)))
        changed = connection.execute(
            scenarios_table.update()
            .where(scenarios_table.c.name == scenario.name)
            .values(note=note, scenario_csv=_csv(scenario), modified_at=now)
        )
        if changed.rowcount == 0:  # another session deleted or renamed it since the check
            _insert(connection, scenario, note)
    else:
        _insert(connection, scenario, note)
    return _saved(_row(connection, scenario.name))


def _insert(connection, scenario: Scenario, note: str) -> None:
    """Add a row; a name another session saved in the meantime is the unique index's duplicate key, a lost race."""
    _check_name(scenario.name)
    now = _now()
    connection.execute(
        scenarios_table.insert().values(
            name=scenario.name, note=note, scenario_csv=_csv(scenario), saved_at=now, modified_at=now
        )
    )


def _one_changed(result, name: str) -> None:
    """Refuse a change that found no row: on PostgreSQL, another session may have deleted or renamed it since this
    transaction looked (an UPDATE or DELETE waits for that session, then finds nothing)."""
    if result.rowcount == 0:
        raise LibraryError(_("There is no saved scenario called {name}.").format(name=repr(name)))


def _all_rows(connection: Connection):
    return connection.execute(sa.select(scenarios_table).order_by(scenarios_table.c.name)).all()


def _row(connection, name: str):
    row = connection.execute(sa.select(scenarios_table).where(scenarios_table.c.name == name)).first()
    if row is None:
        # TRANSLATORS: {name} is the scenario's name, quoted.
        raise LibraryError(_("There is no saved scenario called {name}.").format(name=repr(name)))
    return row


def _exists(connection, name: str) -> bool:
    return (
        connection.execute(sa.select(scenarios_table.c.id).where(scenarios_table.c.name == name)).first()
        is not None
    )


def _insert_under_a_free_name(connection, scenario: Scenario, note: str) -> None:
    """Add `scenario` as "name (2)", or the first free number after it.

    Sessions importing the same name at once pick the same free number: on PostgreSQL the later insert waits for
    the earlier transaction and then meets its duplicate key. Inside a savepoint that undoes only this insert, so
    the next number is tried at once, in the same transaction, instead of the whole import again.
    """
    number = 2
    while True:
        name = f"{scenario.name} ({number})"
        if not _exists(connection, name):
            try:
                with connection.begin_nested():
                    _insert(connection, replace(scenario, name=name), note)
                return
            except IntegrityError as error:
                if not duplicate_key(error):
                    raise
        number += 1


def _csv(scenario: Scenario) -> str:
    # Stored with the canonical money columns whatever the session's currency: the text of a saved scenario
    # does not depend on who saved it (amounts are never converted, so only the columns' names would differ).
    return write_scenarios([scenario], currency=CANONICAL_CURRENCY)


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
