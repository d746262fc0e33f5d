"""History files, fitting, judging and backtesting (re-forecasting: test_reforecast.py)."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from simulator import Range, Scenario
from simulator.history import (
    HistoryError,
    backtest,
    engine_history,
    fit,
    judge,
    read_history,
    weights,
)
from simulator.model.distributions import Z95
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.fixtures.history import make_encoded

FIXTURES = Path(__file__).parent / "fixtures" / "history"
ROOT = Path(__file__).parent.parent
EXPECTED_WON = [11, 10, 12]
EXPECTED_REVENUE = [52000, 48000.5, 61000]


ENCODED = {  # file -> (encoding, separator, decimal mark) the reader must detect
    "tab_separated.tsv": ("utf-8", "\t", "."),
    "russian_cp1251.csv": ("cp1251", ";", ","),
    "arabic_cp1256.csv": ("cp1256", ",", "."),
    "arabic_unicode_text.txt": ("utf-16", "\t", "\u066b"),
    "spanish_cp1252.csv": ("cp1252", ";", ","),
}


@pytest.mark.parametrize(
    "name",
    ["clean.csv", "spanish_semicolon_bom.csv", "russian_slash_months.csv", "mixed_month_formats.csv", *ENCODED],
)
def test_messy_but_valid_files_parse_to_the_same_history(name):
    history = read_history(FIXTURES / name)
    assert [str(m) for m in history.data["month"]] == ["2025-01", "2025-02", "2025-03"]
    assert history.data["visits"].tolist() == [4000, 4100, 4300]
    assert history.data["won"].tolist() == EXPECTED_WON
    assert history.data["revenue"].tolist() == EXPECTED_REVENUE
    assert history.problems == []


@pytest.mark.parametrize(("name", "detected"), ENCODED.items())
def test_files_from_other_spreadsheets_say_how_they_were_read(name, detected):
    history = read_history(FIXTURES / name)
    assert (history.encoding, history.delimiter, history.decimal_mark) == detected
    assert history.data["leads"].tolist() == [120, 118, 130]
    assert history.data["qualified"].tolist() == [45, 44, 50]
    text, _ = make_encoded.FILES[name]
    assert list(history.header) == text.splitlines()[0].split(detected[1])


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("russian_cp1251.csv", "Read as Windows-1251 (Cyrillic), semicolon-separated, with decimal commas."),
        ("arabic_cp1256.csv", "Read as Windows-1256 (Arabic), comma-separated, with decimal points."),
        (
            "spanish_cp1252.csv",
            "Read as Windows-1252 (Western European), semicolon-separated, with decimal commas.",
        ),
        ("arabic_unicode_text.txt", "Read as UTF-16, tab-separated, with the Arabic decimal separator (٫)."),
        ("messy.csv", "Read as UTF-8, comma-separated."),  # whole numbers only: no decimal mark to report
    ],
)
def test_the_report_says_what_was_detected(name, sentence):
    assert read_history(FIXTURES / name).detected() == sentence


@pytest.mark.parametrize("name", make_encoded.FILES)
def test_encoded_fixtures_are_what_their_script_writes(name):
    assert (FIXTURES / name).read_bytes() == make_encoded.contents(name)


def test_a_messy_file_reports_every_problem_with_its_row_and_drops_nothing_silently():
    history = read_history(FIXTURES / "messy.csv")
    messages = [str(p) for p in history.problems]
    assert any(m.startswith("row 6, month: 'something' is not a month") for m in messages)
    assert any(m.startswith("row 4, visits: -5 is negative") for m in messages)
    assert any(m.startswith("row 5, leads: 'abc' is not a number") for m in messages)
    assert any(m.startswith("row 3, won: won (60) exceed qualified (44)") for m in messages)
    assert any("2025-04 is missing" in m for m in messages)
    assert len(history.data) == 4  # every readable month is kept; bad cells are NaN
    assert history.usable("won", "qualified")["row"].tolist() == [2, 4, 5]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("unmapped.csv", "No column for leads, qualified, won"),  # fecha and sesiones are known names
        ("empty.csv", "empty"),
    ],
)
def test_unreadable_files_give_one_plain_message(name, fragment):
    with pytest.raises(HistoryError, match=fragment):
        read_history(FIXTURES / name)


def test_an_unmatched_header_travels_with_the_error_so_the_page_never_parses_it_again():
    text, encoding = make_encoded.FILES["russian_cp1251.csv"]
    renamed = text.replace("Сделки", "Продажи")  # not a known name for won deals
    with pytest.raises(HistoryError) as caught:
        read_history(renamed.encode(encoding))
    assert caught.value.header == ("Месяц", "Визиты", "Лиды", "Квалифицированные", "Продажи", "Выручка")
    assert caught.value.missing == ("won",)
    history = read_history(renamed.encode(encoding), {"won": "Продажи"})
    assert history.data["won"].tolist() == EXPECTED_WON


def test_a_mapping_that_names_a_column_the_file_lacks_is_a_message_not_a_key_error():
    with pytest.raises(HistoryError, match="no column 'periodo_x'"):
        read_history(FIXTURES / "clean.csv", {"month": "periodo_x"})


@pytest.mark.parametrize(
    ("dates", "months"),
    [
        (["1/1/2025", "2/1/2025", "3/1/2025"], ["2025-01", "2025-02", "2025-03"]),  # US, first of the month
        (["01/01/2025", "01/02/2025", "01/03/2025"], ["2025-01", "2025-02", "2025-03"]),  # day first
        (["1/31/2025", "2/28/2025", "3/31/2025"], ["2025-01", "2025-02", "2025-03"]),  # US, last day
        (["31/1/2025", "28/2/2025", "31/3/2025"], ["2025-01", "2025-02", "2025-03"]),
        (["12/1/2024", "1/1/2025", "2/1/2025"], ["2024-12", "2025-01", "2025-02"]),  # across a year
        (["5/5/2025", "6/6/2025"], ["2025-05", "2025-06"]),  # either way the same
    ],
)
def test_full_dates_are_read_the_way_the_whole_file_writes_them(dates, months):
    text = "month,visits,leads,qualified,won\n" + "".join(f"{d},100,10,4,1\n" for d in dates)
    assert [str(m) for m in read_history(text).data["month"]] == months


# A month's funnel: visits, then each later stage at most the one before (0 and 2^53 - 1 included), revenue.
month_counts = st.lists(st.integers(0, 2**53 - 1), min_size=4, max_size=4).map(lambda c: sorted(c, reverse=True))
money = st.one_of(st.just(0.0), st.floats(0, 2**53 - 1, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(month_counts, money), min_size=1, max_size=6), st.booleans())
def test_whatever_a_history_holds_the_fit_applies_to_a_scenario_the_model_accepts(months, same_month):
    rows = [
        f"{'2025-01' if same_month else f'2025-{i + 1:02d}'},{','.join(map(str, counts))},{revenue!r}"
        for i, (counts, revenue) in enumerate(months)
    ]
    fitted = fit(read_history("month,visits,leads,qualified,won,revenue\n" + "\n".join(rows)))
    scenario = fitted.apply(Scenario())  # a value the model refuses would raise InputError here
    assert -0.99 <= scenario.traffic_growth <= 10
    assert all(isinstance(note, str) and note for note in fitted.notes)


def test_a_mapping_step_reads_unknown_headers():
    mapping = {"visits": "sesiones", "leads": "x", "qualified": "y", "won": "z"}
    history = read_history(FIXTURES / "unmapped.csv", mapping)
    assert history.data["won"].tolist() == [1]


def test_the_sample_history_has_24_months_with_trend_and_seasonality():
    history = read_history(ROOT / "sample_data" / "history.csv")
    assert len(history.data) == 24
    assert history.problems == []
    visits = history.data["visits"].to_numpy()
    assert visits[12:].sum() > visits[:12].sum()  # growth
    november, august = visits[10], visits[7]
    assert november > 1.3 * august  # seasonality


KNOWN = Scenario(
    traffic=Range.known(3000.0),
    visit_to_lead=Range.known(0.04),
    lead_to_qualified=Range.known(0.4),
    win_rate=Range.known(0.25),
    deal_size=Range(1000.0, 4000.0),
)


# A tiny history whose counts are summed by hand below. Row 4 breaks the funnel (qualified > leads), so it is
# left out of lead -> qualified only; row 5 has no leads, so it is left out of both rates that need them.
HAND_MADE = """month,visits,leads,qualified,won
2025-01,1000,40,12,3
2025-02,1200,50,20,6
2025-03,900,30,35,5
2025-04,1100,,10,2
"""


@pytest.mark.parametrize(
    ("options", "name", "k", "n", "months"),
    [
        ({}, "visit_to_lead", 40 + 50 + 30, 1000 + 1200 + 900, 3),
        ({}, "lead_to_qualified", 12 + 20, 40 + 50, 2),
        ({}, "win_rate", 3 + 6 + 5 + 2, 12 + 20 + 35 + 10, 4),
        ({"last_months": 2}, "visit_to_lead", 50 + 30, 1200 + 900, 2),
        ({"last_months": 2}, "win_rate", 5 + 2, 35 + 10, 2),
        # halving every month, newest first: weights 1, 1/2, 1/4, 1/8
        ({"half_life": 1}, "win_rate", 2 + 5 / 2 + 6 / 4 + 3 / 8, 10 + 35 / 2 + 20 / 4 + 12 / 8, 4),
    ],
)
def test_a_fitted_rate_is_the_beta_range_of_the_counts_summed_by_hand(options, name, k, n, months):
    fitted = fit(read_history(HAND_MADE), **options)
    low, high = stats.beta.ppf([0.05, 0.95], k + 1, n - k + 1)
    assert (fitted.ranges[name].low, fitted.ranges[name].high) == pytest.approx((low, high), rel=1e-12)
    assert fitted.months_used[name] == months


TRUE_RATES = {"visit_to_lead": 0.04, "lead_to_qualified": 0.4, "win_rate": 0.25}
COVERAGE_HISTORIES = 200


@pytest.mark.slow
def test_fitted_90_percent_ranges_contain_the_true_rate_90_percent_of_the_time():
    seeds = np.random.SeedSequence(2025).spawn(COVERAGE_HISTORIES)
    fits = [fit(read_history(engine_history(KNOWN, 12, rng=seed).to_csv(index=False))) for seed in seeds]
    for name, true in TRUE_RATES.items():
        assert getattr(KNOWN, name) == Range.known(true)
        inside = np.mean([f.ranges[name].low <= true <= f.ranges[name].high for f in fits])
        assert abs(inside - 0.9) <= Z_TOLERANCE * proportion_se(0.9, COVERAGE_HISTORIES), (name, inside)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fitted_traffic_matches_the_poisson_visits_that_made_it(seed):
    months = 36
    fitted = fit(read_history(engine_history(KNOWN, months, rng=seed).to_csv(index=False)))
    # Known traffic of 3000 a month with no growth: visits are Poisson(3000), so log(visits) has standard
    # deviation sigma ~ 1/sqrt(3000), and a least-squares line through `months` of them has known errors.
    sigma = 1 / math.sqrt(3000)
    t = np.arange(months)
    sxx = float(np.sum((t - t.mean()) ** 2))
    slope_se = sigma / math.sqrt(sxx)
    next_month_se = sigma * math.sqrt(1 / months + (months - t.mean()) ** 2 / sxx)
    low, high = fitted.ranges["traffic"].low, fitted.ranges["traffic"].high
    level, spread = math.sqrt(low * high), math.log(high / low) / (2 * Z95)
    assert abs(math.log1p(fitted.traffic_growth)) <= Z_TOLERANCE * slope_se
    assert abs(math.log(level / 3000)) <= Z_TOLERANCE * next_month_se
    # The spread is a standard deviation estimated from `months` residuals: its standard error is about
    # sigma / sqrt(2 * (months - 2)).
    assert abs(spread - sigma) <= Z_TOLERANCE * sigma / math.sqrt(2 * (months - 2))


def test_recency_weights():
    assert weights(5, last_months=2).tolist() == [0, 0, 0, 1, 1]
    assert weights(3).tolist() == [1, 1, 1]


def test_judge_counts_past_periods_that_grew_as_much():
    history = read_history(engine_history(KNOWN, 24, rng=4).to_csv(index=False))
    quarters = history.data["won"].to_numpy().reshape(8, 3).sum(axis=1)
    target = quarters[-1] * 1.2
    judgement = judge(history, "won", target, 3)
    growth = np.diff(quarters) / quarters[:-1]
    assert judgement.periods_that_grew_as_much == int((growth >= 0.2 - 1e-12).sum())
    assert judgement.periods_compared == 7
    assert judgement.best == quarters.max()
    assert judgement.growth_vs_last == pytest.approx(0.2)
    assert judgement.growth_vs_last_year == pytest.approx(target / quarters[-4] - 1)


@pytest.mark.slow
def test_a_backtest_on_engine_made_history_is_calibrated():
    results = [
        backtest(read_history(engine_history(KNOWN, 60, rng=seed).to_csv(index=False)), KNOWN)
        for seed in (1, 2, 3)
    ]
    periods = sum(len(r.forecasts) for r in results)
    coverage = sum(r.coverage * len(r.forecasts) for r in results) / periods
    # 80% P10-P90 coverage, within Z_TOLERANCE standard errors; whole-number deals make it lean high.
    assert abs(coverage - 0.8) <= Z_TOLERANCE * proportion_se(0.8, periods)
    assert all(r.brier < 0.25 for r in results)  # better than always saying 50%
