"""ActualsTable to date: weekly and monthly files read, the running total by the review, bad rows named."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from simulator.history.actuals import ActualsRow, ActualsTable, read_actuals, to_date
from simulator.history.pipeline_reader import DateOrderQuestion
from simulator.history.reader import HistoryError

SAMPLE = Path(__file__).parent.parent / "sample_data" / "weekly_actuals.csv"


def test_the_sample_banks_what_its_rows_add_up_to_by_the_review():
    actuals = read_actuals(SAMPLE.read_bytes())
    progress = to_date(actuals, "won", date(2026, 1, 1), date(2026, 2, 9))
    assert (actuals.unit, actuals.problems) == ("week", ())
    assert progress.banked == 2 + 3 + 4 + 3 + 4 + 3
    # The first week began on Monday 29 Dec: it ends 4 days into the quarter; each next one 7 days later.
    assert [day for day, _ in progress.path] == [0, 4, 11, 18, 25, 32, 39]
    assert [total for _, total in progress.path] == [0, 2, 5, 9, 12, 16, 19]
    assert progress.weeks_done == pytest.approx(39 / 7)


def test_a_weekly_row_that_runs_past_the_review_counts_up_to_the_review():
    actuals = read_actuals('week,revenue\n2026-01-01,"$1,000"\n2026-01-08,2 500')
    progress = to_date(actuals, "revenue", date(2026, 1, 1), date(2026, 1, 10))
    assert progress.banked == 3500
    assert progress.path == ((0, 0), (7, 1000), (9, 3500))


def test_monthly_actuals_are_months_of_their_own_length():
    actuals = read_actuals("Month,Won\n2026-01,10\nFeb 2026,12\n2026-03,9")
    assert actuals.unit == "month"
    assert [row.days for row in actuals.rows] == [31, 28, 31]
    progress = to_date(actuals, "won", date(2026, 1, 1), date(2026, 3, 15))
    assert progress.banked == 31
    assert progress.path == ((0, 0), (31, 10), (59, 22), (73, 31))


def test_a_date_column_seven_days_apart_holds_weeks():
    actuals = read_actuals("Date,Won\n05/01/2026,1\n12/01/2026,2\n19/01/2026,3")
    assert actuals.unit == "week"
    assert [row.start for row in actuals.rows] == [date(2026, 1, d) for d in (5, 12, 19)]


def test_rows_outside_the_period_up_to_the_review_are_left_out_and_named():
    actuals = read_actuals("week,won\n2025-12-01,5\n2026-01-05,2\n2026-02-09,7")
    progress = to_date(actuals, "won", date(2026, 1, 1), date(2026, 2, 9))
    assert progress.banked == 2
    assert [str(problem) for problem in progress.left_out] == [
        "row 2: the week of 2025-12-01 ends before the period's start: left out",
        "row 4: the week of 2026-02-09 starts on the review or later: left out",
    ]


def test_typed_rows_count_like_read_ones():
    typed = ActualsTable(rows=(ActualsRow(date(2026, 1, 5), 7, {"won": 4.0}),), unit="week", figures=("won",))
    assert to_date(typed, "won", date(2026, 1, 5), date(2026, 1, 20)).banked == 4


def test_a_typed_week_twice_is_named_and_counted_once():
    week = date(2026, 1, 5)
    typed = ActualsTable.typed(
        "week", [(week, {"won": 2.0}), (date(2026, 1, 12), {"won": 1.0}), (week, {"won": 9.0})]
    )
    assert [str(problem) for problem in typed.problems] == [
        "row 3: the same week as another row (2026-01-05): left out"
    ]
    assert to_date(typed, "won", week, date(2026, 2, 1)).banked == 3


def test_ambiguous_weekly_dates_ask_and_are_read_as_answered():
    text = "week,won\n01/05/2026,1\n01/12/2026,2"
    with pytest.raises(DateOrderQuestion, match="week"):
        read_actuals(text)
    assert read_actuals(text, month_first=True).rows[0].start == date(2026, 1, 5)
    assert read_actuals(text, month_first=False).rows[0].start == date(2026, 5, 1)


def test_a_mapped_column_is_read():
    actuals = read_actuals("Semana ISO,Cerrados\n2026-01-05,3", mapping={"week": "Semana ISO", "won": "Cerrados"})
    assert actuals.rows[0].figures["won"] == 3


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("week,won\n2026-01-05,abc", 2, "won", "'abc' is not a number: counted as 0"),
        ("week,won\n2026-01-05,-3", 2, "won", "negative: counted as 0"),
        ("week,won,revenue\n2026-01-05,,100", 2, "won", "empty: counted as 0"),
        ("week,won\nlast week,3", 2, "week", "'last week' is not a week: the row is left out"),
        ("week,won\n2026-01-05,3\n2026-01-05,4", 3, "week", "the same week as row 2: left out"),
        ("month,won\n2026-01,3\njan 2026,4", 3, "month", "the same month as row 2: left out"),
    ],
)
def test_bad_cells_are_named_by_row_and_column(text, row, column, message):
    actuals = read_actuals(text)
    assert [(p.row, p.column, p.message) for p in actuals.problems] == [(row, column, message)]


def test_a_cell_counted_as_zero_adds_nothing():
    actuals = read_actuals("week,won\n2026-01-05,abc\n2026-01-12,2")
    assert math.isnan(actuals.rows[0].figures["won"])
    assert to_date(actuals, "won", date(2026, 1, 5), date(2026, 1, 30)).banked == 2


@pytest.mark.parametrize(
    ("text", "missing"),
    [("won,revenue\n3,100", ("week",)), ("week,leads2\n2026-01-05,3", ("won",)), ("day\n1", ("week", "won"))],
)
def test_a_file_without_a_period_or_a_figure_names_what_is_missing(text, missing):
    with pytest.raises(HistoryError) as raised:
        read_actuals(text)
    assert raised.value.missing == missing


def test_a_goal_figure_the_file_lacks_is_refused_in_words():
    actuals = read_actuals("week,won\n2026-01-05,3")
    with pytest.raises(HistoryError, match="no revenue column"):
        to_date(actuals, "revenue", date(2026, 1, 1), date(2026, 2, 1))
