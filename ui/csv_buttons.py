"""Beside a CSV download, the same file for a spreadsheet in the session's language.

A spreadsheet set up in Spanish or Russian splits a CSV's cells at ``;`` and reads ``0,25`` as a number; the
standard file (``,`` and ``0.25``) opens there as one column of text. The second button writes the file the way
that spreadsheet opens it (:func:`simulator.files.dialect.local_dialect`); in English and Arabic, whose
spreadsheets read the standard file, there is no second button. The app reads both back.
"""

from __future__ import annotations

from collections.abc import Callable

from streamlit.delta_generator import DeltaGenerator

from simulator.files.dialect import STANDARD, Dialect, local_dialect
from simulator.i18n import _, language


def local_csv_button(
    where: DeltaGenerator, standard_label: str, make: Callable[[Dialect], str], stem: str, key: str | None = None
) -> None:
    """A download of ``make(dialect)`` in the session's spreadsheet dialect, when it is not the standard one.

    `make` runs when the button is clicked, as the standard button's does; the file is `stem` with the
    language's code, so the two downloads never overwrite each other.
    """
    dialect = local_dialect()
    if dialect == STANDARD:
        return
    where.download_button(
        # TRANSLATORS: {file} is the standard download's label, e.g. "Scenario CSV (with results)"
        _("{file}, for a spreadsheet in my language").format(file=standard_label),
        lambda: make(dialect),
        key=key,
        file_name=f"{stem}_{language().code}.csv",
        mime="text/csv",
        icon=":material/table_view:",
        width="stretch",
        on_click="ignore",
        help=_(
            "Cells separated by {separator} and numbers written with a decimal comma ({example}), as a "
            "spreadsheet in your language opens them. This app reads both files."
        ).format(separator=dialect.separator, example="0,25"),
    )
