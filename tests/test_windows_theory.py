"""The odds of windowed targets against exact answers from scipy.stats, at 100,000 trials and several seeds.

Known rates, no capacity cap, no sales cycle: visits are Poisson, each later stage binomial, so won deals of any
set of months are Poisson with the months' summed mean, and a rate over a window is a binomial share of a Poisson
count. Each odds is compared with its exact value within Z_TOLERANCE standard errors plus COUNT_SLACK, the
engine's documented error in a count's distribution function.

Every month has its own luck, so targets on any window, not only running totals from month 1, are exact.
"""

import math
from functools import cache

import numpy as np
import pytest
from scipy import stats

from simulator import Metric, Range, Scenario, Target, Window, evaluate, simulate
from tests.conftest import Z_TOLERANCE, proportion_se

TRIALS = 100_000
SEEDS = [11, 2024, 987654]
#: The largest CDF error of the engine's count quantiles for means of 10 or more (README, "The model").
COUNT_SLACK = 0.002
pytestmark = pytest.mark.slow

TRAFFIC, VISIT_TO_LEAD, LEAD_TO_QUALIFIED, WIN_RATE = 2000.0, 0.05, 0.3, 0.25
QUALIFIED_PER_MONTH = TRAFFIC * VISIT_TO_LEAD * LEAD_TO_QUALIFIED  # 30
DEALS_PER_MONTH = QUALIFIED_PER_MONTH * WIN_RATE  # 7.5
FUNNEL = Scenario(
    horizon_months=12,
    traffic=Range.known(TRAFFIC),
    visit_to_lead=Range.known(VISIT_TO_LEAD),
    lead_to_qualified=Range.known(LEAD_TO_QUALIFIED),
    win_rate=Range.known(WIN_RATE),
    deal_size=Range.known(1000.0),
    target=Target(value=1, deadline_month=12),
    trials=TRIALS,
)


@cache
def simulated(seed: int):
    """One simulation per seed: every target below is judged on the same trials (the target is not drawn)."""
    return simulate(FUNNEL, rng=seed)


def assert_odds(target: Target, exact: float, seed: int) -> None:
    odds = evaluate(simulated(seed), target).probability
    tolerance = Z_TOLERANCE * proportion_se(exact, TRIALS) + COUNT_SLACK
    assert abs(odds - exact) <= tolerance, (target.describe(), odds, exact)


def deals(first: int, last: int, value: float, window: Window = Window.MONTHS) -> Target:
    return Target(window=window, start_month=first, deadline_month=last, value=value)


def share_at_least(threshold: float, p: float, counts: np.ndarray, weights: np.ndarray) -> float:
    """P(successes / n >= threshold, n > 0) for n drawn with `weights` over `counts`, successes ~ Binomial(n, p).

    The comparison is the model's own, in floating point: the fewest successes k with k / n >= threshold.
    """
    total = 0.0
    for n, weight in zip(counts, weights, strict=True):
        if n == 0:
            continue  # nothing to divide by: never a hit
        fewest = math.ceil(threshold * n)
        fewest -= (fewest - 1) / n >= threshold  # a float threshold * n just above a whole number
        fewest += fewest / n < threshold
        total += weight * stats.binom.sf(fewest - 1, n, p)
    return total


def poisson_support(mean: float) -> tuple[np.ndarray, np.ndarray]:
    counts = np.arange(max(0, int(mean - 8 * math.sqrt(mean))), int(mean + 8 * math.sqrt(mean)) + 2)
    return counts, stats.poisson.pmf(counts, mean)


# --- running totals from month 1: exact today -------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("quantile", [0.1, 0.5, 0.9])
def test_deals_by_a_deadline_against_poisson(seed, quantile):
    mean = 9 * DEALS_PER_MONTH
    k = stats.poisson.ppf(quantile, mean)
    assert_odds(deals(1, 9, k, Window.BY_DEADLINE), stats.poisson.sf(k - 1, mean), seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_monthly_average_from_month_1_is_the_running_total_over_the_months(seed):
    mean = 12 * DEALS_PER_MONTH
    per_month = 7.75  # at least 93 deals in the year
    assert_odds(deals(1, 12, per_month, Window.AVERAGE), stats.poisson.sf(92, mean), seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("threshold", [0.22, 0.25, 0.28])
def test_win_rate_by_a_deadline_against_a_binomial_share_of_a_poisson_count(seed, threshold):
    counts, weights = poisson_support(3 * QUALIFIED_PER_MONTH)  # no cycle, no cap: every qualified one closes
    exact = share_at_least(threshold, WIN_RATE, counts, weights)
    goal = Target(metric=Metric.WIN_RATE, deadline_month=3, value=threshold)
    assert_odds(goal, exact, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_visit_to_lead_by_a_deadline_against_a_binomial_share_of_a_poisson_count(seed):
    counts, weights = poisson_support(2 * TRAFFIC)
    exact = share_at_least(0.051, VISIT_TO_LEAD, counts, weights)
    assert_odds(Target(metric=Metric.VISIT_TO_LEAD, deadline_month=2, value=0.051), exact, seed)


# --- later months alone ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("quantile", [0.1, 0.5, 0.9])
def test_deals_of_a_quarter_against_poisson(seed, quantile):
    mean = 3 * DEALS_PER_MONTH
    k = stats.poisson.ppf(quantile, mean)
    assert_odds(deals(7, 9, k), stats.poisson.sf(k - 1, mean), seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_run_rate_month_against_poisson(seed):
    # "Monthly deals +10% within a year": month 12 at least 1.10 x today's 7.5 a month, so 9 or more.
    goal = Target(window=Window.MONTHS, start_month=12, deadline_month=12, change_pct=10, baseline=DEALS_PER_MONTH)
    assert_odds(goal, stats.poisson.sf(8, DEALS_PER_MONTH), seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_at_least_one_month_of_the_year_against_independent_months(seed):
    exact = 1 - stats.poisson.cdf(11, DEALS_PER_MONTH) ** 12  # 12 or more deals in some month
    assert_odds(deals(1, 12, 12, Window.ANY_MONTH), exact, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_quarters_monthly_average_against_poisson(seed):
    assert_odds(deals(4, 6, 8, Window.AVERAGE), stats.poisson.sf(23, 3 * DEALS_PER_MONTH), seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_win_rate_of_a_quarter_against_a_binomial_share_of_a_poisson_count(seed):
    counts, weights = poisson_support(3 * QUALIFIED_PER_MONTH)
    exact = share_at_least(0.28, WIN_RATE, counts, weights)
    goal = Target(metric=Metric.WIN_RATE, window=Window.MONTHS, start_month=7, deadline_month=9, value=0.28)
    assert_odds(goal, exact, seed)
