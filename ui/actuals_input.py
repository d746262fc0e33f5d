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
from simulator.i18n import N_, _, currency_symbol, ngettext, number_text
from ui.cache import actuals_of
from ui.file_questions import problems_report, read_asking, uploaded
from ui.text import plain

SAMPLE = Path(__file__).parent.parent / "sample_data" / "weekly_actuals.csv"
#: The figures a review counts, and their columns in the table (the editor's own names; shown translated).
COLUMNS = {"won": "Won deals", "revenue": "Revenue ($)"}
#: The fields the reader may ask to match to a file's columns, as shown (translated where shown).
LABELS = {"week": N_("Week (its first day)"), "won": N_("Won deals")}


def actuals_file() -> bytes | None:
    """The uploaded actuals' bytes, or None."""
    return uploaded(
        _("Actuals to date: won deals and revenue by week or by month (CSV or Excel .xlsx)"),
        key="wr_actuals_file",
        help=_(
            "A CRM report with a Week (or Month) column and Won and Revenue columns. Without one, type them in "
            "the table of actuals on the page."
        ),
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
        labels = {field: _(label) for field, label in LABELS.items()}
        read = read_asking(lambda mapping, order: actuals_of(data, mapping, order), file, "wr_actuals", labels)
        if read is None:
            return None
        source = "the sample" if upload is None else "the file"
        problems_report(read.problems, _periods(len(read.rows), read.unit), expanded=False)
    else:
        file, source = f"typed_{period_start}_{review_date}", "typed"
        weeks = range(0, (review_date - period_start).days, 7)
        read = ActualsTable.typed("week", [(period_start + timedelta(days=d), {}) for d in weeks])
    table = _edited(read, file, source)
    name = "won" if figure == "deals" else "revenue"
    if not any(not math.isnan(row.figures.get(name, math.nan)) for row in table.rows):
        if name == "won":
            st.warning(_("No won deals in the actuals yet: type them in the table of actuals."))
        else:
            st.warning(
                _("No revenue ({currency}) in the actuals yet: type them in the table of actuals.").format(
                    currency=currency_symbol()
                )
            )
    progress = to_date(table, name, period_start, review_date)
    if progress.left_out:
        left_out = "; ".join(str(problem) for problem in progress.left_out)
        # TRANSLATORS: {problems} lists the rows of actuals left out, each with why
        st.caption(plain(_("Not counted: {problems}.").format(problems=left_out)))
    return progress


def _periods(count: int, unit: str) -> str:
    """``"6 weeks"``, ``"1 month"``: what a file of actuals held."""
    if unit == "month":
        return ngettext("{count} month", "{count} months", count).format(count=number_text(count))
    return ngettext("{count} week", "{count} weeks", count).format(count=number_text(count))


def _title(unit: str, source: str) -> str:
    """The title of the table of actuals: by week or month, typed or from the sample or the file."""
    titles = {
        ("week", "typed"): _("Actuals to date, by week (type them)"),
        ("week", "the sample"): _("Actuals to date, by week (from the sample; correct them here)"),
        ("week", "the file"): _("Actuals to date, by week (from the file; correct them here)"),
        ("month", "typed"): _("Actuals to date, by month (type them)"),
        ("month", "the sample"): _("Actuals to date, by month (from the sample; correct them here)"),
        ("month", "the file"): _("Actuals to date, by month (from the file; correct them here)"),
    }
    return titles[unit, source]


def _edited(read: ActualsTable, file: str, source: str) -> ActualsTable:
    """The actuals in a table one can correct or type into (rows may be added)."""
    start = f"{read.unit.capitalize()} starting"  # the editor's own name for the column; its label is translated
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
    labels = {
        "won": _("Won deals"),
        "revenue": _("Revenue ({currency})").format(currency=currency_symbol()),
    }
    with st.expander(_title(read.unit, source), expanded=typed):
        edited = st.data_editor(
            opening,
            key=f"wr_actuals_{file[:24]}",
            hide_index=True,
            num_rows="dynamic",
            column_config={
                start: st.column_config.DateColumn(
                    _("Month starting") if read.unit == "month" else _("Week starting"),
                    required=True,
                    format="YYYY-MM-DD",
                ),
                **{
                    column: st.column_config.NumberColumn(labels[name], min_value=0.0)
                    for name, column in COLUMNS.items()
                },
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
