"""What a database error means for the library, told by the database's own codes, never by its message.

PostgreSQL reports a SQLSTATE (psycopg 3's ``sqlstate``, psycopg2's ``pgcode``), SQLite an extended result code
(``sqlite3.Error.sqlite_errorcode``, whose low byte is the primary code). Messages may be in any language and
change between versions; the codes do not. Every database error reaches the user as one
:class:`LibraryError` whose message says what happened and whether anything changed.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from simulator.i18n import _

#: PostgreSQL's SQLSTATE for a duplicate key.
UNIQUE_VIOLATION = "23505"
#: SQLSTATEs of losing a race to another session: a duplicate key, a table just created by it
#: (duplicate_table), serialization_failure, deadlock_detected, lock_not_available.
RACE_SQLSTATES = frozenset({UNIQUE_VIOLATION, "42P07", "40001", "40P01", "55P03"})
#: SQLSTATEs of a server that went away or is not taking connections: the connection exception class (08...),
#: admin_shutdown, crash_shutdown, cannot_connect_now.
UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
#: SQLSTATEs of a database that refuses writes: read_only_sql_transaction (a standby), insufficient_privilege.
READ_ONLY_SQLSTATES = frozenset({"25006", "42501"})
#: SQLite's extended result codes for a duplicate key.
SQLITE_DUPLICATE_KEY = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})
#: SQLite's primary result codes for a database another connection is writing to.
SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


class LibraryError(Exception):
    """A library operation that cannot be done; the message is for the user, as is."""


def sqlstate(error: Exception) -> str | None:
    """PostgreSQL's SQLSTATE of the error (psycopg 3, or psycopg2's ``pgcode``); None from other databases."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)


def sqlite_code(error: Exception) -> int | None:
    """SQLite's extended result code of the error; None from other databases."""
    original = getattr(error, "orig", error)
    return original.sqlite_errorcode if isinstance(original, sqlite3.Error) else None


def _sqlite_primary(error: Exception) -> int | None:
    code = sqlite_code(error)
    return None if code is None else code & 0xFF  # the low byte is the primary result code


def duplicate_key(error: Exception) -> bool:
    """Whether the database refused a row whose key (a name, the schema version) another session just wrote."""
    return sqlstate(error) == UNIQUE_VIOLATION or sqlite_code(error) in SQLITE_DUPLICATE_KEY


def lost_a_race(error: Exception) -> bool:
    """Whether the error only means another session got there first (a duplicate key, a lock): worth a retry.

    Examples
    --------
    >>> lost_a_race(ValueError("not a database error"))
    False
    """
    return sqlstate(error) in RACE_SQLSTATES or duplicate_key(error) or _sqlite_primary(error) in SQLITE_BUSY


def unreachable(error: Exception) -> bool:
    """Whether the database server cannot be reached: refused, stopped, restarting, or the connection dropped.

    A connection that fails before the server says anything has no SQLSTATE at all; SQLAlchemy marks one that
    broke mid-way as invalidated.
    """
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    state = sqlstate(error)
    if state is not None:
        return state.startswith("08") or state in UNREACHABLE_SQLSTATES
    return sqlite_code(error) is None and isinstance(error, OperationalError | InterfaceError)


def read_only(error: Exception) -> bool:
    """Whether the database refused to write: a read-only SQLite file or folder, a PostgreSQL standby or a role
    without the right to write."""
    return sqlstate(error) in READ_ONLY_SQLSTATES or _sqlite_primary(error) == sqlite3.SQLITE_READONLY


def reason(error: Exception) -> str:
    """The database's own first line, without SQLAlchemy's wrapping and links."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


def library_error(error: SQLAlchemyError, doing: str, where: str) -> LibraryError:
    """The plain message for a database error that ended `doing` (e.g. "save the scenario", English marked for
    translation) at `where`, in the run's language; the database's own reason is quoted as it is."""
    words = {"doing": _(doing), "where": where, "reason": reason(error)}
    if unreachable(error):
        # TRANSLATORS: {doing} is an action such as "save the scenario"; {where} is the library's database address
        # and {reason} the database's own message, both as they are.
        message = _(
            "Cannot {doing}: the scenario library at {where} cannot be reached right now ({reason}). Nothing in "
            "it was changed, and everything that does not need it still works; try again once its database is "
            "back."
        )
    elif read_only(error):
        # TRANSLATORS: {doing} is an action such as "save the scenario"; {where} is the library's database address
        # and {reason} the database's own message, both as they are.
        message = _(
            "Cannot {doing}: the scenario library at {where} is read-only ({reason}). Nothing was changed. "
            "Whoever runs the app can make it writable: for a SQLite file, both the file and its folder (which "
            "holds its journal) must be writable by the app's user."
        )
    elif duplicate_key(error):
        # TRANSLATORS: {doing} is an action such as "save the scenario".
        message = _(
            "Cannot {doing}: other sessions kept saving the same name at the same moment. Nothing was changed; "
            "try again."
        )
    elif lost_a_race(error):
        # TRANSLATORS: {doing} is an action such as "save the scenario".
        message = _(
            "Cannot {doing}: other sessions kept changing the library at the same moment. Nothing was changed; "
            "try again."
        )
    else:
        # TRANSLATORS: {doing} is an action such as "save the scenario"; {where} is the library's database address
        # and {reason} the database's own message, both as they are.
        message = _("Cannot {doing} (the library at {where}): {reason}. Nothing was changed.")
    return LibraryError(message.format(**words))
