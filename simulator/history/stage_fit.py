"""Stage odds and slippage fitted from a pipeline history: past snapshots of the open deals stacked, each row a
deal at its stage on the snapshot's day with what became of it (won, lost, or still open: not counted). Columns
are matched by the names CRMs export (:data:`STAGE_FIELDS`), dates read as the open deals' are
(:mod:`simulator.history.pipeline_reader`), and every bad row is named by row and column and left out.

* **Stage odds** count each snapshot row, as snapshot-based stage conversion usually does: a deal seen at
  Proposal in three weekly snapshots counts three times (as often as weekly reviews met it). A deal's rows share
  its outcome, so they are not independent, and Beta(won + 1/2, lost + 1/2) on the rows is too narrow: on the
  sample's generator its "90%" intervals held each stage's probability in 75% of 300 histories. The interval is
  Jeffreys' on the effective number of deals the rows weigh instead (:func:`effective_count`), the usual one when
  each deal has one row; it held 89% there (``tests/test_stage_fit.py`` measures both). Slippage is counted so too.
* **Slippage** is read from the won rows with both dates: a row slipped when its deal closed after the expected
  close date it had on the snapshot. Dates are whole days, so a delay is a whole number of days (1 or more).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from scipy import stats

from simulator.files.text import FileTextError
from simulator.history.headers import match_columns
from simulator.history.pipeline_reader import PIPELINE_FIELDS, DateOrderQuestion, date_order, parse_date
from simulator.history.reader import HistoryError, Problem
from simulator.history.table import read_table
from simulator.history.words import field_name, period_text
from simulator.i18n import _, listed
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES

#: Closed deals a stage (won deals with both dates, for slippage) needs to be fitted: with fewer, a 90% interval
#: spans half the scale or more (10 deals with 5 won give 26% to 74%), no better than a typed guess.
MIN_DEALS = 10
#: How a won or lost deal's outcome is written (lower case); an empty outcome, or one of OPEN, is still open.
WON = ("won", "closed won", "closed/won", "win", "ganado", "ganada", "cerrado ganado", "выиграна", "فوز")
LOST = ("lost", "closed lost", "closed/lost", "perdido", "perdida", "cerrado perdido", "проиграна", "خسارة")
OPEN = ("", "open", "in progress", "abierto", "abierta", "открыта", "в работе", "مفتوحة")
#: Each field's column names in exports (lower case); beside "Expected Close Date", "Close Date" is the day closed.
STAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "deal_id": PIPELINE_FIELDS["deal_id"],
    "name": PIPELINE_FIELDS["name"],
    "stage": PIPELINE_FIELDS["stage"],
    "outcome": ("outcome", "result", "status", "deal status", "won/lost", "resultado", "estado", "итог", "статус"),
    "close_date": ("expected close date", *PIPELINE_FIELDS["close_date"]),
    "closed_on": ("closed on", "actual close date", "closed date", "date closed", "дата закрытия", "close date"),
    "snapshot": ("snapshot date", "snapshot", "as of", "report date", "fecha de corte", "дата среза"),
}
REQUIRED = ("deal_id", "stage", "outcome")
#: The most rows a history of snapshots is read with: a year of weekly snapshots of a pipeline of a thousand.
MAX_SNAPSHOT_ROWS = 52_000


@dataclass(frozen=True)
class StageOdds:
    """A stage's chance to win as the history shows it.

    Attributes
    ----------
    stage : str
    probability : float
        The share of its closed rows won, ``won / n``: the unbiased estimate, which the stage table takes (the
        interval's middle would pull a small stage toward 50%); NaN when none has closed.
    low, high : float
        Its 90% interval: Beta(w + 1/2, l + 1/2)'s 5% and 95% quantiles (Jeffreys), ``w + l`` the rows'
        :func:`effective_count` and ``w / (w + l)`` the share won: ``w, l = won, n - won`` for a row a deal.
    n, won, deals, still_open : int
        Rows at the stage that have closed (won or lost), of them won, the deals they are of, and rows still open.
        Many still open lean early stages low: the slow deals, left out, are the ones still going toward a win.
    """

    stage: str
    probability: float
    low: float
    high: float
    n: int
    won: int
    deals: int
    still_open: int

    @property
    def too_few(self) -> bool:
        """Fewer than :data:`MIN_DEALS` closed deals: the stage keeps its default."""
        return self.deals < MIN_DEALS


@dataclass(frozen=True)
class SlippageFit:
    """How late won deals closed: what :class:`~simulator.model.open_deals.Pipeline` takes as ``slip_share`` and
    ``mean_slip_days``.

    Attributes
    ----------
    share : Range
        90% range of the share of won rows that closed after their expected date (Jeffreys, as the stage odds).
    mean_days, mean_days_low, mean_days_high : float or None
        The mean delay in days of those that slipped (the exponential's maximum-likelihood mean) and its 90%
        interval ``2 k S / chi2(2k)`` at the 95% and 5% quantiles, ``S`` the mean and ``k`` the delays'
        :func:`effective_count` (exact for a row a deal); None when none slipped.
    n_won, n_slipped, deals : int
        Won rows with both dates, of them the ones that slipped, and the deals they are of.
    """

    share: Range
    mean_days: float | None
    mean_days_low: float | None
    mean_days_high: float | None
    n_won: int
    n_slipped: int
    deals: int


@dataclass(frozen=True)
class StageHistory:
    """A pipeline history read and fitted.

    Attributes
    ----------
    stage_odds : tuple of StageOdds
        Each stage with a row, Salesforce's default stages first in their order, then the others as they appear.
    slippage : SlippageFit or None
        None when the won rows with both dates are of fewer than :data:`MIN_DEALS` deals.
    problems, columns, month_first
        Each row left out (its row, column and why); field -> the file's column; how the dates were read.
    """

    stage_odds: tuple[StageOdds, ...]
    slippage: SlippageFit | None
    problems: tuple[Problem, ...]
    columns: dict[str, str]
    month_first: bool


class _Row(NamedTuple):
    deal_id: str
    snapshot: date | None
    stage: str
    won: bool | None  # None: still open
    expected: date | None  # the expected close date on the snapshot
    closed: date | None


def read_stage_history(
    source: str | bytes | Path, *, mapping: Mapping[str, str] | None = None, month_first: bool | None = None
) -> StageHistory:
    """Read a pipeline history (snapshots of open deals with their outcomes) and fit stage odds and slippage.

    Parameters
    ----------
    source : str, bytes or Path
        CSV text or bytes, or an ``.xlsx`` workbook, as :func:`~simulator.history.table.read_table` reads.
    mapping : mapping of str to str, optional
        Field (of :data:`STAGE_FIELDS`) -> column, for columns the known names miss.
    month_first : bool, optional
        How to read dates such as ``03/04/2025`` when the file does not say.

    Raises
    ------
    HistoryError
        When the file cannot be read, or a required column is missing (with the header, for a page to map it).
    DateOrderQuestion
        When the dates could be read either way and `month_first` is not given.

    Examples
    --------
    >>> rows = "".join(f"\\nD{i},Proposal,{'Won' if i < 7 else 'Lost'}" for i in range(10))
    >>> history = read_stage_history("Deal ID,Stage,Outcome" + rows)
    >>> [(o.stage, o.probability, o.n, round(o.low, 3), round(o.high, 3)) for o in history.stage_odds]
    [('Proposal', 0.7, 10, 0.442, 0.883)]
    """
    try:
        table = read_table(source, max_rows=MAX_SNAPSHOT_ROWS)
    except FileTextError as error:
        raise HistoryError(str(error)) from None
    if not table.rows:
        raise HistoryError(_("The file is empty: it needs a header row and one row per deal and snapshot."))
    (_first, header), *rows = table.rows
    found = match_columns(header, mapping, STAGE_FIELDS)
    columns = {field: name for field, name in found.items() if name in header}  # mapped to no column: missing
    if "deal_id" not in columns and "name" in columns:
        columns["deal_id"] = columns["name"]  # HubSpot and Pipedrive exports name deals, without an id
    if missing := tuple(field for field in REQUIRED if field not in columns):
        message = _("No column found for: {fields}. Map them to the file's columns.").format(
            fields=listed(field_name(field) for field in missing)
        )
        raise HistoryError(message, header=tuple(header), missing=missing)
    position = {field: header.index(column) for field, column in columns.items()}
    records = [
        (number, {field: cells[i].strip() if i < len(cells) else "" for field, i in position.items()})
        for number, cells in rows
    ]
    dates = [field for field in ("snapshot", "close_date", "closed_on") if field in columns]
    if month_first is None:
        month_first = _date_order(
            {columns[field]: [record[field] for _number, record in records] for field in dates}
        )
    kept, problems, seen = [], [], {}
    for number, record in records:
        row = _row(number, record, columns, month_first)
        if isinstance(row, Problem):
            problems.append(row)
        elif (row.deal_id, row.snapshot) in seen:
            first = seen[row.deal_id, row.snapshot]
            message = (
                _("{deal} is also in row {row} ({snapshot}): left out").format(
                    deal=repr(row.deal_id), row=first, snapshot=period_text(row.snapshot)
                )
                if row.snapshot
                else _("{deal} is also in row {row}: left out").format(deal=repr(row.deal_id), row=first)
            )
            problems.append(Problem(number, columns["deal_id"], message))
        else:
            seen[row.deal_id, row.snapshot] = number
            kept.append(row)
    return StageHistory(fit_stage_odds(kept), fit_slippage(kept), tuple(problems), columns, month_first)


def _date_order(texts: dict[str, list[str]]) -> bool:
    """Day or month first, from every date of the file; a question names the first column that cannot say."""
    try:
        return date_order([text for column in texts.values() for text in column], "")
    except DateOrderQuestion:
        for column, column_texts in texts.items():
            date_order(column_texts, column)  # no date of the file says: this asks, for the first undecided one
        raise


def _row(number: int, record: dict[str, str], columns: dict[str, str], month_first: bool) -> _Row | Problem:
    """A row of the file as read, or the problem that leaves it out."""
    for field in ("deal_id", "stage", *(("snapshot",) if "snapshot" in columns else ())):
        if not record[field]:
            return Problem(
                number, columns[field], _("no {field}: the row is left out").format(field=field_name(field))
            )
    outcome = record["outcome"].lower()
    if outcome not in (*WON, *LOST, *OPEN):
        known = ", ".join(o for o in (*WON, *LOST, *OPEN) if o)  # the words matched, as the file writes them
        # TRANSLATORS: "Won" and "Lost" are what to write in the file's outcome column: keep them in English; the
        # file's words in other languages are listed in {known}.
        message = _(
            "{cell} is not an outcome: write Won or Lost, or nothing while the deal is open (also read: {known}); "
            "the row is left out"
        ).format(cell=repr(record["outcome"]), known=known)
        return Problem(number, columns["outcome"], message)
    if record["stage"].lower() in (*WON, *LOST):
        message = _("{cell} is not an open stage: a snapshot's row is a deal still open; left out").format(
            cell=repr(record["stage"])
        )
        return Problem(number, columns["stage"], message)
    read = {}
    for field in ("snapshot", "close_date", "closed_on"):
        try:
            read[field] = parse_date(record[field], month_first=month_first) if record.get(field) else None
        except ValueError:
            return Problem(
                number,
                columns[field],
                _("{cell} is not a date: the row is left out").format(cell=repr(record[field])),
            )
    if read["snapshot"] and read["closed_on"] and read["closed_on"] < read["snapshot"]:
        message = _("closed before its snapshot ({snapshot}): it was not open then; left out").format(
            snapshot=period_text(read["snapshot"])
        )
        return Problem(number, columns["closed_on"], message)
    won = True if outcome in WON else False if outcome in LOST else None
    return _Row(record["deal_id"], read["snapshot"], record["stage"], won, read["close_date"], read["closed_on"])


def jeffreys(won: float, lost: float) -> tuple[float, float]:
    """The 90% Jeffreys interval of a share: the 5% and 95% quantiles of Beta(won + 1/2, lost + 1/2).

    >>> [round(x, 4) for x in jeffreys(7, 3)]
    [0.4419, 0.8827]
    """
    low, high = stats.beta.ppf([0.05, 0.95], won + 0.5, lost + 0.5)
    return float(low), float(high)


def effective_count(rows_per_deal: Iterable[int]) -> float:
    """How many independent deals rows of deals seen ``m`` times each weigh as, when each deal's rows share its
    outcome: Kish's ``(sum m)^2 / sum m^2``; the number of rows when each deal has one.

    >>> effective_count([1, 1, 1, 1]), effective_count([3, 1])
    (4.0, 1.6)
    """
    sizes = [float(m) for m in rows_per_deal]
    return sum(sizes) ** 2 / sum(m * m for m in sizes) if sizes else 0.0


def fit_stage_odds(rows: Iterable[_Row]) -> tuple[StageOdds, ...]:
    """Each stage's odds from its rows (see :class:`StageOdds`), in :attr:`StageHistory.stage_odds`'s order."""
    by_stage: dict[str, dict[str, list[bool | None]]] = {}  # stage -> deal -> its rows' outcomes, as they appear
    for row in rows:
        by_stage.setdefault(row.stage, {}).setdefault(row.deal_id, []).append(row.won)
    order = {name: i for i, (name, _probability) in enumerate(DEFAULT_STAGES)}
    fitted = []
    for stage in sorted(by_stage, key=lambda name: order.get(name, len(order))):
        closed = [[won for won in deal if won is not None] for deal in by_stage[stage].values()]
        n, won = sum(map(len, closed)), sum(map(sum, closed))
        p, weight = (won / n if n else float("nan")), effective_count(len(deal) for deal in closed if deal)
        low, high = jeffreys(p * weight, (1 - p) * weight) if n else jeffreys(0, 0)
        still_open = sum(len(deal) for deal in by_stage[stage].values()) - n
        fitted.append(StageOdds(stage, p, low, high, n, won, sum(map(bool, closed)), still_open))
    return tuple(fitted)


def fit_slippage(rows: Iterable[_Row]) -> SlippageFit | None:
    """The slip share and mean delay of the won rows with both dates (:class:`SlippageFit`), or None (see it)."""
    delays: dict[str, list[int]] = {}
    for r in rows:
        if r.won and r.expected and r.closed:
            delays.setdefault(r.deal_id, []).append((r.closed - r.expected).days)
    if len(delays) < MIN_DEALS:
        return None
    n = sum(map(len, delays.values()))
    late = [[days for days in deal if days > 0] for deal in delays.values()]
    k, total = sum(map(len, late)), float(sum(map(sum, late)))
    weight = effective_count(map(len, delays.values()))
    share = Range(*jeffreys(k / n * weight, (1 - k / n) * weight))
    if not k:
        return SlippageFit(share, None, None, None, n, 0, len(delays))
    # 2 S / mean is chi-square(2k) for k independent exponential delays summing to S: an exact interval.
    mean, weight = total / k, effective_count(len(deal) for deal in late if deal)
    low, high = (2 * weight * mean / float(stats.chi2.ppf(q, 2 * weight)) for q in (0.95, 0.05))
    return SlippageFit(share, mean, low, high, n, k, len(delays))
