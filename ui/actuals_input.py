"""The weekly review's actuals to date: a CRM report of won deals and revenue by week or month, uploaded, or the
sample's, or typed in; shown in a table one can correct, and counted up to the review
(:func:`simulator.history.actuals.to_date`)."""

from __future__ import annotations

import hashlib
import math
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator.history.actuals import ActualsTable, ActualsToDate, to_date
from ui.cache import actuals_of
from ui.file_questions import problems_report, read_asking, uploaded
from ui.text import plain

SAMPLE = Path(__file__).parent.parent / "sample_data" / "weekly_actuals.csv"
#: The figures a review counts, and their columns in the table.
COLUMNS = {"won": "Won deals", "revenue": "Revenue ($)"}
LABELS = {"week": "Week (its first day)", "won": "Won deals"}


def actuals_file() -> bytes | None:
    """The uploaded actuals' bytes, or None."""
    return uploaded(
        "Actuals to date: won deals and revenue by week or by month (CSV or Excel .xlsx)",
        key="wr_actuals_file",
        help="A CRM report with a Week (or Month) column and Won and Revenue columns. Without one, type them in "
        "the table of actuals on the page.",
    )


def actuals_to_date(
    upload: bytes | None, is_sample: bool, figure: str, period_start: date, review_date: date
) -> ActualsToDate | None:
    """The actuals counted up to the review; None while the file needs an answer.

    The opening table holds the uploaded file's rows, the sample's beside the sample export, or else an empty
    row for each week of the period up to the review.
    """
    if upload is not None or is_sample:
        data = SAMPLE.read_bytes() if upload is None else upload
        file = hashlib.sha256(data).hexdigest()
        read = read_asking(lambda mapping, order: actuals_of(data, mapping, order), file, "wr_actuals", LABELS)
        if read is None:
            return None
        source = "the sample" if upload is None else "the file"
        problems_report(read.problems, f"{len(read.rows)} {read.unit}s", expanded=False)
    else:
        file, source = f"typed_{period_start}_{review_date}", "typed"
        weeks = range(0, (review_date - period_start).days, 7)
        read = ActualsTable.typed("week", [(period_start + timedelta(days=d), {}) for d in weeks])
    table = _edited(read, file, source)
    name = "won" if figure == "deals" else "revenue"
    if not any(not math.isnan(row.figures.get(name, math.nan)) for row in table.rows):
        st.warning(f"No {COLUMNS[name].lower()} in the actuals yet: type them in the table of actuals.")
    progress = to_date(table, name, period_start, review_date)
    if progress.left_out:
        st.caption(plain("Not counted: " + "; ".join(str(problem) for problem in progress.left_out) + "."))
    return progress


def _edited(read: ActualsTable, file: str, source: str) -> ActualsTable:
    """The actuals in a table one can correct or type into (rows may be added)."""
    start = f"{read.unit.capitalize()} starting"
    opening = pd.DataFrame(
        {
            start: [row.start for row in read.rows],
            **{
                label: [_cell(row.figures.get(name, math.nan)) for row in read.rows]
                for name, label in COLUMNS.items()
            },
        }
    )
    typed = source == "typed"
    with st.expander(
        f"Actuals to date, by {read.unit} ({'type them' if typed else f'from {source}; correct them here'})",
        expanded=typed,
    ):
        edited = st.data_editor(
            opening,
            key=f"wr_actuals_{file[:24]}",
            hide_index=True,
            num_rows="dynamic",
            column_config={
                start: st.column_config.DateColumn(required=True, format="YYYY-MM-DD"),
                **{label: st.column_config.NumberColumn(min_value=0.0) for label in COLUMNS.values()},
            },
        )
    rows = [
        (pd.Timestamp(record[start]).date(), {name: _number(record[label]) for name, label in COLUMNS.items()})
        for record in edited.to_dict("records")
        if not pd.isna(record[start])
    ]
    return ActualsTable.typed(read.unit, rows)


def _cell(value: float) -> float | None:
    return None if math.isnan(value) else value


def _number(value) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)
