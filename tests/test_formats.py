"""Scenario CSV and trials CSV: round trips, forgiving reading, plain errors, safe text."""

import csv
import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator import Range, Scenario, Target, evaluate, simulate
from simulator.files.cells import parse_number, safe_text, unsafe_text
from simulator.files.scenario_columns import COLUMNS
from simulator.files.scenario_csv import (
    ScenarioFileError,
    read_scenarios,
    read_scenarios_with_notes,
    write_scenarios,
)
from simulator.files.scenario_results import result_columns
from simulator.files.trials_csv import CUSTOMER_COLUMNS, write_trials

SAMPLE = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
HEADER = "name,traffic_low_visits_per_month,traffic_high_visits_per_month,visit_to_lead_rate_low,visit_to_lead_rate_high,lead_to_qualified_rate_low,lead_to_qualified_rate_high,win_rate_low,win_rate_high,deal_size_low_usd,deal_size_high_usd,target_metric,target_value,target_deadline_month"  # noqa: E501
ROW = "Plan A,4000,6000,2.5%,3.5%,0.25,0.35,20%,30%,2000,8000,deals,30,3"


def test_sample_file_has_at_least_three_realistic_scenarios():
    scenarios = read_scenarios(SAMPLE)
    assert len(scenarios) >= 3
    assert any(s.capacity_per_rep is not None and s.reps == 4 for s in scenarios)
    assert any(s.target.metric.value == "revenue" for s in scenarios)


def test_round_trip_reproduces_scenarios_and_results():
    scenarios = [replace(s, trials=2000) for s in read_scenarios(SAMPLE)]
    answers = [evaluate(simulate(s)) for s in scenarios]
    text = write_scenarios(scenarios, answers)
    again = read_scenarios(text)
    assert again == scenarios
    assert write_scenarios(again, [evaluate(simulate(s)) for s in again]) == text


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_written_file_reads_back_in_either_separator(delimiter):
    scenario = Scenario(name="Q3 – plan, revised", win_rate=Range(0.125, 0.3), deal_size=Range(1234.5, 9876.5))
    assert read_scenarios(write_scenarios([scenario], delimiter=delimiter)) == [scenario]


def test_defaults_fill_optional_columns():
    (scenario,) = read_scenarios(f"{HEADER}\n{ROW}\n")
    assert scenario.visit_to_lead == Range(0.025, 0.035)
    assert scenario.win_rate == Range(0.2, 0.3)
    assert scenario.target == Target(value=30, deadline_month=3)
    assert scenario.capacity_per_rep is None
    assert scenario.horizon_months == Scenario().horizon_months


def european(text: str) -> str:
    """The same file as a spreadsheet with ';' and decimal commas writes it."""
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[cell.replace(".", ",") for cell in row] for row in rows]
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t,
        european,
        lambda t: "\ufeff" + t,  # BOM as text
        lambda t: ("\ufeff" + t).encode("utf-8"),  # BOM as bytes
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),  # CRLF
        lambda t: "\n".join(" , ".join(f" {c} " for c in line.split(",")) for line in t.splitlines()),  # padded
        lambda t: "\n".join(",".join(reversed(line.split(","))) for line in t.splitlines()),  # any column order
        lambda t: t + "\n\n,,,\n",  # blank rows at the end
    ],
)
def test_forgiving_reader(variant):
    text = f"{HEADER}\n{ROW}\n"
    assert read_scenarios(variant(text)) == read_scenarios(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3%", 0.03),
        ("0.03", 0.03),
        ("0,03", 0.03),
        (" 12,5 % ", 0.125),
        ("100%", 1.0),
        ("-1,5%", -0.015),
    ],
)
def test_rate_cells(text, expected):
    assert parse_number(text, delimiter=",", percent=True) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "delimiter", "expected"),
    [
        ("5,000", ",", 5000),
        ("5,000", ";", 5.0),
        ("1.234,5", ";", 1234.5),
        ("1,234.5", ",", 1234.5),
        ("-2", ",", -2),
        ("1e3", ",", 1000),
        ("\u00a05000", ",", 5000),
    ],
)
def test_number_cells(text, delimiter, expected):
    assert parse_number(text, delimiter=delimiter) == pytest.approx(expected)


def replace_cell(column: str, value: str) -> str:
    names = HEADER.split(",")
    cells = ROW.split(",")
    cells[names.index(column)] = value
    return f"{HEADER}\n{ROW}\n" + ",".join(cells).replace("Plan A", "Plan B") + "\n"


def with_correlations(cell: str) -> str:
    """The file with a correlations column, the second row's cell being `cell`."""
    return f"{HEADER},correlations\n{ROW},\n" + ROW.replace("Plan A", "Plan B") + f",{cell}\n"


CONTRADICTION = (
    "traffic_mean~visit_to_lead=-0.9;visit_to_lead~lead_to_qualified=-0.9;traffic_mean~lead_to_qualified=-0.9"
)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (replace_cell("win_rate_high", "120%"), ["Row 3", "win_rate_high", "120%", "between 0% and 100%"]),
        (replace_cell("win_rate_low", "abc"), ["Row 3", "win_rate_low", "'abc' is not a number", "3% or 0.03"]),
        (replace_cell("win_rate_low", "40%"), ["Row 3", "win_rate", "low <= high"]),
        (
            replace_cell("traffic_low_visits_per_month", "-5"),
            ["Row 3", "traffic_low_visits_per_month", "0 or more"],
        ),
        (replace_cell("target_deadline_month", "13"), ["Row 3", "target_deadline_month", "inside the horizon"]),
        (replace_cell("target_deadline_month", "30"), ["Row 3", "target_deadline_month", "between 1 and 24"]),
        (replace_cell("target_deadline_month", "2.5"), ["Row 3", "target_deadline_month", "whole number"]),
        (replace_cell("target_metric", "profit"), ["Row 3", "target_metric", "deals", "revenue"]),
        (replace_cell("target_value", ""), ["Row 3", "target_value", "target_change_pct"]),
        (replace_cell("deal_size_low_usd", ""), ["Row 3", "deal_size_low_usd", "empty"]),
        (
            with_correlations("traffic_mean~visit_to_lead=-1.5"),
            ["Row 3", "column correlations (traffic_mean~visit_to_lead)", "-1.5", "between -1 and 1"],
        ),
        (
            with_correlations("traffic_mean~visit_to_lead=strong"),
            ["Row 3", "column correlations", "'strong'", "between -1 and 1"],
        ),
        (
            with_correlations("traffic_mean~deal_size=0.3"),
            ["Row 3", "column correlations", "'deal_size' is not one", "traffic_mean, visit_to_lead"],
        ),
        (with_correlations("traffic_mean=0.3"), ["Row 3", "column correlations", "input~input=number"]),
        (with_correlations("win_rate~win_rate=0.5"), ["Row 3", "column correlations", "two different inputs"]),
        (
            with_correlations("win_rate~visit_to_lead=0.5;visit_to_lead~win_rate=0.2"),
            ["Row 3", "column correlations", "given twice"],
        ),
        (
            with_correlations(CONTRADICTION),
            ["Row 3", "column correlations", "contradict each other", "lower one of them"],
        ),
        (f"{HEADER}\n{ROW}\n{ROW}\n", ["Row 3", "name", "Plan A", "row 2"]),
        (HEADER.replace("win_rate_high", "win_rate_hi") + "\n" + ROW, ["Unknown column", "win_rate_hi"]),
        (HEADER.replace(",win_rate_high", "") + "\n" + ROW, ["win_rate_high", "missing"]),
        (HEADER + "," + "name" + "\n" + ROW + ",x", ["name", "twice"]),
        (f"{HEADER}\n{ROW},extra,cells", ["Row 2", "cells", "separator"]),
        ("", ["empty"]),
        (HEADER + "\n", ["no scenario rows"]),
        # UTF-16 with a BOM and Windows code pages are decoded (simulator/files/text.py): the header is read.
        ("name;x\n".encode("utf-16"), ["Unknown column 'x'"]),
        ("caf\xe9".encode("latin-1"), ["Unknown column 'café'"]),
    ],
)
def test_bad_files_give_one_plain_message(text, fragments):
    with pytest.raises(ScenarioFileError) as caught:
        read_scenarios(text)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert "Traceback" not in message
    assert "Error" not in message
    assert "\n" not in message


def test_missing_file_is_a_plain_message(tmp_path):
    with pytest.raises(ScenarioFileError, match="Cannot open"):
        read_scenarios(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =SUM(A1)", " \t-1", "'=1"]
)
def test_text_cells_cannot_start_a_formula_and_names_round_trip(name):
    scenario = Scenario(name=name)
    text = write_scenarios([scenario], [evaluate(simulate(replace(scenario, trials=100)))])
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "@", "\t", "\r")) or cell[0] == "'"
    data_row = next(csv.DictReader(io.StringIO(text)))
    assert data_row["name"] == safe_text(name)
    assert read_scenarios(text)[0].name == name


@given(st.text())
def test_safe_text_never_starts_a_formula_even_trimmed_and_undoes_exactly(text):
    cell = safe_text(text)
    assert cell.startswith("'") or not cell.lstrip().startswith(("=", "+", "-", "@"))
    assert unsafe_text(cell) == text


def test_negative_numbers_stay_numbers():
    text = write_scenarios([Scenario(traffic_growth=-0.05, gross_margin=-0.1)])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["traffic_growth_rate_per_month"] == "-0.05"


def test_exported_rows_carry_every_result_column():
    scenario = Scenario(trials=500)
    text = write_scenarios([scenario], [evaluate(simulate(scenario))])
    header = next(csv.reader(io.StringIO(text)))
    assert header == [c.column for c in COLUMNS] + result_columns()
    assert {"hit_probability", "verdict", "commit", "most_likely", "best_case", "deals_p10", "revenue_p90"} <= set(
        header
    )


def test_trials_file_has_one_row_per_trial_and_month_with_drawn_inputs():
    scenario = Scenario(name="=evil", trials=50, horizon_months=4, marketing_spend=100.0)
    result = simulate(scenario)
    rows = list(csv.DictReader(io.StringIO(write_trials([result]))))
    assert len(rows) == 50 * 4
    first = rows[5]  # trial 2, month 2
    assert (first["trial"], first["month"]) == ("2", "2")
    assert int(first["deals"]) == result.deals[1, 1]
    assert float(first["drawn_win_rate"]) == result.drawn["win_rate"][1]
    assert float(first["costs_usd"]) == 100.0
    assert first["scenario"] == "'=evil"
    assert {
        "visits",
        "leads",
        "qualified",
        "worked",
        "backlog",
        "revenue_usd",
        "gross_profit_usd",
        "drawn_traffic_mean",
        "drawn_visit_to_lead",
        "drawn_lead_to_qualified",
    } <= set(first)


SUBSCRIPTION = Scenario(
    name="SaaS",
    trials=40,
    horizon_months=6,
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.0,
    churn=Range(0.01, 0.05),
    expansion=Range(-0.01, 0.03),
)


def test_a_subscription_trials_file_carries_the_customer_base_of_each_trial_and_month():
    result = simulate(SUBSCRIPTION, rng=3)
    base = result.customer_base
    frame = pd.read_csv(io.StringIO(write_trials([result], max_trials=30)))
    assert len(frame) == 30 * 6
    assert set(CUSTOMER_COLUMNS) | {"drawn_churn", "drawn_expansion"} <= set(frame.columns)
    shaped = {name: frame[name].to_numpy().reshape(30, 6) for name in frame.columns}
    np.testing.assert_array_equal(shaped["customers"], base.customers[:30])
    np.testing.assert_array_equal(shaped["new_customers"], result.deals[:30])
    np.testing.assert_array_equal(shaped["churned_customers"], base.churned[:30])
    np.testing.assert_allclose(shaped["mrr_usd"], result.revenue[:30], atol=0.005)
    np.testing.assert_allclose(shaped["churned_mrr_usd"], base.churned_mrr()[:30], atol=0.005)
    np.testing.assert_allclose(shaped["expansion_mrr_usd"], base.expansion_mrr()[:30], atol=0.005)
    np.testing.assert_array_equal(shaped["drawn_churn"][:, 0], base.drawn["churn"][:30])
    np.testing.assert_array_equal(shaped["drawn_expansion"][:, 3], base.drawn["expansion"][:30])
    # The MRR moves by exactly what the file says moved it, and only won deals bring new MRR.
    opening = np.column_stack([np.full(30, SUBSCRIPTION.starting_mrr), shaped["mrr_usd"][:, :-1]])
    moved = opening + shaped["new_mrr_usd"] + shaped["expansion_mrr_usd"] - shaped["churned_mrr_usd"]
    np.testing.assert_allclose(shaped["mrr_usd"], moved, atol=0.02)
    assert (shaped["new_mrr_usd"][shaped["new_customers"] == 0] == 0).all()
    assert (shaped["new_mrr_usd"][shaped["new_customers"] > 0] > 0).all()


def test_a_one_off_trials_file_has_no_customer_columns():
    columns = set(
        pd.read_csv(io.StringIO(write_trials([simulate(replace(SUBSCRIPTION, revenue_mode="one_off"))])))
    )
    assert not columns & {*CUSTOMER_COLUMNS, "drawn_churn", "drawn_expansion"}


def test_column_reference_documents_every_column():
    reference = (Path(__file__).parent.parent / "docs" / "scenario_csv.md").read_text(encoding="utf-8")
    for name in [c.column for c in COLUMNS] + result_columns()[:7] + list(CUSTOMER_COLUMNS):
        assert f"`{name}`" in reference, name


def test_a_file_without_notes_reads_with_empty_notes_and_one_with_notes_keeps_them():
    scenarios = read_scenarios(SAMPLE)
    assert [note for _, note in read_scenarios_with_notes(SAMPLE)] == [""] * len(scenarios)
    notes = [f"note {i} – примечание" for i in range(len(scenarios))]
    text = write_scenarios(scenarios, notes=notes)
    assert read_scenarios_with_notes(text) == list(zip(scenarios, notes, strict=True))
