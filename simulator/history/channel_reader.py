"""A history with a channel column: one row per month and channel, read per channel and totalled per month.

A CRM's lead-source report beside an ad platform's spend export gives, for each month and channel, the spend,
the visits (web channels only), leads, qualified opportunities, won deals and revenue::

    month,channel,spend,visits,leads,qualified,won,revenue
    2025-01,Website,,9800,190,52,14,98000
    2025-01,Paid search,15200,,205,61,15,120500

Each cell is read as in a one-row-per-month file (:func:`~simulator.history.reader.read_history`: numbers,
months, currencies, every problem with its row), and then:

* a channel whose visits are blank in every month brings leads directly; otherwise it brings visits;
* a blank spend is no spend (an organic channel in an ad-spend export);
* a figure a channel gives in no month (no revenue for "Events") is said once, for the channel; a blank cell of
  a figure the channel gives in other months is a problem of its row, as in any history;
* the months' totals (:attr:`History.data`) sum each month's channels, so the shared ranges (win rate, deal
  size, ...) are fitted from them as from any history. A month's total is unknown (NaN) when one of its rows
  lacks the figure, as a blank cell is in a one-row-per-month file; the visits total is unknown in every month
  when a channel brings leads directly (those leads come from no counted visit). ``reps`` is the month's
  figure, given on any of its rows.

A channel with no row in a month between its first and last brought nothing that month (CRM exports leave such
rows out), as the report says. Rows that cannot be used at all (no month, no channel, the same month and
channel twice) are named and left out; nothing is dropped silently.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from simulator.history.month_checks import check_missing_months
from simulator.history.months import dates_month_first, parse_month
from simulator.history.reader import (
    COLUMN_OF_STAGE,
    COUNTS,
    History,
    HistoryError,
    Problem,
    check_cells,
    read_figure,
)
from simulator.history.table import Table
from simulator.history.words import figure_name, period_text
from simulator.i18n import _, listed, ngettext, number_text
from simulator.model.channels import MAX_NAME_CHARS, NAME_MARKS
from simulator.model.stages import RATES as STAGE_RATES

#: The figures of a channel's row (the file's spend column is the history's ``marketing_spend``).
CHANNEL_FIGURES = ("spend", "visits", "leads", "qualified", "won", "revenue")
#: The history figure each channel figure is read as, and totalled into.
TOTALLED_AS = {figure: "marketing_spend" if figure == "spend" else figure for figure in CHANNEL_FIGURES}


def shown(name: str) -> str:
    """A channel's name as a message quotes it: cut short past 60 characters (a cell can hold a page of text).

    >>> shown("Paid search"), len(shown("x" * 500))
    ('Paid search', 60)
    """
    return name if len(name) <= 60 else name[:59] + "…"


def refused_name(name: str) -> str | None:
    """Why a scenario cannot take `name` for a channel, or None when it can.

    >>> refused_name("Paid search"), refused_name("Ads | Google")
    (None, '1 to 40 characters, without | or :')
    """
    if not name.strip() or len(name) > MAX_NAME_CHARS or any(mark in name for mark in NAME_MARKS):
        # TRANSLATORS: {marks} are the characters a channel's name may not hold, joined by " or ": "| or :".
        return _("1 to {most} characters, without {marks}").format(
            most=number_text(MAX_NAME_CHARS), marks=_(" or ").join(NAME_MARKS)
        )
    return None


@dataclass
class _Channel:
    """What reading found about one channel: its name as first written, the figures it gives somewhere, and the
    other ways its name was written (each said once)."""

    name: str
    first_row: int
    given: set[str] = field(default_factory=set)
    spellings: set[str] = field(default_factory=set)


def read_channel_rows(table: Table, header: list[str], columns: dict[str, str]) -> History:
    """The history of a file with a channel column (see the module), its months' totals as :attr:`History.data`.

    Parameters
    ----------
    table : Table
        The file's rows (:func:`~simulator.history.table.read_table`).
    header : list of str
        The header row, stripped.
    columns : dict
        Figure -> file column, with ``month``, ``channel`` and ``leads``
        (:data:`~simulator.history.reader.CHANNEL_REQUIRED`).

    Returns
    -------
    History
        ``data``: one row per month, the totals; ``by_channel``: one row per month and channel used, with
        ``row``, ``month``, ``channel`` and each of :data:`CHANNEL_FIGURES` (NaN where not given).

    Raises
    ------
    HistoryError
        As :func:`~simulator.history.reader.read_history` does.

    Examples
    --------
    >>> from simulator.history.reader import read_history
    >>> text = '''month,channel,spend,visits,leads,qualified,won
    ... 2025-01,Website,,9800,190,52,14
    ... 2025-01,Paid search,15200,,205,61,15
    ... 2025-02,Website,,10100,201,55,13
    ... 2025-02,Paid search,14800,,198,60,16'''
    >>> history = read_history(text)
    >>> history.data[["leads", "qualified", "won", "marketing_spend"]].to_numpy().tolist()
    [[395.0, 113.0, 29.0, 15200.0], [399.0, 115.0, 29.0, 14800.0]]
    >>> history.by_channel["channel"].tolist(), history.problems
    (['Website', 'Paid search', 'Website', 'Paid search'], [])
    """
    rows = table.rows[1:]
    index = {figure: header.index(name) for figure, name in columns.items()}
    check_cells(rows, header, index, columns, table.delimiter)
    month_first = dates_month_first(cells[index["month"]] for _line, cells in rows if index["month"] < len(cells))
    figures = [figure for figure in CHANNEL_FIGURES if TOTALLED_AS[figure] in index]
    problems: list[Problem] = []
    marks: Counter = Counter()
    channels: dict[str, _Channel] = {}
    records = []
    for line, cells in rows:
        cell = _cells_of(cells, index)
        try:
            month = parse_month(cell("month"), month_first=month_first)
        except ValueError:
            problems.append(
                Problem(
                    line,
                    columns["month"],
                    _(
                        "{cell} is not a month (use e.g. 2025-01, 01/2025 or Jan 2025); the row is not used."
                    ).format(cell=repr(cell("month"))),
                )
            )
            continue
        name = " ".join(cell("channel").split())
        if not name:
            problems.append(Problem(line, columns["channel"], _("no channel named; the row is not used.")))
            continue
        channel = _channel_of(name, line, channels, columns["channel"], problems)
        record = {"row": line, "month": month, "channel": channel.name, "blank": []}
        for figure in figures:
            text = cell(TOTALLED_AS[figure])
            if text == "":
                record[figure] = 0.0 if figure == "spend" else math.nan
                record["blank"].append(figure)
                continue
            channel.given.add(figure)
            total = TOTALLED_AS[figure]
            record[figure] = read_figure(text, total, columns[total], line, table.delimiter, problems, marks)
        if "reps" in index and cell("reps"):
            reps = cell("reps")
            record["reps"] = read_figure(reps, "reps", columns["reps"], line, table.delimiter, problems, marks)
        records.append(record)
    if not records:
        raise HistoryError(_("The file has no month that could be read."))
    _check_blanks(records, channels, columns, problems)
    frame = pd.DataFrame(records)
    for figure in CHANNEL_FIGURES:
        if figure not in frame:
            frame[figure] = math.nan
    order = {name: position for position, name in enumerate(c.name for c in channels.values())}
    frame = frame.sort_values(["month", "channel"], key=lambda s: s.map(order) if s.name == "channel" else s)
    frame = frame.reset_index(drop=True)
    left_out, unknown_months = _check_duplicates(frame, columns, problems)
    check_missing_months(frame["month"], problems)
    _check_gaps(frame, problems)
    frame = frame[~frame["row"].isin(left_out)].reset_index(drop=True)
    _check_funnel(frame, columns, problems)
    totals = _totals(frame, figures, unknown_months, columns, problems)
    _check_totals(totals, problems)
    by_channel = frame[["row", "month", "channel", *CHANNEL_FIGURES]].copy()
    decimal_mark = marks.most_common(1)[0][0] if marks else None
    return History(
        totals,
        problems,
        columns,
        tuple(header),
        table.encoding,
        table.delimiter,
        decimal_mark,
        sheet=table.sheet,
        month_first=month_first,
        by_channel=by_channel,
    )


def _cells_of(cells: list[str], index: dict[str, int]):
    """A row's cell of a figure, stripped; empty past the row's end."""
    return lambda figure: cells[index[figure]].strip() if index[figure] < len(cells) else ""


def _channel_of(name: str, line: int, channels: dict[str, _Channel], column: str, problems) -> _Channel:
    """The channel a row names: names differing only in case are one channel, as a scenario tells them apart."""
    key = name.casefold()
    if key not in channels:
        channels[key] = _Channel(name, line)
        if (why := refused_name(name)) is not None:
            problems.append(
                Problem(
                    line,
                    column,
                    _(
                        "{name} cannot name a channel of a scenario (a name has {why}): its rows count in the "
                        "months' totals, but the channel is not fitted. Rename it in the file."
                    ).format(name=repr(shown(name)), why=why),
                )
            )
    elif name != channels[key].name and name not in channels[key].spellings:
        first = channels[key]
        first.spellings.add(name)
        message = _("{name} is read as the channel {channel} (row {row}).").format(
            name=repr(shown(name)), channel=repr(shown(first.name)), row=first.first_row
        )
        problems.append(Problem(line, column, message))
    return channels[key]


def _check_blanks(records: list[dict], channels: dict[str, _Channel], columns: dict, problems) -> None:
    """A blank cell of a figure the channel gives in other months is a problem of its row; a figure it gives in
    no month is one problem for the channel (visits and spend excepted: see the module)."""
    by_name = {channel.name: channel for channel in channels.values()}
    for record in records:
        for figure in record.pop("blank"):
            if figure in by_name[record["channel"]].given and figure != "spend":
                problems.append(
                    Problem(
                        record["row"],
                        columns[TOTALLED_AS[figure]],
                        _("empty for {channel}; this month is left out of the figures that need it.").format(
                            channel=shown(record["channel"])
                        ),
                    )
                )
    for channel in channels.values():
        for figure in ("leads", "qualified", "won", "revenue"):
            if TOTALLED_AS[figure] in columns and figure not in channel.given:
                problems.append(
                    Problem(
                        None,
                        columns[figure],
                        _(
                            "{channel} gives no {figure} in any month: the months' totals of {figure} are "
                            "unknown, so the shared ranges that need them are not fitted."
                        ).format(channel=shown(channel.name), figure=figure_name(figure)),
                    )
                )


def _check_duplicates(frame: pd.DataFrame, columns: dict, problems) -> tuple[set[int], dict[pd.Period, int]]:
    """Rows of the same month and channel: none is used, and the month's totals are unknown.

    Returns the rows left out, and the months whose totals are unknown with their first row.
    """
    repeated = frame[frame.duplicated(["month", "channel"], keep=False)]
    rows, months = set(), {}
    for (month, channel), group in repeated.groupby(["month", "channel"], sort=False):
        lines = group["row"].astype(int).tolist()
        rows.update(lines)
        months[month] = min(months.get(month, lines[0]), *lines)
        for line in lines:
            problems.append(
                Problem(
                    line,
                    columns["channel"],
                    _(
                        "{channel} appears more than once in {month} (rows {rows}): neither row is used, and "
                        "{month} is left out of the months' totals."
                    ).format(channel=shown(channel), month=period_text(month), rows=listed(map(str, lines))),
                )
            )
    return rows, months


def _check_funnel(frame: pd.DataFrame, columns: dict, problems) -> None:
    """A channel's leads above its visits, or qualified above its leads, in a row: that row is left out of the
    channel's rate. Won deals close months after they qualify, so they are checked on the months' totals only
    (:func:`_check_totals`), as in a one-row-per-month history."""
    for rate in STAGE_RATES[:2]:
        later, earlier = COLUMN_OF_STAGE[rate.result], COLUMN_OF_STAGE[rate.source]
        broken = frame[frame[later] > frame[earlier]]
        for _index, row in broken.iterrows():
            message = _(
                "{later} ({later_count}) exceed {earlier} ({earlier_count}) for {channel}; this row is left out "
                "of the {rate} of {channel}."
            ).format(
                later=figure_name(later),
                earlier=figure_name(earlier),
                later_count=number_text(row[later]),
                earlier_count=number_text(row[earlier]),
                channel=shown(row["channel"]),
                rate=rate.label.lower(),
            )
            problems.append(Problem(int(row["row"]), columns[later], message))


def _check_totals(totals: pd.DataFrame, problems) -> None:
    """Won deals above qualified opportunities in a month's totals: the month is left out of the win rate."""
    for _index, month in totals[totals["won"] > totals["qualified"]].iterrows():
        message = _(
            "{month}: won ({won}) exceed qualified ({qualified}) over all channels; this month is left out of the "
            "won/qualified rate."
        ).format(
            month=period_text(month["month"]),
            won=number_text(month["won"]),
            qualified=number_text(month["qualified"]),
        )
        problems.append(Problem(None, None, message))


def _check_gaps(frame: pd.DataFrame, problems) -> None:
    """A channel with no row in a month of the file between its first and last: it brought nothing then, as
    said (a month no row has is said once, for the file)."""
    file_months = sorted(set(frame["month"]))
    for channel, rows in frame.groupby("channel", sort=False):
        first, last, own = rows["month"].min(), rows["month"].max(), set(rows["month"])
        absent = [month for month in file_months if first < month < last and month not in own]
        if absent:
            months = listed(period_text(month) for month in absent[:6])
            if len(absent) > 6:
                months = ngettext(
                    "{months} and {count} more", "{months} and {count} more", len(absent) - 6
                ).format(months=months, count=number_text(len(absent) - 6))
            message = ngettext(
                "{channel} has no row for {months}: nothing from it is counted in that month.",
                "{channel} has no row for {months}: nothing from it is counted in those months.",
                len(absent),
            ).format(channel=shown(channel), months=months)
            problems.append(Problem(None, None, message))


def _totals(frame: pd.DataFrame, figures: list[str], unknown: dict[pd.Period, int], columns, problems):
    """One row per month: each of `figures` summed over the month's channels, NaN when a row lacks it (see the
    module); the visits total is NaN throughout when a channel brings leads directly."""
    months = frame.groupby("month")
    # A month's total is known when every row of the month gives the figure (count skips NaN, size does not).
    complete = months[figures].count().eq(months.size(), axis=0)
    totals = months[figures].sum().where(complete).rename(columns=TOTALLED_AS)
    totals["row"] = months["row"].min()
    if "reps" in frame:
        totals["reps"] = [_reps(group, columns, problems) for _month, group in months]
    # A month with a repeated channel is unknown, and one whose every row was a repeat has no total either.
    for month, line in unknown.items():
        first = min(line, totals.loc[month, "row"]) if month in totals.index else line
        totals.loc[month] = math.nan
        totals.loc[month, "row"] = first
    totals = totals.sort_index().rename_axis("month").reset_index()
    leads_only = frame.groupby("channel", sort=False)["visits"].count().eq(0).any()
    for name in COUNTS:  # the shared fit reads every stage: one the file does not give is unknown
        if name not in totals or (name == "visits" and leads_only):
            totals[name] = math.nan
    totals["row"] = totals["row"].astype(int)
    order = [name for name in (*COUNTS, "revenue", "marketing_spend", "reps") if name in totals]
    return totals[["month", *order, "row"]]


def _reps(group: pd.DataFrame, columns: dict, problems) -> float:
    """The month's reps, written on any of its rows; unknown, as said, when its rows give different numbers."""
    given = sorted(set(group["reps"].dropna()))
    if len(given) > 1:
        month = group["month"].iloc[0]
        problems.append(
            Problem(
                int(group["row"].min()),
                columns["reps"],
                _("the rows of {month} give different reps ({reps}); {month}'s reps is left out.").format(
                    month=period_text(month),
                    reps=listed(number_text(r, len(f"{r:g}".partition(".")[2])) for r in given),
                ),
            )
        )
    return given[0] if len(given) == 1 else math.nan
