"""Reading a CRM's open-deals export: column names of common CRMs, dates in several formats, the day/month
question, and each bad row named by row and column and left out while the rest is read."""

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sample_data.make_open_deals import REVIEW as SAMPLE_REVIEW
from sample_data.make_open_deals import open_deals
from simulator.history.pipeline_reader import DateOrderQuestion, parse_date, read_pipeline
from simulator.history.reader import HistoryError
from simulator.model.open_deals import Pipeline

REVIEW = date(2026, 3, 2)


@pytest.mark.parametrize(
    "header",
    [
        "Deal Name,Deal Stage,Amount,Close Date,Deal Owner",  # HubSpot
        "Opportunity Name,Stage,Amount,Close Date,Opportunity Owner",  # Salesforce
        "Title,Stage,Value,Expected close date,Owner",  # Pipedrive
    ],
)
def test_common_crm_exports_are_matched(header):
    export = read_pipeline(f'{header}\nAcme,Prospecting,"$12,000",2026-04-01,Ana\n', REVIEW)
    (deal,) = export.deals
    assert (deal.deal_id, deal.stage, deal.amount, deal.close_day, deal.owner) == (
        "Acme",
        "Prospecting",
        12000.0,
        30.0,
        "Ana",
    )


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("2026-03-31", False, date(2026, 3, 31)),
        ("31/03/2026", False, date(2026, 3, 31)),
        ("03/31/2026", True, date(2026, 3, 31)),
        ("31.03.2026", False, date(2026, 3, 31)),
        ("2026-03-31T10:00:00", False, date(2026, 3, 31)),
    ],
)
def test_dates_in_the_ways_spreadsheets_write_them(text, month_first, expected):
    assert parse_date(text, month_first=month_first) == expected


def rows(*lines: str) -> str:
    return "Deal ID,Deal Name,Deal Stage,Amount,Close Date\n" + "\n".join(lines) + "\n"


def test_the_file_settles_day_or_month_first_and_an_undecided_file_gets_a_question():
    day_first = read_pipeline(rows("1,A,Prospecting,100,25/03/2026", "2,B,Prospecting,100,04/05/2026"), REVIEW)
    assert day_first.month_first is False
    assert day_first.deals[1].close_day == (date(2026, 5, 4) - REVIEW).days
    month_first = read_pipeline(rows("1,A,Prospecting,100,03/25/2026", "2,B,Prospecting,100,04/05/2026"), REVIEW)
    assert month_first.deals[1].close_day == (date(2026, 4, 5) - REVIEW).days
    with pytest.raises(DateOrderQuestion, match="Close Date: a date such as 04/05"):
        read_pipeline(rows("1,A,Prospecting,100,04/05/2026"), REVIEW)
    answered = read_pipeline(rows("1,A,Prospecting,100,04/05/2026"), REVIEW, month_first=True)
    assert answered.deals[0].close_day == (date(2026, 4, 5) - REVIEW).days


@pytest.mark.parametrize(
    ("bad", "column", "words"),
    [
        ("9,Z,Prospecting,-5,2026-04-01", "Amount", "not allowed"),
        ("9,Z,Prospecting,lots,2026-04-01", "Amount", "not an amount"),
        ("9,Z,Prospecting,100,2026-02-01", "Close Date", "before the review"),
        ("9,Z,Prospecting,100,someday", "Close Date", "not a date"),
        ("9,Z,Prospecting,100,2026-02-30", "Close Date", "not a date"),
        ("9,Z,,100,2026-04-01", "Deal Stage", "no stage"),
        ("1,Z,Prospecting,100,2026-04-01", "Deal ID", "also in row 2"),
    ],
)
def test_a_bad_row_is_named_and_left_out_and_the_rest_read(bad, column, words):
    export = read_pipeline(rows("1,A,Prospecting,100,2026-04-01", bad, "3,C,Prospecting,300,2026-04-10"), REVIEW)
    assert [d.deal_id for d in export.deals] == ["1", "3"]
    (problem,) = export.problems
    assert (problem.row, problem.column) == (3, column)
    assert words in problem.message


def test_a_missing_column_is_said_with_the_header_to_map():
    with pytest.raises(HistoryError) as caught:
        read_pipeline("Deal Name,Stage,Close Date\nA,Prospecting,2026-04-01\n", REVIEW)
    assert caught.value.missing == ("amount",)
    assert (
        read_pipeline(
            "Deal Name,Stage,Worth,Close Date\nA,Prospecting,100,2026-04-01\n", REVIEW, mapping={"amount": "Worth"}
        )
        .deals[0]
        .amount
        == 100.0
    )


def test_the_sample_export_is_what_its_script_writes_and_reads_whole():
    expected = open_deals(np.random.default_rng(2026))
    path = Path(__file__).parent.parent / "sample_data" / "open_deals.csv"
    assert pd.read_csv(path).equals(expected)
    export = read_pipeline(path, SAMPLE_REVIEW)
    assert not export.problems
    pipeline = Pipeline(deals=export.deals)  # every stage is one of the default stages
    assert [d.deal_id for d in pipeline.deals] == list(expected["Record ID"])
    assert [d.amount for d in pipeline.deals] == list(expected["Amount"])


def test_an_excel_export_keeps_each_close_dates_day():
    frame = pd.DataFrame(
        {
            "Deal Name": ["Acme", "Beta"],
            "Deal Stage": ["Prospecting", "Negotiation/Review"],
            "Amount": [1000, 2000],
            "Close Date": [pd.Timestamp("2026-03-17"), pd.Timestamp("2026-02-28")],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    export = read_pipeline(buffer.getvalue(), date(2026, 2, 9))
    assert export.problems == ()
    assert [deal.close_day for deal in export.deals] == [36.0, 19.0]


def test_a_pipeline_of_more_rows_than_a_history_is_read():
    rows = "".join(f"D{i},Prospecting,100,2026-03-31\n" for i in range(5_000))
    export = read_pipeline("Deal Name,Deal Stage,Amount,Close Date\n" + rows, date(2026, 2, 9))
    assert len(export.deals) == 5_000
