"""Eight processes saving, renaming, importing and deleting at once, on SQLite and on a real PostgreSQL.

Each process is a separate app server in miniature: its own interpreter state, engine and pool. They start
together at a barrier and run the same script, so every shared name is contended by all eight. Afterwards each
operation's outcome is accounted for in the library's rows: nothing lost, nothing duplicated, every clash
reported as such and none as "try again".
"""

import logging
import multiprocessing
import threading
import time
from dataclasses import replace

import sqlalchemy as sa

import simulator.store.retry
from simulator import Scenario
from simulator.files.scenario_csv import write_scenarios
from simulator.store import LibraryError, OnConflict, ScenarioLibrary
from simulator.store.connect import LOCK_SECONDS

PROCESSES = 8
OWN_PLANS = 6
BASE = Scenario(name="base", reps=3, trials=500, seed=1)
#: Outcomes as the user reads them; "try again" must never reach the user.
ALREADY_SAVED = "already saved"
NOT_THERE = "There is no saved scenario"


class RetryCounter(logging.Handler):
    """Counts the library's retries in this process."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record):
        self.count += 1


def outcome(action) -> str:
    try:
        action()
    except LibraryError as error:
        return str(error)
    return "ok"


def worker(url: str, number: int, barrier, results) -> None:
    """One process's script: its own plans, then the contended names, then deletes."""
    counter = RetryCounter()
    logger = logging.getLogger("simulator.store.retry")
    logger.addHandler(counter)
    logger.setLevel(logging.INFO)
    library = ScenarioLibrary(url)
    log = []

    def do(operation, action):
        log.append((operation, outcome(action)))

    barrier.wait()
    for plan in range(OWN_PLANS):
        do(f"save own {plan}", lambda plan=plan: library.save(replace(BASE, name=f"w{number} plan {plan}")))
    do("save shared", lambda: library.save(replace(BASE, name="shared", reps=number + 1), note=str(number)))
    do("import keep both", lambda: library.import_scenarios([replace(BASE, name="common")], OnConflict.KEEP_BOTH))
    do("rename to contended", lambda: library.rename(f"w{number} plan 0", "renamed"))
    do("delete contended", lambda: library.delete("doomed"))
    do("delete own", lambda: library.delete(f"w{number} plan 1"))
    do("replace contended", lambda: library.save(replace(BASE, name="replaced", reps=number + 1), overwrite=True))
    results.put((number, log, counter.count))


def run_processes(url: str) -> tuple[dict[int, dict[str, str]], int]:
    context = multiprocessing.get_context("fork")  # a spawned child would have to re-import the test module
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=worker, args=(url, n, barrier, results)) for n in range(PROCESSES)]
    for process in processes:
        process.start()
    collected = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    return {number: dict(log) for number, log, _ in collected}, sum(retries for *_, retries in collected)


def winners(logs, operation: str) -> list[int]:
    return [number for number, log in logs.items() if log[operation] == "ok"]


def test_eight_processes_at_once_lose_nothing_and_duplicate_nothing(library_url):
    library = ScenarioLibrary(library_url)
    library.save(replace(BASE, name="common"))
    library.save(replace(BASE, name="doomed"))
    logs, retries = run_processes(library_url)
    saved = library.list()
    names = [s.name for s in saved]
    print(f"\n{library.engine.dialect.name}: {len(saved)} scenarios, {retries} retries")  # figures for README

    # Every process's own plans: all saved, plan 1 deleted, plan 0 renamed by the one process that won.
    assert all(logs[n][f"save own {p}"] == "ok" for n in logs for p in range(OWN_PLANS))
    assert all(logs[n]["delete own"] == "ok" for n in logs)
    (renamer,) = winners(logs, "rename to contended")
    for number in logs:
        assert f"w{number} plan 1" not in names
        assert (f"w{number} plan 0" in names) == (number != renamer)
        assert all(f"w{number} plan {p}" in names for p in range(2, OWN_PLANS))
        if number != renamer:
            assert ALREADY_SAVED in logs[number]["rename to contended"]
    assert library.get("renamed").scenario == replace(BASE, name="renamed")

    # One name saved by all: exactly one saved it, the others were told it is already saved.
    (saver,) = winners(logs, "save shared")
    assert all(ALREADY_SAVED in logs[n]["save shared"] for n in logs if n != saver)
    assert library.get("shared").scenario.reps == saver + 1
    assert library.get("shared").note == str(saver)

    # "Keep both" imports all succeed, each under its own number.
    assert winners(logs, "import keep both") == list(logs)
    assert sorted(n for n in names if n.startswith("common")) == sorted(
        ["common"] + [f"common ({k})" for k in range(2, PROCESSES + 2)]
    )

    # One delete of a shared scenario wins; the others find it gone.
    (deleter,) = winners(logs, "delete contended")
    assert all(NOT_THERE in logs[n]["delete contended"] for n in logs if n != deleter)
    assert "doomed" not in names

    # Replacing one name: all succeed, one row holds one of their versions.
    assert winners(logs, "replace contended") == list(logs)
    assert library.get("replaced").scenario.reps in {n + 1 for n in logs}

    # Every outcome is one of those above, and the rows are exactly the accounted ones.
    every = [result for log in logs.values() for result in log.values()]
    assert not [r for r in every if "try again" in r]
    # Own plans but the deleted one (the renamed plan 0 counted as "renamed"), shared, common, replaced.
    expected = PROCESSES * (OWN_PLANS - 1) + 1 + (1 + PROCESSES) + 1
    assert len(names) == len(set(names)) == expected


def test_a_free_name_taken_meanwhile_is_skipped_not_refused(library_url, monkeypatch):
    """Another session holds "common (2)" uncommitted while this one imports "common" with keep both: on
    PostgreSQL the import waits at the unique index, meets the duplicate key, and takes "common (3)" within
    the same transaction (a savepoint), not by running the import again."""
    monkeypatch.setattr(simulator.store.retry, "ATTEMPTS", 1)
    library = ScenarioLibrary(library_url)
    library.save(replace(BASE, name="common"))
    holder = library.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.text(
        "INSERT INTO scenarios (name, note, scenario_csv, saved_at, modified_at) "
        "VALUES ('common (2)', '', :csv, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    ), {"csv": write_scenarios([replace(BASE, name="common (2)")])})  # fmt: skip
    reports = []
    importer = threading.Thread(
        target=lambda: reports.append(
            ScenarioLibrary(library_url).import_scenarios([replace(BASE, name="common")], OnConflict.KEEP_BOTH)
        )
    )
    importer.start()
    time.sleep(0.5)  # the import is now waiting (PostgreSQL: on the index; SQLite: for the write lock)
    transaction.commit()
    holder.close()
    importer.join(30)
    assert [(r.added, r.replaced, r.skipped) for r in reports] == [(1, 0, 0)]
    assert [s.name for s in library.list()] == ["common", "common (2)", "common (3)"]


def test_a_lock_held_past_the_lock_timeout_is_waited_out_by_retrying(library_url, caplog):
    """Another session holds the write lock (SQLite) or the row (PostgreSQL) for longer than LOCK_SECONDS: the
    delete gives up waiting (SQLITE_BUSY, lock_not_available), pauses, tries again, and succeeds once it is
    free."""
    library = ScenarioLibrary(library_url)
    library.save(replace(BASE, name="held"))
    holder = library.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.text("UPDATE scenarios SET note = 'mine' WHERE name = 'held'"))
    outcomes = []
    deleter = threading.Thread(target=lambda: outcomes.append(outcome(lambda: library.delete("held"))))
    with caplog.at_level(logging.INFO, logger="simulator.store.retry"):
        deleter.start()
        time.sleep(LOCK_SECONDS + 2)
        transaction.commit()
        holder.close()
        deleter.join(60)
    assert outcomes == ["ok"]
    assert "lost race" in caplog.text
    assert library.list() == []


def test_a_replace_whose_row_another_session_deletes_meanwhile_still_saves(library_url):
    """Save with replace finds the name, another session deletes it before the update lands: on PostgreSQL the
    update waits for the delete, then finds no row, and the save adds the scenario instead."""
    library = ScenarioLibrary(library_url)
    library.save(replace(BASE, name="plan"))
    holder = library.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.text("DELETE FROM scenarios WHERE name = 'plan'"))
    outcomes = []
    saver = threading.Thread(
        target=lambda: outcomes.append(
            outcome(lambda: library.save(replace(BASE, name="plan", reps=9), overwrite=True))
        )
    )
    saver.start()
    time.sleep(1)  # the save is now waiting: PostgreSQL on the deleted row, SQLite for the write lock
    transaction.commit()
    holder.close()
    saver.join(30)
    assert outcomes == ["ok"]
    assert library.get("plan").scenario.reps == 9
