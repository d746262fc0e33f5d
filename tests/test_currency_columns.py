"""Money columns follow the currency: files are written with the run's currency in the money columns' names
(``deal_size_low_eur``, ``revenue_eur``), read back in any currency to the same scenarios and trials, refused when
one file mixes currencies, and written byte for byte as before in US dollars."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from simulator import Range, Scenario, simulate
from simulator.files.cells import safe_text
from simulator.files.channel_text import channels_from_text
from simulator.files.dialect import DECIMAL_COMMA, STANDARD, local_dialect
from simulator.files.money_columns import (
    MixedCurrencyError,
    canonical_header,
    file_currency,
    is_currency_code,
    money_column,
)
from simulator.files.scenario_columns import COLUMNS
from simulator.files.scenario_csv import (
    ScenarioFileError,
    read_scenarios,
    read_scenarios_with_notes,
    scenario_file_currency,
    write_scenarios,
)
from simulator.files.trials_csv import MONEY_COLUMNS, read_trials, trials_frame, write_trials
from simulator.i18n import using
from tests.test_formats import HEADER, ROW

SAMPLE = Path(__file__).parent.parent / "sample_data" / "scenarios.csv"
SAMPLES = read_scenarios(SAMPLE)
#: The scenario file's money columns, by their canonical names.
SCENARIO_MONEY = [c.column for c in COLUMNS if "_usd" in c.column]
#: Every kind of money column of a trials file: a scenario's, a channel's and a subscription's.
SAAS = Scenario(
    name="SaaS – channels",
    channels=channels_from_text(
        "Website: visits=3000-5000 visit_to_lead=2%-3% | Paid: spend=15000.5 cost_per_lead=60-90"
    ),
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.5,
    churn=Range(0.01, 0.05),
    trials=20,
    horizon_months=4,
)


def header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text), delimiter=";" if text.split("\r\n")[0].count(";") else ","))


def renamed(text: str, old: str, new: str) -> str:
    """`text` with the header cell `old` renamed `new`."""
    header, rest = text.split("\n", 1)
    cells = header.split(",")
    cells[cells.index(old)] = new
    return ",".join(cells) + "\n" + rest


# --- writing ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["EUR", "SAR"])
def test_every_sample_scenario_round_trips_in_another_currency(code):
    text = write_scenarios(SAMPLES, currency=code)
    header = header_of(text)
    assert {money_column(column, code) for column in SCENARIO_MONEY} <= set(header)
    assert not [column for column in header if "usd" in column]
    assert read_scenarios(text) == SAMPLES
    assert scenario_file_currency(text) == code


def test_the_money_columns_are_renamed_and_nothing_else():
    usd, eur = write_scenarios(SAMPLES, currency="USD"), write_scenarios(SAMPLES, currency="EUR")
    assert header_of(eur) == [column.replace("_usd", "_eur") for column in header_of(usd)]
    assert "marketing_spend_eur_per_month" in header_of(eur)
    # Amounts as they are: only the header differs.
    assert eur.split("\r\n", 1)[1] == usd.split("\r\n", 1)[1]


def test_the_writers_take_the_runs_currency_by_default():
    with using(None, "EUR"):
        assert write_scenarios(SAMPLES) == write_scenarios(SAMPLES, currency="EUR")
        assert "revenue_eur" in header_of(write_trials([simulate(SAAS, rng=1)]))
    # An explicit currency wins over the run's.
    with using(None, "EUR"):
        assert write_scenarios(SAMPLES, currency="usd") == write_scenarios(SAMPLES, currency="USD")


def test_a_currency_that_is_not_an_iso_code_is_refused_by_the_writers():
    with pytest.raises(ValueError, match="XYZ"):
        write_scenarios(SAMPLES, currency="XYZ")
    with pytest.raises(ValueError, match="euro"):
        write_trials([simulate(SAAS, rng=1)], currency="euro")


def test_us_dollar_files_are_written_byte_for_byte_as_before():
    text = write_scenarios(SAMPLES)
    assert text == write_scenarios(SAMPLES, currency="USD")
    with using(None, "USD"):
        assert write_scenarios(SAMPLES) == text
    # The header of before: the canonical names, in the field specs' order.
    assert header_of(text) == [column.column for column in COLUMNS]
    # The sample file's round trip comes back to the very same bytes.
    assert write_scenarios(read_scenarios(text)) == text
    assert write_scenarios(read_scenarios(write_scenarios(read_scenarios(SAMPLE.read_bytes())))) == text


def test_us_dollar_trials_are_written_byte_for_byte_as_before():
    result = simulate(SAAS, rng=2)
    frame = trials_frame(result)
    frame["scenario"] = frame["scenario"].map(safe_text)
    before = frame.to_csv(index=False, lineterminator="\r\n")
    assert write_trials([result]) == write_trials([result], currency="USD") == before


# --- trials -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["EUR", "SAR"])
def test_a_trials_file_names_its_money_in_the_currency_and_reads_back(code):
    result = simulate(SAAS, rng=4)
    text = write_trials([result], currency=code)
    header = header_of(text)
    suffix = "_" + code.lower()
    assert f"revenue{suffix}" in header
    assert f"mrr{suffix}" in header
    assert f"channel_1_revenue{suffix}" in header
    assert f"channel_2_spend{suffix}" in header
    assert not [column for column in header if "usd" in column]
    frame = read_trials(text)
    assert frame.attrs["currency"] == code
    expected = read_trials(write_trials([result]))
    assert expected.attrs["currency"] == "USD"
    assert list(frame.columns) == list(trials_frame(result).columns)
    pd.testing.assert_frame_equal(frame, expected, check_flags=False)


def test_every_money_column_of_a_trials_file_follows_the_currency():
    frame = trials_frame(simulate(SAAS, rng=5))
    money = [column for column in frame.columns if column.endswith("_usd")]
    assert set(MONEY_COLUMNS) <= set(money)
    header = header_of(write_trials([simulate(SAAS, rng=5)], currency="EUR"))
    assert header == [column.removesuffix("_usd") + "_eur" if column in money else column for column in frame]


def test_a_trials_file_mixing_currencies_is_refused_naming_two_columns():
    text = write_trials([simulate(SAAS, rng=6)], currency="EUR").replace("costs_eur", "costs_usd", 1)
    with pytest.raises(MixedCurrencyError) as refused:
        read_trials(text)
    message = str(refused.value)
    assert "'revenue_eur'" in message
    assert "'costs_usd'" in message
    assert "EUR" in message
    assert "USD" in message


def test_an_unknown_code_in_a_trials_file_leaves_the_column_as_it_is():
    text = write_trials([simulate(SAAS, rng=7)], currency="EUR").replace("costs_eur", "costs_xyz", 1)
    frame = read_trials(text)
    assert "costs_xyz" in frame.columns
    assert "costs_usd" not in frame.columns
    assert frame.attrs["currency"] == "EUR"


# --- reading scenarios --------------------------------------------------------------------------------------


def test_a_file_mixing_currencies_is_refused_with_one_message_naming_two_columns():
    text = renamed(f"{HEADER}\n{ROW}\n", "deal_size_high_usd", "deal_size_high_eur")
    with pytest.raises(ScenarioFileError) as refused:
        read_scenarios(text)
    message = str(refused.value)
    assert "'deal_size_low_usd'" in message
    assert "'deal_size_high_eur'" in message
    assert "USD" in message
    assert "EUR" in message
    with pytest.raises(ScenarioFileError, match="deal_size_high_eur"):
        scenario_file_currency(text)


def test_a_mixed_file_is_refused_in_the_runs_language():
    text = renamed(f"{HEADER}\n{ROW}\n", "deal_size_high_usd", "deal_size_high_eur")
    with using("es"), pytest.raises(ScenarioFileError) as refused:
        read_scenarios(text)
    with pytest.raises(ScenarioFileError) as english:
        read_scenarios(text)
    assert "'deal_size_high_eur'" in str(refused.value)
    assert str(refused.value) != str(english.value)


@pytest.mark.parametrize("written", ["eur", "EUR", "Eur"])
def test_the_currency_code_is_read_in_any_case(written):
    text = renamed(f"{HEADER}\n{ROW}\n", "deal_size_low_usd", f"deal_size_low_{written}")
    text = renamed(text, "deal_size_high_usd", "deal_size_high_eur")
    assert read_scenarios(text) == read_scenarios(f"{HEADER}\n{ROW}\n")
    assert scenario_file_currency(text) == "EUR"


def test_an_unknown_three_letter_code_is_an_unknown_column_as_before():
    assert not is_currency_code("xyz")
    text = renamed(f"{HEADER}\n{ROW}\n", "deal_size_low_usd", "deal_size_low_xyz")
    with pytest.raises(ScenarioFileError, match="Unknown column 'deal_size_low_xyz'"):
        read_scenarios(text)


def test_a_currency_code_in_a_column_that_is_not_money_is_an_unknown_column():
    text = renamed(f"{HEADER}\n{ROW}\n", "win_rate_low", "win_rate_low_eur")
    with pytest.raises(ScenarioFileError, match="Unknown column 'win_rate_low_eur'"):
        read_scenarios(text)


def test_messages_name_the_money_columns_as_the_file_does():
    eur = renamed(f"{HEADER}\n{ROW}\n", "deal_size_low_usd", "deal_size_low_eur")
    eur = renamed(eur, "deal_size_high_usd", "deal_size_high_eur")
    with pytest.raises(ScenarioFileError, match="column deal_size_low_eur"):
        read_scenarios(eur.replace(",2000,", ",lots,"))
    without_high = "\n".join(",".join(line.split(",")[:10] + line.split(",")[11:]) for line in eur.split("\n"))
    with pytest.raises(ScenarioFileError, match="Column 'deal_size_high_eur' is missing"):
        read_scenarios(without_high)
    twice = eur.replace("deal_size_high_eur", "deal_size_low_EUR")
    with pytest.raises(ScenarioFileError, match="Column 'deal_size_low_EUR' appears twice"):
        read_scenarios(twice)


def test_notes_and_results_read_alongside_money_in_another_currency():
    notes = [f"note {index}" for index, _ in enumerate(SAMPLES)]
    text = write_scenarios(SAMPLES, notes=notes, currency="SAR")
    assert read_scenarios_with_notes(text) == list(zip(SAMPLES, notes, strict=True))


# --- the spreadsheet's dialect ------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "code"), [("es", "EUR"), ("ru", "RUB"), ("ar", "SAR")])
def test_the_local_dialect_and_a_currency_write_together_and_read_back(language, code):
    with using(language, code):
        dialect = local_dialect()
        text = write_scenarios(SAMPLES, dialect=dialect)
        trials = write_trials([simulate(SAAS, rng=8)], dialect=dialect)
    separator = ";" if dialect == DECIMAL_COMMA else ","
    assert dialect == (DECIMAL_COMMA if language != "ar" else STANDARD)
    assert f"{separator}deal_size_low_{code.lower()}{separator}" in text.split("\r\n", 1)[0]
    assert read_scenarios(text) == SAMPLES
    frame = read_trials(trials)
    assert frame.attrs["currency"] == code
    pd.testing.assert_frame_equal(frame, read_trials(write_trials([simulate(SAAS, rng=8)])), check_flags=False)


# --- the columns' names -------------------------------------------------------------------------------------


def test_the_canonical_header_maps_money_columns_and_leaves_the_rest():
    columns, code = canonical_header(["name", "deal_size_low_sar", "note_sar", "deals_xyz"])
    assert (columns, code) == (["name", "deal_size_low_usd", "note_usd", "deals_xyz"], "SAR")
    known = {"deal_size_low_usd"}.__contains__
    assert canonical_header(["deal_size_low_sar", "note_sar"], known) == (["deal_size_low_usd", "note_sar"], "SAR")
    assert file_currency(["name", "win_rate_low"]) is None
    with pytest.raises(MixedCurrencyError):
        file_currency(["revenue_usd", "costs_gbp"])
