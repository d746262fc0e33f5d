"""A spreadsheet in the manager's language: scenario and trials CSVs written with ';' and decimal commas read back
to the same scenarios and numbers, without the reader being told, and their text cells stay formula-safe."""

import csv
import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator import Range, Scenario, evaluate, simulate
from simulator.files.cells import cell_text, parse_number
from simulator.files.channel_text import channels_from_text
from simulator.files.dialect import DECIMAL_COMMA, STANDARD, Dialect, detect_dialect, dialect_of, local_dialect
from simulator.files.links import CURRENCY_PARAM, LANGUAGE_PARAM, LINK_VERSION, VERSION, scenario_from_query
from simulator.files.scenario_csv import read_scenarios, read_scenarios_with_notes, write_scenarios
from simulator.files.trials_csv import read_trials, trials_frame, write_trials
from simulator.i18n import using
from simulator.model.correlations import Correlations
from tests.test_formats import HEADER, ROW

SAMPLE = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
SAMPLES = read_scenarios(SAMPLE)
#: Every kind of cell: channels, a subscription, and correlations (whose pairs are separated by ';').
MIXED = Scenario(
    name="Q3 – plan; revised, 1.5x",
    channels=channels_from_text(
        "Website: visits=3000-5000 growth=2.5% visit_to_lead=2%-3% | Paid: spend=15000.5 cost_per_lead=60.25-90"
    ),
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.5,
    churn=Range(0.01, 0.05),
    trials=40,
    horizon_months=6,
)
CORRELATED = Scenario(
    name="Correlated",
    correlations=Correlations.from_text("traffic_mean~win_rate=-0.5; lead_to_qualified~win_rate=0.25"),
)


def header_line(text: str) -> str:
    return text.split("\r\n", 1)[0]


@pytest.mark.parametrize(
    ("code", "dialect"), [("es", DECIMAL_COMMA), ("ru", DECIMAL_COMMA), ("en_US", STANDARD), ("ar", STANDARD)]
)
def test_the_local_dialect_follows_the_locales_decimal_mark(code, dialect):
    assert local_dialect(code) == dialect


@pytest.mark.parametrize(("language", "separator"), [("es", ";"), ("ru", ";"), ("en", ","), ("ar", ",")])
def test_the_local_dialect_is_by_default_the_one_of_the_runs_language(language, separator):
    with using(language):
        assert local_dialect().separator == separator


def test_a_dialect_is_one_of_the_two_and_a_separator_names_it():
    assert (dialect_of(","), dialect_of(";")) == (STANDARD, DECIMAL_COMMA)
    with pytest.raises(ValueError, match="no such dialect"):
        Dialect(";", ".")
    with pytest.raises(ValueError, match="must be ',' or ';'"):
        dialect_of("\t")


def test_every_sample_scenario_round_trips_through_the_local_dialect():
    text = write_scenarios(SAMPLES, dialect=local_dialect("es"))
    assert ";" in header_line(text)
    assert "," not in header_line(text)
    assert "1,5" in text.split("\r\n")[1].split(";")  # the first sample's sales cycle of 1.5 months
    assert read_scenarios(text) == SAMPLES
    assert read_scenarios(("\ufeff" + text).encode("utf-8")) == SAMPLES  # as a spreadsheet saves it: bytes, BOM


def test_scenarios_with_results_channels_and_correlations_round_trip_through_the_local_dialect():
    scenarios = [replace(s, trials=200) for s in [*SAMPLES, MIXED, CORRELATED]]
    answers = [evaluate(simulate(s)) for s in scenarios]
    notes = ["=1+1; a note", *[""] * (len(scenarios) - 1)]
    text = write_scenarios(scenarios, answers, notes=notes, dialect=DECIMAL_COMMA)
    assert detect_dialect(text) == DECIMAL_COMMA
    assert read_scenarios_with_notes(text) == list(zip(scenarios, notes, strict=True))
    # The standard file is what it always was, and reads to the same scenarios.
    assert write_scenarios(scenarios, answers, dialect=STANDARD) == write_scenarios(scenarios, answers)
    assert read_scenarios(write_scenarios(scenarios, answers)) == scenarios


def test_numbers_in_the_local_dialect_have_decimal_commas_and_no_thousands_separators():
    scenario = Scenario(name="Big", deal_size=Range(1234.5, 98765.25), marketing_spend=1_250_000.0)
    row = next(csv.DictReader(io.StringIO(write_scenarios([scenario], dialect=DECIMAL_COMMA)), delimiter=";"))
    assert (row["deal_size_low_usd"], row["deal_size_high_usd"]) == ("1234,5", "98765,25")
    assert row["marketing_spend_usd_per_month"] == "1250000,0"


def test_a_hand_written_semicolon_file_with_decimal_commas_reads_without_being_told():
    header = HEADER.replace(",", ";")
    row = "Plan A;4000;6000;2,5%;3,5%;0,25;0,35;20%;30%;2000,5;8000;deals;30;3"
    (scenario,) = read_scenarios(f"{header}\r\n{row}\r\n")
    assert scenario.visit_to_lead == Range(0.025, 0.035)
    assert scenario.lead_to_qualified == Range(0.25, 0.35)
    assert scenario.deal_size == Range(2000.5, 8000.0)
    # The same scenario typed the standard way.
    (standard,) = read_scenarios(f"{HEADER}\n{ROW.replace(',2000,', ',2000.5,')}\n")
    assert scenario == standard


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x";"y")', "-0,5", "+1;2", "@risk", "  =SUM(A1)"])
def test_a_text_cell_that_looks_like_a_formula_stays_safe_in_the_local_dialect(name):
    text = write_scenarios([Scenario(name=name)], dialect=DECIMAL_COMMA)
    (cell,) = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert cell.startswith("'")
    assert read_scenarios(text) == [Scenario(name=name)]


def test_the_trials_csv_in_the_local_dialect_reads_back_to_the_same_numbers():
    result = simulate(replace(MIXED, name="=evil"), rng=3)
    local = write_trials([result], dialect=DECIMAL_COMMA)
    assert detect_dialect(local) == DECIMAL_COMMA
    assert "'=evil" in local.split("\r\n")[1].split(";")
    frame = trials_frame(result)
    pd.testing.assert_frame_equal(read_trials(local), frame, check_dtype=False)
    pd.testing.assert_frame_equal(read_trials(write_trials([result])), frame, check_dtype=False)


def test_the_standard_trials_csv_is_what_it_always_was():
    result = simulate(replace(MIXED, trials=5))
    assert write_trials([result], dialect=STANDARD) == write_trials([result])
    assert header_line(write_trials([result])).startswith("engine_version,scenario,trial,month,")


FINITE = st.floats(allow_nan=False, allow_infinity=False)


@given(FINITE)
def test_any_number_round_trips_through_a_local_cell(value):
    assert parse_number(cell_text(value, DECIMAL_COMMA.separator), delimiter=DECIMAL_COMMA.separator) == value


@given(st.lists(st.floats(min_value=0.001, max_value=0.999), min_size=2, max_size=2).map(sorted))
def test_any_rate_round_trips_through_a_local_scenario_file(ends):
    scenario = Scenario(name="Rates", win_rate=Range(*ends))
    assert read_scenarios(write_scenarios([scenario], dialect=DECIMAL_COMMA)) == [scenario]


@pytest.mark.parametrize("fallback", [Scenario(), SAMPLES[0]])
def test_a_links_language_and_currency_are_known_and_leave_the_scenario_alone(fallback):
    params = {LANGUAGE_PARAM: "es", CURRENCY_PARAM: "EUR"}
    assert scenario_from_query({VERSION: LINK_VERSION} | params, fallback) == (Scenario(), None, [])
    assert scenario_from_query(params, fallback) == (fallback, None, [])
