"""The library when its database fails: a PostgreSQL server stopped and started mid-session, a read-only file.

The server is a real one of the test's own (``restartable_postgres``), stopped with ``pg_ctl`` between
operations; the pages are driven through the router with AppTest while it is down.
"""

import contextlib
import multiprocessing
import os
import shutil
import socket
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from simulator import Scenario
from simulator.store import LibraryError, ScenarioLibrary
from tests.test_app import odds, start

UNREACHABLE = "cannot be reached right now"
SCENARIO = Scenario(name="Before the outage", reps=3, trials=500, seed=1)
NOBODY = 65534


def test_a_stopped_server_is_reported_and_the_next_save_after_its_restart_works(restartable_postgres):
    library = ScenarioLibrary(restartable_postgres.new_database())
    library.save(SCENARIO)
    restartable_postgres.stop()
    for action in (library.list, lambda: library.save(replace(SCENARIO, name="During"))):
        with pytest.raises(LibraryError, match=UNREACHABLE) as caught:
            action()
        assert "Nothing" in str(caught.value)
    restartable_postgres.start()
    library.save(replace(SCENARIO, name="After the restart"))  # the same engine: its pool reconnects
    assert [s.name for s in library.list()] == ["After the restart", "Before the outage"]


def test_a_restart_between_two_saves_goes_unnoticed(restartable_postgres):
    library = ScenarioLibrary(restartable_postgres.new_database())
    library.save(SCENARIO)  # leaves a pooled connection that the restart kills
    restartable_postgres.stop()
    restartable_postgres.start()
    library.save(replace(SCENARIO, name="After the restart"))
    assert len(library.list()) == 2


def test_the_pages_say_the_library_is_unreachable_and_everything_else_works(restartable_postgres, monkeypatch):
    monkeypatch.setenv("FUNNEL_LIBRARY_URL", restartable_postgres.new_database())
    at = start()
    at.text_input(key="save_name").set_value("Saved before").run()
    at.button(key="save").click().run()
    assert any("Saved" in s.value for s in at.success)

    restartable_postgres.stop()
    before = odds(at)
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 5, high + 5)).run()  # the simulator runs on
    assert not at.exception
    assert odds(at) > before
    at.text_input(key="save_name").set_value("Saved during").run()
    at.button(key="save").click().run()
    assert not at.exception
    assert any(UNREACHABLE in e.value for e in at.error)
    at.switch_page("views/library.py").run()
    assert not at.exception
    assert any(UNREACHABLE in e.value for e in at.error)
    at.switch_page("views/compare.py").run()
    assert not at.exception

    restartable_postgres.start()
    at.switch_page("views/simulator_page.py").run()
    at.text_input(key="save_name").set_value("Saved after").run()
    at.button(key="save").click().run()  # no restart of the app: the next save works
    assert any("Saved 'Saved after'" in s.value for s in at.success)
    at.switch_page("views/library.py").run()
    assert not at.error


def connections(listener: socket.socket) -> int:
    """How many connections reached `listener` since last asked (each an attempt to open the library)."""
    listener.setblocking(False)
    count = 0
    with contextlib.suppress(BlockingIOError):
        while True:
            listener.accept()[0].close()
            count += 1
    return count


def test_a_database_that_never_answers_costs_one_timeout_not_one_per_rerun(monkeypatch):
    with socket.socket() as hung:  # the kernel accepts connections; nobody ever answers them
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)
        monkeypatch.setenv(
            "FUNNEL_LIBRARY_URL", f"postgresql+psycopg://nobody@127.0.0.1:{hung.getsockname()[1]}/x"
        )
        at = start()
        assert not at.exception
        assert any(UNREACHABLE in w.value and "timeout" in w.value for w in at.warning)
        assert connections(hung) >= 1
        at.run()
        at.switch_page("views/compare.py").run()
        at.switch_page("views/library.py").run()
        assert not at.exception
        assert any(UNREACHABLE in e.value for e in at.error)
        assert connections(hung) == 0  # the outage is remembered, not retried on every rerun


def as_nobody(action, results) -> None:
    """Run `action` as an unprivileged user: root writes to read-only files regardless."""
    if os.geteuid() == 0:
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    try:
        results.put(("ok", action()))
    except LibraryError as error:
        results.put(("LibraryError", str(error)))


def in_child(action):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=as_nobody, args=(action, results))
    child.start()
    result = results.get(timeout=60)
    child.join(10)
    return result


@pytest.fixture
def read_only_library():
    """A library with one scenario, in a folder the unprivileged user may write to, in a file it may not."""
    root = Path(tempfile.mkdtemp(prefix="funnel-read-only-"))  # pytest's own folders are the owner's alone
    root.chmod(0o755)
    folder = root / "library"
    folder.mkdir()
    path = folder / "library.sqlite"
    ScenarioLibrary(f"sqlite:///{path}").save(SCENARIO)
    with sqlite3.connect(path) as connection:  # fold the write-ahead log in: the file alone holds the library
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in folder.glob("library.sqlite-*"):
        extra.unlink()
    os.chown(folder, NOBODY, NOBODY)
    path.chmod(0o444)
    yield path
    shutil.rmtree(root)


def test_a_read_only_file_can_be_read_and_a_save_says_it_is_read_only(read_only_library):
    url = f"sqlite:///{read_only_library}"
    listed = in_child(lambda: [s.name for s in ScenarioLibrary(url).list()])
    assert listed == ("ok", [SCENARIO.name])
    kind, message = in_child(lambda: ScenarioLibrary(url).save(replace(SCENARIO, name="New")))
    assert kind == "LibraryError"
    assert "Cannot save the scenario" in message
    assert "is read-only" in message
    assert "file and its folder" in message


def test_a_read_only_folder_says_the_library_is_read_only(read_only_library):
    os.chown(read_only_library.parent, 0, 0)
    read_only_library.parent.chmod(0o555)
    kind, message = in_child(lambda: ScenarioLibrary(f"sqlite:///{read_only_library}").list())
    assert kind == "LibraryError"
    assert "is read-only" in message
