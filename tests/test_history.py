"""History files, fitting, judging, re-forecasting and backtesting."""

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from simulator import Range, Scenario, Target, evaluate, simulate
from simulator.history import (
    HistoryError,
    backtest,
    engine_history,
    fit,
    judge,
    read_history,
    reforecast,
    weights,
)
from tests.conftest import Z_TOLERANCE, proportion_se

FIXTURES = Path(__file__).parent / "fixtures" / "history"
ROOT = Path(__file__).parent.parent
EXPECTED_WON = [11, 10, 12]
EXPECTED_REVENUE = [52000, 48000.5, 61000]


@pytest.mark.parametrize(
    "name", ["clean.csv", "spanish_semicolon_bom.csv", "russian_slash_months.csv", "mixed_month_formats.csv"]
)
def test_messy_but_valid_files_parse_to_the_same_history(name):
    history = read_history(FIXTURES / name)
    assert [str(m) for m in history.data["month"]] == ["2025-01", "2025-02", "2025-03"]
    assert history.data["visits"].tolist() == [4000, 4100, 4300]
    assert history.data["won"].tolist() == EXPECTED_WON
    assert history.data["revenue"].tolist() == EXPECTED_REVENUE
    assert history.problems == []


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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fitting_recovers_the_rates_that_made_the_history(seed):
    history = read_history(engine_history(KNOWN, 36, rng=seed).to_csv(index=False))
    fitted = fit(history)
    for name, true in (("visit_to_lead", 0.04), ("lead_to_qualified", 0.4), ("win_rate", 0.25)):
        numerator, denominator = {
            "visit_to_lead": ("leads", "visits"),
            "lead_to_qualified": ("qualified", "leads"),
            "win_rate": ("won", "qualified"),
        }[name]
        k, n = history.data[numerator].sum(), history.data[denominator].sum()
        posterior = stats.beta(k + 1, n - k + 1)
        # The true rate lies where the posterior puts it: within 4 posterior standard deviations.
        assert abs(posterior.mean() - true) <= Z_TOLERANCE * posterior.std()
        assert fitted.ranges[name].low < posterior.mean() < fitted.ranges[name].high
    assert abs(fitted.traffic_growth) < 0.01
    assert fitted.ranges["traffic"].low < 3000 < fitted.ranges["traffic"].high * 1.02


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


def test_a_reforecast_with_no_actuals_is_the_plain_simulation():
    scenario = replace(KNOWN, target=Target(value=90, deadline_month=3), trials=5000)
    assert reforecast(scenario, 0, 0) == (
        evaluate(simulate(scenario)).probability,
        evaluate(simulate(scenario)).standard_error,
    )


def test_a_reforecast_adds_actuals_to_the_remaining_months():
    scenario = replace(KNOWN, target=Target(value=90, deadline_month=3), trials=20_000, seed=5)
    odds, se = reforecast(scenario, 40, 1)  # 40 deals in month 1; 50 more needed in two months
    expected = stats.poisson.sf(49, 2 * 3000 * 0.04 * 0.4 * 0.25)
    assert abs(odds - expected) <= Z_TOLERANCE * proportion_se(expected, 20_000)
    assert se == pytest.approx(math.sqrt(odds * (1 - odds) / 20_000))


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
