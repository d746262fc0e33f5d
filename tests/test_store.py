"""The scenario library against SQLite and a real PostgreSQL server."""

import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa

from simulator import Range, Scenario, Target, evaluate, simulate
from simulator.files.scenario_csv import read_scenarios_with_notes, write_scenarios
from simulator.store import LibraryError, OnConflict, ScenarioLibrary
from simulator.store.errors import duplicate_key, lost_a_race

SCENARIO = Scenario(
    name="Q3 plan",
    win_rate=Range(0.21, 0.33),
    reps=3,
    capacity_per_rep=15.0,
    target=Target(change_pct=25, baseline=40, deadline_month=3),
    trials=3000,
    seed=42,
)


@pytest.fixture
def library(library_url):
    return ScenarioLibrary(library_url)


def test_round_trip_reproduces_the_odds(library):
    library.save(SCENARIO, note="as agreed on Monday")
    saved = ScenarioLibrary(library.engine).get("Q3 plan")  # a new connection, as a later session would
    assert saved.scenario == SCENARIO
    assert saved.note == "as agreed on Monday"
    assert evaluate(simulate(saved.scenario)).probability == evaluate(simulate(SCENARIO)).probability
    assert saved.saved_at == saved.modified_at
    assert saved.saved_at.tzinfo is not None


def test_rename_duplicate_note_delete(library):
    library.save(SCENARIO)
    renamed = library.rename("Q3 plan", "Q3 plan (final)")
    assert renamed.scenario.name == "Q3 plan (final)"
    assert renamed.modified_at >= renamed.saved_at
    library.duplicate("Q3 plan (final)", "Q3 stretch")
    library.set_note("Q3 stretch", "what if win rate rises")
    assert [s.name for s in library.list()] == ["Q3 plan (final)", "Q3 stretch"]
    assert library.get("Q3 stretch").scenario == replace(SCENARIO, name="Q3 stretch")
    library.delete("Q3 plan (final)")
    assert [s.name for s in library.list()] == ["Q3 stretch"]


@pytest.mark.parametrize(
    "action",
    [
        lambda lib: lib.save(SCENARIO),
        lambda lib: lib.rename("Other", "Q3 plan"),
        lambda lib: lib.duplicate("Other", "Q3 plan"),
    ],
)
def test_a_name_already_saved_is_refused_and_nothing_changes(library, action):
    library.save(SCENARIO)
    library.save(replace(SCENARIO, name="Other", reps=9))
    before = library.list()
    with pytest.raises(LibraryError, match="already saved"):
        action(library)
    assert library.list() == before


@pytest.mark.parametrize(("name", "message"), [("   ", "needs a name"), ("x" * 201, "at most 200")])
def test_bad_names_are_refused(library, name, message):
    with pytest.raises(LibraryError, match=message):
        library.save(replace(SCENARIO, name=name))


@pytest.mark.parametrize(
    "name",
    [
        "Plan de ventas Q3 – año 2026",
        "План продаж на квартал",
        "خطة المبيعات",
        '=HYPERLINK("http://evil")',
        "名前 🚀",
    ],
)
def test_names_in_any_language_are_kept_exactly(library, name):
    library.save(replace(SCENARIO, name=name), note=name)
    saved = library.get(name)
    assert saved.name == name
    assert saved.note == name
    assert saved.scenario.name == name


def test_a_failed_import_leaves_the_library_as_it_was(library):
    library.save(SCENARIO)
    before = library.list()
    batch = [replace(SCENARIO, name="New one"), replace(SCENARIO, name="  ")]  # the second fails mid-way
    with pytest.raises(LibraryError):
        library.import_scenarios(batch, OnConflict.REPLACE)
    assert library.list() == before


@pytest.mark.parametrize(
    ("on_conflict", "names", "report"),
    [
        (OnConflict.KEEP_BOTH, ["Other", "Q3 plan", "Q3 plan (2)"], (2, 0, 0)),
        (OnConflict.REPLACE, ["Other", "Q3 plan"], (1, 1, 0)),
        (OnConflict.SKIP, ["Other", "Q3 plan"], (1, 0, 1)),
    ],
)
def test_import_with_an_explicit_choice_for_names_already_saved(library, on_conflict, names, report):
    library.save(SCENARIO)
    result = library.import_scenarios([replace(SCENARIO, reps=7), replace(SCENARIO, name="Other")], on_conflict)
    assert (result.added, result.replaced, result.skipped) == report
    assert [s.name for s in library.list()] == names
    expected_reps = 7 if on_conflict is OnConflict.REPLACE else 3
    assert library.get("Q3 plan").scenario.reps == expected_reps


def test_concurrent_writers_lose_nothing(library_url):
    writers, each = 4, 10
    errors = []

    def write(writer):
        library = ScenarioLibrary(library_url)  # one per session, as in the app
        for index in range(each):
            try:
                library.save(replace(SCENARIO, name=f"writer {writer} plan {index}"))
            except LibraryError as error:  # pragma: no cover - reported below
                errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(ScenarioLibrary(library_url).list()) == writers * each


def test_concurrent_saves_of_one_name_keep_exactly_one(library_url):
    outcomes = []

    def write(reps):
        try:
            ScenarioLibrary(library_url).save(replace(SCENARIO, reps=reps))
            outcomes.append("saved")
        except LibraryError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=write, args=(r,)) for r in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") >= 1
    assert all(o == "saved" or "already saved" in o or "same moment" in o for o in outcomes)
    assert [s.name for s in ScenarioLibrary(library_url).list()] == ["Q3 plan"]


def test_the_schema_is_versioned(library):
    with library.engine.connect() as connection:
        version = connection.execute(
            sa.text("SELECT value FROM library_meta WHERE key = 'schema_version'")
        ).scalar()
    assert version == "1"
    with library.engine.begin() as connection:
        connection.execute(sa.text("UPDATE library_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(LibraryError, match="newer version"):
        ScenarioLibrary(library.engine)


def database_error(engine, *statements, timeout_engine=None) -> sa.exc.SQLAlchemyError:
    """The error the last of `statements` raises, each run in its own transaction."""
    *setup, last = statements
    for statement in setup:
        with engine.begin() as connection:
            connection.execute(sa.text(statement))
    with pytest.raises(sa.exc.SQLAlchemyError) as caught, (timeout_engine or engine).begin() as connection:
        connection.execute(sa.text(last))
    return caught.value


def test_a_duplicate_name_is_recognised_by_its_error_code(library):
    insert = (
        "INSERT INTO scenarios (name, note, scenario_csv, saved_at, modified_at) "
        "VALUES ('x', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    error = database_error(library.engine, insert, insert)
    assert duplicate_key(error)
    assert lost_a_race(error)


def test_a_mistake_is_not_taken_for_a_lost_race(library):
    error = database_error(library.engine, "SELECT no_such_column FROM scenarios")
    assert not duplicate_key(error)
    assert not lost_a_race(error)


def test_a_table_another_session_created_is_a_lost_race_on_postgresql(library):
    error = database_error(library.engine, "CREATE TABLE scenarios (id integer)")
    # PostgreSQL says duplicate_table (42P07); SQLite has no code of its own for it, hence IF NOT EXISTS.
    assert lost_a_race(error) == (library.engine.dialect.name == "postgresql")


def test_a_row_locked_by_another_session_is_a_lost_race(library):
    library.save(SCENARIO)
    postgres = library.engine.dialect.name == "postgresql"
    holder = library.engine.connect()
    try:
        transaction = holder.begin()
        holder.execute(sa.text("UPDATE scenarios SET note = 'mine' WHERE name = 'Q3 plan'"))
        if postgres:  # lock_not_available (55P03)
            last = "SELECT * FROM scenarios FOR UPDATE NOWAIT"
            impatient = None
        else:  # SQLITE_BUSY, without waiting for the lock
            last = "UPDATE scenarios SET note = 'theirs'"
            impatient = sa.create_engine(library.engine.url, connect_args={"timeout": 0})
        error = database_error(library.engine, last, timeout_engine=impatient)
        transaction.rollback()
    finally:
        holder.close()
    assert lost_a_race(error)
    assert not duplicate_key(error)


def test_a_library_half_created_by_another_session_opens(library_url):
    engine = sa.create_engine(library_url)
    with engine.begin() as connection:  # the tables, but not yet the version row
        connection.execute(sa.text("CREATE TABLE library_meta (key VARCHAR(50) PRIMARY KEY, value VARCHAR(200))"))
    library = ScenarioLibrary(engine)
    library.save(SCENARIO)
    assert [s.name for s in ScenarioLibrary(library_url).list()] == ["Q3 plan"]


def test_many_sessions_opening_a_new_library_at_once_all_succeed(library_url):
    errors = []

    def open_it():
        try:
            ScenarioLibrary(library_url).list()
        except LibraryError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("not a url", "not a database URL"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "Cannot open the scenario library"),
        ("sqlite:////nonexistent-folder/x/library.sqlite", "Cannot open the scenario library"),
    ],
)
def test_bad_or_unreachable_databases_give_a_plain_message(url, fragment):
    with pytest.raises(LibraryError) as caught:
        ScenarioLibrary(url)
    assert fragment in str(caught.value)
    assert "secret" not in str(caught.value)


def test_notes_travel_with_an_exported_library_file(library):
    library.save(replace(SCENARIO, name="Q3 plan"), "agreed with finance on Monday")
    library.save(replace(SCENARIO, name="Formula"), "=cmd|' /C calc'!A0")
    saved = library.list()
    text = write_scenarios([s.scenario for s in saved], notes=[s.note for s in saved])
    assert "'=cmd" in text  # a note is a text cell like any other: never a formula in a spreadsheet
    for entry in saved:
        library.delete(entry.name)
    scenarios, notes = zip(*read_scenarios_with_notes(text), strict=True)
    library.import_scenarios(scenarios, OnConflict.SKIP, notes)
    assert {s.name: s.note for s in library.list()} == {s.name: s.note for s in saved}
