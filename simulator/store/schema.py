"""The library's tables and the schema version they carry in ``library_meta``.

An app that finds a newer schema refuses to write to it. Sessions opening a new library at once race to create
it: tables are created ``IF NOT EXISTS`` and the version row's duplicate key is a lost race, tried again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from simulator.i18n import _
from simulator.store.errors import LibraryError

SCHEMA_VERSION = 1
MAX_NAME_LENGTH = 200

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
#: A goal's weekly reviews (:mod:`simulator.store.reviews`). A later table is no new version: a library opened
#: without it gains it, since :func:`ensure_schema` creates what is missing.
reviews_table = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("goal_name", sa.String(MAX_NAME_LENGTH), nullable=False),
    sa.Column("review_date", sa.Date, nullable=False),
    sa.Column("figure", sa.String(20), nullable=False),
    sa.Column("goal", sa.Float, nullable=False),
    sa.Column("banked", sa.Float, nullable=False),
    sa.Column("odds", sa.Float, nullable=False),
    sa.Column("standard_error", sa.Float, nullable=False),
    sa.Column("trials", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(trim(goal_name)) > 0", name="goal_name_not_blank"),
    # One review of a goal a day: a review re-run the same day replaces it (and two sessions saving it at once
    # meet this key, a lost race, instead of keeping both).
    sa.UniqueConstraint("goal_name", "review_date", name="one_review_of_a_goal_a_day"),
)


def schema_version(connection: Connection) -> str | None:
    """The library's schema version, or None when it is not (yet) a complete library.

    Reading first lets a library the app may only read (a read-only SQLite file) open without writing.
    """
    if not all(sa.inspect(connection).has_table(table.name) for table in metadata.sorted_tables):
        return None
    return connection.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar()


def check_version(found: str) -> None:
    """Refuse a library written by another schema version."""
    if found != str(SCHEMA_VERSION):
        # Version 1 is the first: any other is a later app's (or not this app's library at all).
        # TRANSLATORS: {found} and {known} are schema version numbers, as they are.
        message = _(
            "The library was written by a newer version of this app (schema {found}); this one knows schema "
            "{known}. Update the app to open it."
        )
        raise LibraryError(message.format(found=found, known=SCHEMA_VERSION))


def ensure_schema(connection: Connection) -> None:
    """Create what is missing of the library, in one transaction, and check its version."""
    # IF NOT EXISTS, not a check then a CREATE: a table another session creates in between is no error.
    for table in metadata.sorted_tables:
        connection.execute(sa.schema.CreateTable(table, if_not_exists=True))
    found = schema_version(connection)
    if found is None:
        connection.execute(meta_table.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    else:
        check_version(found)
