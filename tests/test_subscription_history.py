"""Subscription histories: customer columns read under their common names, bad rows named, churn and expansion
fitted honestly (their 90% ranges cover the truth of synthetic histories 90% of the time), old files unchanged."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulator.files.scenario_csv import read_scenarios
from simulator.history import History, fit, fit_subscription, read_history, subscription_rows, with_customer_base
from simulator.model.scenario import Scenario
from tests.test_cli import run

SAMPLE_DATA = Path(__file__).parent.parent / "sample_data"
FUNNEL = "month,visits,leads,qualified,won"
MONTHS = 24
#: The truth of the synthetic histories: 200 customers at $500, 5 new ones a month at $500 (ACV $6,000).
TRUTH = {"customers": 200, "mrr": 100_000.0, "churn": 0.02, "expansion": 0.005, "expansion_spread": 0.01}


def synthetic(rng) -> History:
    """A history of :data:`MONTHS` months drawn from :data:`TRUTH` (read as the reader would give it)."""
    funnel = pd.DataFrame({"won": [5] * MONTHS, "revenue": [30_000.0] * MONTHS})
    frame = with_customer_base(funnel, **TRUTH, rng=rng)
    frame["month"] = pd.period_range("2024-01", periods=MONTHS, freq="M")
    return History(frame.assign(row=np.arange(2, MONTHS + 2)), [], {})


def within_binomial(hits: int, count: int, p: float = 0.9) -> bool:
    """Whether `hits` of `count` is within 3 standard errors of a `p` coverage."""
    return abs(hits - p * count) <= 3 * np.sqrt(count * p * (1 - p))


def test_the_fitted_ranges_cover_the_truth_nine_times_in_ten():
    count = 400
    covered = {"churn": 0, "expansion": 0}
    for seed in np.random.default_rng(14).spawn(count):
        ranges = fit_subscription(synthetic(seed)).ranges
        for name in covered:
            covered[name] += ranges[name].low <= TRUTH[name] <= ranges[name].high
    assert within_binomial(covered["churn"], count), covered
    assert within_binomial(covered["expansion"], count), covered


def test_the_churn_range_is_the_beta_posterior_of_churned_in_the_customers_at_the_start():
    history = synthetic(3)
    data = history.data
    k, n = data["churned_customers"][1:].sum(), data["customers"][:-1].sum()
    fitted = fit_subscription(history)
    np.testing.assert_allclose(
        [fitted.ranges["churn"].low, fitted.ranges["churn"].high], stats.beta.ppf([0.05, 0.95], k + 1, n - k + 1)
    )
    assert fitted.months_used == {"churn": MONTHS - 1, "expansion": MONTHS - 1}
    assert (fitted.starting_customers, fitted.starting_mrr) == (data["customers"].iloc[-1], data["mrr"].iloc[-1])


def test_recent_months_weigh_more_and_the_last_months_alone_can_be_fitted():
    history = synthetic(5)
    last = fit_subscription(history, last_months=6)
    assert last.months_used == {"churn": 6, "expansion": 6}
    halved = fit_subscription(history, half_life=3).ranges["churn"]
    every = fit_subscription(history).ranges["churn"]
    assert halved.high - halved.low > every.high - every.low  # fewer effective months, a wider range


def test_without_month_to_month_variation_the_expansion_is_found_exactly():
    funnel = pd.DataFrame({"won": [5, 0, 3, 8], "revenue": [30_000.0, 0.0, 20_000.0, 45_000.0]})
    frame = with_customer_base(funnel, customers=100, mrr=50_000.0, churn=0.05, expansion=0.01, rng=1)
    frame["month"] = pd.period_range("2024-01", periods=4, freq="M")
    expansion = fit_subscription(History(frame.assign(row=range(2, 6)), [], {})).ranges["expansion"]
    assert (expansion.low, expansion.high) == pytest.approx((0.01, 0.01), abs=1e-6)


def test_the_sample_history_calibrates_a_subscription_scenario_around_its_truth():
    history = read_history(SAMPLE_DATA / "subscription_history.csv")
    assert history.problems == []
    fitted = fit_subscription(history)
    assert fitted.ranges["churn"].low <= 0.02 <= fitted.ranges["churn"].high
    assert fitted.ranges["expansion"].low <= 0.005 <= fitted.ranges["expansion"].high
    applied = fitted.apply(fit(history).calibrated(Scenario()))
    last = history.data.iloc[-1]
    assert applied.revenue_mode.value == "subscription"
    assert (applied.starting_customers, applied.starting_mrr) == (last["customers"], last["mrr"])
    assert applied.churn.low == pytest.approx(fitted.ranges["churn"].low, rel=1e-3)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Customers,Churned,MRR", ("customers", "churned_customers", "mrr")),
        ("active customers,cancellations,monthly recurring revenue", ("customers", "churned_customers", "mrr")),
        ("Clientes activos,Bajas,Ingresos recurrentes", ("customers", "churned_customers", "mrr")),
        ("Активные клиенты,Отток,Регулярная выручка", ("customers", "churned_customers", "mrr")),
        (
            "customers,new_customers,churned_customers,mrr",
            ("customers", "new_customers", "churned_customers", "mrr"),
        ),
    ],
)
def test_customer_columns_are_read_under_their_common_names(header, expected):
    cells = ",".join(["100", "0", "5000", "0"][: len(expected)])
    history = read_history(f"{FUNNEL},{header}\n2025-01,900,90,30,8,{cells}")
    assert tuple(f for f in history.mapping if f in expected) == expected


#: Two months of a subscription history, the second's customer cells to be replaced.
HEADER = f"{FUNNEL},customers,new customers,churned,mrr"
FIRST = "2025-01,900,90,30,8,100,8,0,50000"


@pytest.mark.parametrize(
    ("second", "column", "fragment"),
    [
        ("105,8,3,-500", "mrr", "-500 is negative; left out"),
        ("0,0,100,500", "mrr", "MRR 500.00 in a month with no customers; left out"),
        (
            "0,8,108,0",
            "churned",
            "108 churned customers exceed the 100 customers at the month's start (2025-01's)",
        ),
        ("105.5,8,3,52000", "customers", "105.5 is not a whole number of customers"),
        ("105,8,3.5,52000", "churned", "3.5 is not a whole number of churned_customers"),
        (
            "110,8,3,52000",
            "customers",
            "110 customers are not the 100 at the month's start, less 3 churned, plus 8",
        ),
        ("105,8,3,lots", "mrr", "'lots' is not a number"),
    ],
)
def test_bad_customer_rows_are_named_by_row_and_column(second, column, fragment):
    history = read_history(f"{HEADER}\n{FIRST}\n2025-02,900,90,30,8,{second}")
    assert [(p.row, p.column) for p in history.problems] == [(3, column)]
    assert fragment in history.problems[0].message


@pytest.mark.parametrize("figure", ["churned", "mrr"])
def test_customer_figures_without_customers_are_reported_and_not_fitted(figure):
    history = read_history(f"{FUNNEL},{figure}\n2025-01,900,90,30,8,3\n2025-02,900,90,30,8,4")
    assert [(p.row, p.column) for p in history.problems] == [(None, figure)]
    assert fit_subscription(history) is None


def test_a_bad_month_is_left_out_of_the_churn_rate_only():
    rows = [FIRST, "2025-02,900,90,30,8,105,8,200,52000", "2025-03,900,90,30,8,110,8,3,54000"]
    history = read_history("\n".join([HEADER, *rows]))
    fitted = fit_subscription(history)
    assert [(p.row, p.column) for p in history.problems] == [(3, "churned")]
    assert fitted.months_used["churn"] == 1  # March, of February's 105 customers
    np.testing.assert_allclose(
        [fitted.ranges["churn"].low, fitted.ranges["churn"].high], stats.beta.ppf([0.05, 0.95], 4, 103)
    )
    assert (fitted.starting_customers, fitted.starting_mrr) == (110, 54_000.0)


def test_old_histories_read_and_fit_as_before():
    history = read_history(SAMPLE_DATA / "history.csv")
    assert not {"customers", "new_customers", "churned_customers", "mrr"} & set(history.mapping)
    assert fit_subscription(history) is None
    # A file that gave its won deals as "customers" (or "new customers") still does.
    for name in ("customers", "new customers", "Clientes"):
        old = read_history(f"month,visits,leads,qualified,{name}\n2025-01,900,90,30,8")
        assert old.mapping["won"] == name
        assert "customers" not in old.mapping
        assert fit_subscription(old) is None


def test_the_command_line_prints_the_fitted_base_and_writes_a_subscription_scenario(tmp_path):
    history = SAMPLE_DATA / "subscription_history.csv"
    done = run("calibrate", history, "--out", tmp_path / "s.csv")
    assert done.returncode == 0, done.stderr
    fitted = fit_subscription(read_history(history))
    assert "Fitted customer base (subscription mode" in done.stdout
    for row in subscription_rows(fitted):
        assert row["Input"] in done.stdout
        assert row["Low (5%)"] in done.stdout
    (written,) = read_scenarios(tmp_path / "s.csv")
    assert written == fitted.apply(fit(read_history(history)).calibrated(Scenario()))
