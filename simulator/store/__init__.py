"""The scenario library: named scenarios with notes, kept in a SQL database (SQLite or PostgreSQL).

The public names live here, so callers do not depend on the inner layout.
"""

from simulator.store.library import (
    ImportReport,
    LibraryError,
    OnConflict,
    SavedScenario,
    ScenarioLibrary,
)

__all__ = ["ImportReport", "LibraryError", "OnConflict", "SavedScenario", "ScenarioLibrary"]
