"""Engines for the library's databases: SQLite waits for its lock and takes it up front, PostgreSQL reconnects.

SQLite: a writing transaction begins ``BEGIN IMMEDIATE``, so it holds the write lock from its first read (the
name checks) to its commit, and another writer waits for it instead of failing half way; reads begin a plain
``BEGIN`` and, in write-ahead-log mode, never wait for a writer. Python's sqlite3 driver would otherwise begin a
transaction only at the first INSERT, leaving the checks outside it.

PostgreSQL: the pool tests a connection before lending it (``pool_pre_ping``), so after the server restarts the
next operation opens a fresh connection instead of failing on a dead one; connecting gives up after
:data:`CONNECT_SECONDS` instead of waiting on an unreachable host.

Either database waits at most :data:`LOCK_SECONDS` for another session's lock; then the operation is retried
(:mod:`simulator.store.retry`), so a session stuck holding a lock delays the others, never hangs them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from simulator.i18n import _
from simulator.store.errors import LibraryError

LOCK_SECONDS = 5
CONNECT_SECONDS = 5
#: Execution option of an engine whose transactions write.
WRITES = "library_writes"


def create_library_engine(url: str) -> Engine:
    """An engine for the library at `url` (a SQLAlchemy URL).

    Raises
    ------
    LibraryError
        When `url` is not a database URL SQLAlchemy understands, or its driver is not installed.

    Examples
    --------
    >>> create_library_engine("sqlite://").dialect.name
    'sqlite'
    """
    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(url, connect_args={"timeout": LOCK_SECONDS})
            sa.event.listen(engine, "connect", _sqlite_connect)
            sa.event.listen(engine, "begin", _sqlite_begin)
            return engine
        connect_args = (
            {"connect_timeout": CONNECT_SECONDS, "options": f"-c lock_timeout={LOCK_SECONDS * 1000}"}
            if url.startswith("postgresql")
            else {}
        )
        return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        # TRANSLATORS: {reason} is SQLAlchemy's own message, as it is; the two addresses are examples to keep.
        message = _(
            "The library address is not a database URL SQLAlchemy understands ({reason}). Use e.g. "
            "sqlite:///library.sqlite or postgresql+psycopg://user@host/db."
        )
        raise LibraryError(message.format(reason=error)) from None


def writing(engine: Engine) -> Engine:
    """The same engine (and pool), whose transactions are marked as writing."""
    return engine.execution_options(**{WRITES: True})


def _sqlite_connect(connection, _record) -> None:
    connection.isolation_level = None  # the driver emits no BEGIN of its own: _sqlite_begin does
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITES) else "BEGIN")
