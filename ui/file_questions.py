"""Reading an uploaded file that may need an answer first: how its dates are written, or which of its columns
holds a field the reader did not recognise. The answers are kept in the session per file, so each is asked once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pandas as pd
import streamlit as st

from simulator.files.text import FileTextError
from simulator.history.pipeline_reader import DateOrderQuestion
from simulator.history.reader import HistoryError, Problem
from simulator.i18n import N_, _, ngettext, number_text
from ui.text import plain

Read = TypeVar("Read")
#: The answers to how a file writes its dates (the session keeps the English, the page shows them translated).
DATE_ORDERS = (N_("Day first (31/03/2026)"), N_("Month first (03/31/2026)"))


#: What a CRM export may come as (.xls gets a message saying to save it as .xlsx).
TABLE_FILES = ["csv", "tsv", "txt", "xlsx", "xls"]


def uploaded(label: str, key: str, help: str) -> bytes | None:
    """A sidebar upload of a CSV or Excel export: its bytes, or None."""
    upload = st.sidebar.file_uploader(label, type=TABLE_FILES, key=key, help=help)
    return None if upload is None else upload.getvalue()


def read_asking(
    read: Callable[[tuple[tuple[str, str], ...], bool | None], Read], file: str, key: str, labels: dict[str, str]
) -> Read | None:
    """``read(mapping, month_first)`` with the answers given so far; None, with the question shown, until it reads.

    Parameters
    ----------
    read : callable
        Reads the file with a column mapping (field, column) and a date order (None: let the file say).
    file : str
        The file's hash: answers are kept per file.
    key : str
        Prefix of the session keys of this file's answers.
    labels : dict of str to str
        Each field's name on screen, for the column-matching step.
    """
    mapped = st.session_state.get(f"{key}_mapping", {})
    mapping = tuple(sorted(mapped.get("columns", {}).items())) if mapped.get("file") == file else ()
    order = st.session_state.get(f"{key}_date_order_{file[:16]}")
    try:
        return read(mapping, None if order is None else order == DATE_ORDERS[1])
    except DateOrderQuestion as question:
        st.warning(plain(str(question)), icon=":material/help:")
        st.radio(
            _("How does the file write its dates?"),
            DATE_ORDERS,
            index=None,
            key=f"{key}_date_order_{file[:16]}",
            format_func=_,
        )
    except HistoryError as error:
        st.error(plain(str(error)))
        if error.header and error.missing:
            _map_columns(error, file, key, labels)
    except FileTextError as error:
        st.error(plain(str(error)))
    return None


def _map_columns(error: HistoryError, file: str, key: str, labels: dict[str, str]) -> None:
    st.markdown(_("**Match the columns** the reader did not recognise:"))
    picks = st.columns(len(error.missing))
    for column, field in zip(picks, error.missing, strict=True):
        column.selectbox(labels.get(field, field), ["", *error.header], key=f"{key}_map_{field}")
    if st.button(_("Use these columns"), key=f"{key}_apply_mapping"):
        chosen = {field: st.session_state[f"{key}_map_{field}"] for field in error.missing}
        st.session_state[f"{key}_mapping"] = {"file": file, "columns": {f: c for f, c in chosen.items() if c}}
        st.rerun()


def problems_report(problems: Sequence[Problem], read: str, *, expanded: bool = True) -> None:
    """What was read, as a caption when nothing was wrong, else each problem by row and column.

    `read` says what was read ("60 open deals").
    """
    if not problems:
        # TRANSLATORS: {read} says what was read, e.g. "60 open deals" or "6 weeks"
        st.caption(_("All of the file was read: {read}.").format(read=read))
        return
    # TRANSLATORS: {read} says what was read, e.g. "60 open deals" or "6 weeks"; English keeps "problem(s)"
    title = ngettext(
        "{count} problem(s) in the file, {read} read: see which",
        "{count} problem(s) in the file, {read} read: see which",
        len(problems),
    ).format(count=number_text(len(problems)), read=read)
    with st.expander(title, expanded=expanded):
        rows = [
            {_("Row"): str(p.row or ""), _("Column"): p.column or "", _("Problem"): p.message} for p in problems
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
